package io.switchboard.dataset;

/** List price of a model in USD per million input and output tokens. */
public record ModelPrice(String model, double inputUsdPerMillion, double outputUsdPerMillion) {

  /** Cost in USD of a call with the given token counts. */
  public double costUsd(long inputTokens, long outputTokens) {
    return (inputTokens * inputUsdPerMillion + outputTokens * outputUsdPerMillion) / 1_000_000.0;
  }
}
