package io.switchboard.simulated.faults;

/**
 * Faults to inject, as set in configuration or by {@code POST /admin/faults}.
 *
 * @param errorRate share of completion requests answered with HTTP 500 (OpenAI-shaped error body),
 *     0..1
 * @param addedLatencyMs wall-clock milliseconds added to every time to first token
 * @param hang completion requests are accepted but never answered
 * @param disconnectRate share of streaming responses whose connection is dropped after the first
 *     chunk, 0..1
 * @param slowStartSeconds {@code /health} answers 503 for this long (from boot, or from the admin
 *     call)
 * @param crash the next completion request makes the process exit with status 1 (only honoured when
 *     crashing is explicitly allowed by {@code sim.faults.allow-crash})
 */
public record Faults(
    double errorRate,
    long addedLatencyMs,
    boolean hang,
    double disconnectRate,
    long slowStartSeconds,
    boolean crash) {

  public static final Faults NONE = new Faults(0, 0, false, 0, 0, false);

  /** Problems with the values, empty when valid. */
  public String problems(boolean crashAllowed) {
    StringBuilder problems = new StringBuilder();
    if (!(errorRate >= 0 && errorRate <= 1)) {
      problems.append("errorRate must be in [0, 1]; ");
    }
    if (!(disconnectRate >= 0 && disconnectRate <= 1)) {
      problems.append("disconnectRate must be in [0, 1]; ");
    }
    if (addedLatencyMs < 0) {
      problems.append("addedLatencyMs must not be negative; ");
    }
    if (slowStartSeconds < 0) {
      problems.append("slowStartSeconds must not be negative; ");
    }
    if (crash && !crashAllowed) {
      problems.append("crash is disabled (start with sim.faults.allow-crash=true to allow it); ");
    }
    return problems.toString().replaceAll("; $", "");
  }
}
