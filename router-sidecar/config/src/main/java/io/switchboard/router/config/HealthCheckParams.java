package io.switchboard.router.config;

/**
 * Active health checks: {@code GET expert.healthPath} every {@code intervalMs} (only for experts
 * that set a healthPath). An expert becomes unhealthy after {@code unhealthyThreshold} failed
 * checks in a row and healthy again after {@code healthyThreshold} successes.
 */
public record HealthCheckParams(
    Long intervalMs, Long timeoutMs, Integer unhealthyThreshold, Integer healthyThreshold) {
  public static final HealthCheckParams DEFAULT = new HealthCheckParams(null, null, null, null);

  public HealthCheckParams {
    intervalMs = intervalMs == null ? 5_000L : intervalMs;
    timeoutMs = timeoutMs == null ? 1_000L : timeoutMs;
    unhealthyThreshold = unhealthyThreshold == null ? 2 : unhealthyThreshold;
    healthyThreshold = healthyThreshold == null ? 1 : healthyThreshold;
  }
}
