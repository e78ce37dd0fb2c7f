package io.switchboard.router.core.strategy.federated;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.config.InvalidRouterConfigException;
import io.switchboard.router.config.Mode;
import io.switchboard.router.config.RouterConfig;
import io.switchboard.router.config.RouterConfigCodec;
import io.switchboard.router.config.RouterConfigValidator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FederatedConfigValidationTest {

  private static final String PEER = "https://router.eu.example";

  private static RouterConfig parse(String federated, String experts)
      throws InvalidRouterConfigException {
    String json =
        """
                {"apiVersion": "switchboard.io/router-config/v1",
                 "policy": {"name": "g", "virtualModel": "g", "mode": "federated", "params": {"federated": %s}},
                 "experts": [%s]}"""
            .formatted(federated, experts);
    return new RouterConfigCodec().parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> problems(String federated, String experts) {
    try {
      return new RouterConfigValidator().validate(parse(federated, experts));
    } catch (InvalidRouterConfigException e) {
      return List.of(e.getMessage());
    }
  }

  private static final String LOCAL =
      "{\"name\": \"llama\", \"model\": \"l\", \"endpoint\": \"http://llama:8000\"}";
  private static final String PEER_POOL =
      "{\"name\": \"peer-eu\", \"model\": \"g\", \"endpoint\": \"" + PEER + "/\"}";

  @Test
  void localModeDefaultsToBanditAndAFullConfigIsValid() throws InvalidRouterConfigException {
    String federated = "{\"peers\": [\"" + PEER + "\"], \"offloadWhenSaturated\": true}";
    assertThat(problems(federated, LOCAL + "," + PEER_POOL)).isEmpty();
    assertThat(parse(federated, LOCAL + "," + PEER_POOL).policy().params().federated().localMode())
        .isEqualTo(Mode.BANDIT);
  }

  @Test
  void refusesAFederatedLocalModeAndValidatesTheLocalModesBlock() {
    assertThat(problems("{\"peers\": [\"" + PEER + "\"], \"localMode\": \"federated\"}", LOCAL))
        .anySatisfy(p -> assertThat(p).contains("policy.params.federated.localMode"));
    // classifier needs its modelFile: the local mode's own block is checked like the active mode's.
    assertThat(problems("{\"peers\": [\"" + PEER + "\"], \"localMode\": \"classifier\"}", LOCAL))
        .anySatisfy(p -> assertThat(p).contains("policy.params.classifier.modelFile"));
  }

  @Test
  void offloadNeedsAPeerPoolAndDecisionsNeedALocalExpert() {
    assertThat(problems("{\"peers\": [\"" + PEER + "\"], \"offloadWhenSaturated\": true}", LOCAL))
        .anySatisfy(p -> assertThat(p).contains("policy.params.federated.offloadWhenSaturated"));
    assertThat(problems("{\"peers\": [\"" + PEER + "\"]}", PEER_POOL))
        .anySatisfy(p -> assertThat(p).contains("at least one local chat expert"));
  }
}
