package io.switchboard.operator.routingpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterControlTokensTest {

  private static RoutingPolicy policy(String namespace, String name) {
    RoutingPolicy policy = new RoutingPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    return policy;
  }

  @Test
  void onePerPolicyDerivedFromTheKeyAndOnlyTheirHashIsPublished(@TempDir Path dir)
      throws Exception {
    Path key = dir.resolve("key");
    Files.writeString(key, "k".repeat(40) + "\n");
    RouterControlTokens tokens = new RouterControlTokens(Optional.of(key));

    String chat = tokens.token(policy("team-a", "chat")).orElseThrow();
    assertThat(chat).hasSize(64).isEqualTo(tokens.token(policy("team-a", "chat")).orElseThrow());
    assertThat(tokens.token(policy("team-b", "chat"))).isPresent().get().isNotEqualTo(chat);
    assertThat(tokens.token(policy("team-a", "chat2"))).isPresent().get().isNotEqualTo(chat);
    assertThat(tokens.tokenSha256(policy("team-a", "chat")))
        .contains(
            HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(chat.getBytes(java.nio.charset.StandardCharsets.UTF_8))));

    Files.writeString(key, "r".repeat(40)); // rotation: read again on every use
    assertThat(tokens.token(policy("team-a", "chat"))).isPresent().get().isNotEqualTo(chat);
  }

  @Test
  void noUsableKeyLeavesTheExchangeOpen(@TempDir Path dir) throws Exception {
    assertThat(RouterControlTokens.none().token(policy("ns", "p"))).isEmpty();
    assertThat(
            new RouterControlTokens(Optional.of(dir.resolve("missing")))
                .tokenSha256(policy("ns", "p")))
        .isEmpty();
    Path shortKey = Files.writeString(dir.resolve("short"), "too short");
    assertThat(new RouterControlTokens(Optional.of(shortKey)).token(policy("ns", "p"))).isEmpty();
  }
}
