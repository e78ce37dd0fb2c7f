package io.switchboard.simulated.latency;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Size of the simulated model.
 *
 * @param totalParamsBillions all weights (memory footprint)
 * @param activeParamsBillions weights used per token (equal to total for dense models, smaller for
 *     MoE)
 */
public record ModelProfile(double totalParamsBillions, double activeParamsBillions) {

  /** Hosted models whose size is not published are simulated as a 70B-class dense deployment. */
  public static final ModelProfile UNKNOWN_HOSTED = new ModelProfile(70, 70);

  private static final Pattern MOE = Pattern.compile("(\\d+)x(\\d+(?:\\.\\d+)?)b");
  private static final Pattern DENSE = Pattern.compile("(?<![\\d.])(\\d+(?:\\.\\d+)?)b(?![a-z])");

  /**
   * Guesses the size from a model name: Mixtral-style {@code 8x7b}/{@code 8x22b} use Mistral's
   * published totals (46.7B total / 12.9B active, 141B / 39B); other {@code NxSb} MoE names assume
   * top-2 routing with ~1/6 of the weights shared; {@code 13b}, {@code 7B}, {@code 70b} are dense
   * sizes; anything else is {@link #UNKNOWN_HOSTED}.
   */
  public static ModelProfile fromName(String model) {
    String lower = model.toLowerCase(Locale.ROOT);
    Matcher moe = MOE.matcher(lower);
    if (moe.find()) {
      int experts = Integer.parseInt(moe.group(1));
      double expertSize = Double.parseDouble(moe.group(2));
      if (experts == 8 && expertSize == 7) {
        return new ModelProfile(46.7, 12.9);
      }
      if (experts == 8 && expertSize == 22) {
        return new ModelProfile(141, 39);
      }
      double shared = expertSize / 6;
      return new ModelProfile(
          shared + experts * (expertSize - shared), shared + 2 * (expertSize - shared));
    }
    Matcher dense = DENSE.matcher(lower);
    if (dense.find()) {
      double size = Double.parseDouble(dense.group(1));
      return new ModelProfile(size, size);
    }
    return UNKNOWN_HOSTED;
  }
}
