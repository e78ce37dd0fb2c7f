package io.switchboard.router.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.config.InvalidRouterConfigException;
import io.switchboard.router.config.RouterConfig;
import io.switchboard.router.config.RouterConfigCodec;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.spi.StrategyContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The router loads a policy's prompt encoder at activation exactly when its strategy will ask for
 * embeddings.
 */
class EmbedsPromptsTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "weighted   | {}                                                                             | false",
        "bandit     | {}                                                                             | true",
        "capability | {}                                                                             | true",
        "cascade    | {\"cascade\": {\"order\": [\"small\", \"large\"]}}                             | false",
        "llm        | {\"llm\": {\"routerExpert\": \"small\", \"cache\": {\"semanticThreshold\": 1}}} | false",
        "llm        | {\"llm\": {\"routerExpert\": \"small\"}}                                        | true",
        "llm        | {\"llm\": {\"routerExpert\": \"small\", \"fallbackMode\": \"bandit\", \"cache\": {\"semanticThreshold\": 1}}} | true",
        "federated  | {\"federated\": {\"peers\": [\"http://peer:8080\"], \"localMode\": \"weighted\"}} | false",
        "federated  | {\"federated\": {\"peers\": [\"http://peer:8080\"]}}                           | true",
      })
  void onlyStrategiesThatAskForEmbeddingsSaySo(String mode, String params, boolean embeds) {
    assertThat(strategy(mode, params).embedsPrompts()).isEqualTo(embeds);
  }

  private RoutingStrategy strategy(String mode, String params) {
    String json =
        """
                {"apiVersion": "switchboard.io/router-config/v1",
                 "policy": {"name": "p", "virtualModel": "auto", "mode": "%s", "params": %s},
                 "experts": [
                   {"name": "small", "model": "s", "endpoint": "http://127.0.0.1:9001"},
                   {"name": "large", "model": "l", "endpoint": "http://127.0.0.1:9002"}]}
                """
            .formatted(mode, params);
    RouterConfig config;
    try {
      config = new RouterConfigCodec().parse(json.getBytes(StandardCharsets.UTF_8));
    } catch (InvalidRouterConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
    float[] unit = new float[384];
    unit[0] = 1;
    StrategyContext context =
        new StrategyContext(
            config,
            null,
            text -> unit.clone(),
            Clock.systemUTC(),
            new SplittableRandom(1),
            dir,
            BuiltInStrategies.catalog());
    return BuiltInStrategies.catalog().create(config.policy().mode(), context);
  }
}
