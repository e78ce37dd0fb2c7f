package io.switchboard.operator.routingpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default control key: generated once into a Secret, shared by restarts and replicas. */
@EnableKubernetesMockClient(crud = true)
class GeneratedControlKeyTest {
  private static final String NS = "switchboard-system";
  private static final String NAME = "switchboard-router-control-key";

  KubernetesClient client;
  private final MutableClock clock = new MutableClock();

  private static RoutingPolicy policy() {
    RoutingPolicy policy = new RoutingPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withNamespace("team-a").withName("chat").build());
    return policy;
  }

  private RouterControlTokens tokens() {
    return new RouterControlTokens(new GeneratedControlKey(client, NS, NAME, clock));
  }

  @Test
  void theFirstOperatorCreatesTheKeyAndEveryLaterOneUsesIt() {
    String token = tokens().token(policy()).orElseThrow();

    var secret = client.secrets().inNamespace(NS).withName(NAME).get();
    assertThat(secret).isNotNull();
    assertThat(secret.getData()).containsOnlyKeys(GeneratedControlKey.DATA_KEY);
    // A restarted operator (or a second replica) derives the same tokens from the same Secret.
    assertThat(tokens().token(policy())).contains(token);
  }

  @Test
  void deletingTheSecretRotatesTheKeyOnTheNextRead() {
    RouterControlTokens tokens = tokens();
    String before = tokens.token(policy()).orElseThrow();
    client.secrets().inNamespace(NS).withName(NAME).delete();

    assertThat(tokens.token(policy())).contains(before); // read at most once a minute
    clock.advance(GeneratedControlKey.REREAD_AFTER);
    assertThat(tokens.token(policy())).isPresent().get().isNotEqualTo(before);
  }

  @Test
  void aSecretWithoutAUsableKeyIsNotOverwrittenAndLeavesNoToken() {
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(NAME)
                .endMetadata()
                .withStringData(Map.of("key", "short"))
                .build())
        .create();

    assertThat(tokens().token(policy())).isEmpty();
    assertThat(client.secrets().inNamespace(NS).withName(NAME).get().getMetadata().getLabels())
        .isNullOrEmpty();
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-12-03T12:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
