package io.switchboard.e2e.run;

import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import java.util.List;

/**
 * An expert of the pool as the harness needs it: the recorded model it answers as, and its list
 * prices.
 */
public record PoolExpert(
    String name, String model, double inputUsdPerMillion, double outputUsdPerMillion) {

  public static List<PoolExpert> of(ExpertPool pool) {
    return pool.getSpec().experts().stream()
        .map(
            e ->
                new PoolExpert(
                    e.name(),
                    e.model(),
                    e.pricing() == null || e.pricing().inputPerMillionTokens() == null
                        ? 0
                        : e.pricing().inputPerMillionTokens(),
                    e.pricing() == null || e.pricing().outputPerMillionTokens() == null
                        ? 0
                        : e.pricing().outputPerMillionTokens()))
        .toList();
  }

  public double costUsd(long promptTokens, long completionTokens) {
    return (promptTokens * inputUsdPerMillion + completionTokens * outputUsdPerMillion)
        / 1_000_000.0;
  }
}
