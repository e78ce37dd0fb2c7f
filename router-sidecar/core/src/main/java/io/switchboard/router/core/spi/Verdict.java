package io.switchboard.router.core.spi;

/**
 * Result of an {@link EscalationCheck}.
 *
 * @param accept true to send this answer, false to escalate
 * @param confidence the confidence that was compared with the threshold, in [0,1] (NaN if not
 *     applicable)
 * @param reason short low-cardinality reason, e.g. {@code low-logprob}
 */
public record Verdict(boolean accept, double confidence, String reason) {
  public static Verdict accept(double confidence, String reason) {
    return new Verdict(true, confidence, reason);
  }

  public static Verdict escalate(double confidence, String reason) {
    return new Verdict(false, confidence, reason);
  }
}
