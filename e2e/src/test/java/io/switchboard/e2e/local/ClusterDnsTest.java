package io.switchboard.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterDnsTest {

  private final ClusterDns dns = new ClusterDns();

  @Test
  void rewritesEveryServiceUrlFormItCanResolve() {
    dns.register("default", "pool-gpt-4", Map.of(8000, 41001));
    dns.register("other", "judge", Map.of(80, 41002));
    String config =
        """
        {"a":"http://pool-gpt-4.default.svc:8000/v1","b":"http://pool-gpt-4.default.svc.cluster.local:8000",
         "c":"http://pool-gpt-4:8000","d":"http://judge.other:80/x","e":"https://api.openai.com",
         "f":"http://pool-gpt-4.default.svc:9999","g":"http://missing.default.svc:8000"}""";
    assertThat(dns.rewrite(config, "default"))
        .contains(
            "\"a\":\"http://127.0.0.1:41001/v1\"",
            "\"b\":\"http://127.0.0.1:41001\"",
            "\"c\":\"http://127.0.0.1:41001\"",
            "\"d\":\"http://127.0.0.1:41002/x\"",
            "\"e\":\"https://api.openai.com\"",
            "\"f\":\"http://pool-gpt-4.default.svc:9999\"",
            "\"g\":\"http://missing.default.svc:8000\"");
  }

  @Test
  void unregisteredServicesStopResolving() {
    dns.register("default", "svc", Map.of(80, 40000));
    dns.unregister("default", "svc");
    assertThat(dns.resolve("default", "svc", 80)).isEmpty();
  }
}
