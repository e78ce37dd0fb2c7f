package io.switchboard.router;

/** Router configs used by the tests. */
public final class TestConfigs {
  private TestConfigs() {}

  static String expert(MockExperts m, String name, String kind, double weight, int priority) {
    return "{\"name\":\""
        + name
        + "\",\"model\":\""
        + name
        + "-model\",\"endpoint\":\""
        + m.url(kind)
        + "\",\"weight\":"
        + weight
        + ",\"priority\":"
        + priority
        + ",\"inputUsdPerMillion\":1.0,\"outputUsdPerMillion\":2.0}";
  }

  /**
   * Weighted policy "auto": fast (priority 0) and fast2 (weight 0 standby), direct experts for
   * every failure mode.
   */
  public static String weighted(MockExperts m) {
    return weighted(m, "\"fallback\":[\"fast\"]", "");
  }

  public static String weighted(MockExperts m, String policyExtra, String rootExtra) {
    return "{\"apiVersion\":\"switchboard.io/router-config/v1\",\"policy\":{\"name\":\"test\",\"namespace\":\"ns\",\"virtualModel\":\"auto\","
        + "\"mode\":\"weighted\",\"retries\":{\"attempts\":1,\"backoffMs\":1},"
        + "\"timeouts\":{\"connectMs\":500,\"firstByteMs\":1000,\"totalMs\":3000},"
        + "\"circuitBreaker\":{\"consecutiveFailures\":3,\"openMs\":60000},\"maxBodyBytes\":20000"
        + (policyExtra.isEmpty() ? "" : "," + policyExtra)
        + "},"
        + "\"experts\":["
        + expert(m, "fast", "fast", 1, 0)
        + ","
        + expert(m, "fast2", "fast2", 0, 0)
        + ","
        + expert(m, "slow", "slow", 0, 5)
        + ","
        + expert(m, "error", "error", 0, 5)
        + ","
        + expert(m, "garbage", "garbage", 0, 5)
        + ","
        + expert(m, "drop", "drop", 0, 5)
        + ","
        + expert(m, "nousage", "nousage", 0, 5)
        + ","
        + expert(m, "trickle", "trickle", 0, 5)
        + ","
        + "{\"name\":\"embed\",\"model\":\"embed-model\",\"kind\":\"embedding\",\"endpoint\":\""
        + m.url("fast")
        + "\"}]"
        + (rootExtra.isEmpty() ? "" : "," + rootExtra)
        + "}";
  }
}
