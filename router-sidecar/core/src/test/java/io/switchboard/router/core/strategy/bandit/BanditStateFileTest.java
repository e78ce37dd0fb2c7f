package io.switchboard.router.core.strategy.bandit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BanditStateFileTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static BanditState learned() {
    ContextualBandit bandit = new ContextualBandit("linucb", 1.0, 3, 1.0, new SplittableRandom(1));
    bandit.update("a", new double[] {1, 0, 1}, 0.8);
    bandit.update("b", new double[] {0, 1, 1}, 0.2);
    return bandit.snapshot();
  }

  @Test
  void restoresOnlyWhatWasLearnedOverTheSameEmbeddingSpace(@TempDir Path dir) {
    Path file = dir.resolve("state.json");
    new BanditStateFile(file, JSON, "minilm-static/tail128").write(learned());

    assertThat(new BanditStateFile(file, JSON, "minilm-static/tail128").read())
        .hasValueSatisfying(s -> assertThat(s.arms().get("a").pulls()).isEqualTo(1));
    assertThat(new BanditStateFile(file, JSON, "minilm/tail128").read()).isEmpty();
  }

  @Test
  void aBareStateFromBeforeTheFieldExistedBelongsToTheDefaultEncoder(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("legacy.json");
    Files.writeString(file, JSON.writeValueAsString(learned()));

    assertThat(new BanditStateFile(file, JSON).read())
        .hasValueSatisfying(s -> assertThat(s.arms().keySet()).containsExactlyInAnyOrder("a", "b"));
    assertThat(new BanditStateFile(file, JSON, "minilm-static/tail128").read()).isEmpty();
  }

  @Test
  void replicasOfAnotherEmbeddingSpaceHaveAnotherFingerprint() {
    ContextualBandit bandit = new ContextualBandit("linucb", 1.0, 3, 1.0, new SplittableRandom(1));
    assertThat(new ReplicatedBandit(bandit, null, 1, "minilm/tail128").fingerprint())
        .isEqualTo(new ReplicatedBandit(bandit, null, 1).fingerprint())
        .isNotEqualTo(new ReplicatedBandit(bandit, null, 1, "minilm-static/tail128").fingerprint())
        .endsWith("/embedding=minilm/tail128");
  }
}
