package io.switchboard.router.eval;

import java.util.Map;

/**
 * One routing decision to replay: the text the router sees, and each expert's recorded quality
 * (rescaled to [0, 1]) and cost (USD, recorded or estimated from list prices).
 *
 * @param id prompt id (for MT-Bench: the question id; both turns are one decision)
 * @param category task or subject (reporting only: the router never sees it)
 * @param routingText what the router routes on (MT-Bench: turn 1)
 */
public record EvalPrompt(
    String id,
    String category,
    String routingText,
    Map<String, Double> quality,
    Map<String, Double> costUsd) {

  public EvalPrompt {
    quality = Map.copyOf(quality);
    costUsd = Map.copyOf(costUsd);
  }

  public boolean answeredBy(String expert) {
    return quality.containsKey(expert);
  }
}
