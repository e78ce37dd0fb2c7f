package io.switchboard.router.core.strategy.bandit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BanditReplicaLearningTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private ReplicatedBandit replica(String name, int dimension) {
    ContextualBandit bandit =
        new ContextualBandit("linucb", 0.5, dimension, 1.0, new SplittableRandom(1));
    return new ReplicatedBandit(bandit, new BanditStateFile(dir.resolve(name + ".json"), JSON), 1);
  }

  private static void learn(ReplicatedBandit strategy, long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    int d = strategy.snapshot().dimension();
    for (int i = 0; i < n; i++) {
      double[] x = new double[d];
      for (int j = 0; j < d - 1; j++) {
        x[j] = random.nextDouble();
      }
      x[d - 1] = 1;
      strategy.learn(random.nextBoolean() ? "small" : "large", x, random.nextDouble());
    }
  }

  @Test
  void anAdoptedDepartedReplicaBecomesOwnLearningAndSurvivesARestart() {
    ReplicatedBandit departed = replica("departed", 3);
    ReplicatedBandit heir = replica("heir", 3);
    ReplicatedBandit all = replica("all", 3);
    learn(departed, 1, 300);
    learn(heir, 2, 200);
    learn(all, 1, 300);
    learn(all, 2, 200);

    heir.adopt(departed.localState());

    for (String arm : new String[] {"small", "large"}) {
      assertThat(heir.snapshot().arms().get(arm).a())
          .containsExactly(all.snapshot().arms().get(arm).a(), within(1e-9));
      assertThat(JSON.convertValue(heir.localState(), BanditState.class).arms().get(arm).pulls())
          .as("adopted statistics are this replica's own, shared with its peers")
          .isEqualTo(all.snapshot().arms().get(arm).pulls());
    }
    assertThat(replica("heir", 3).snapshot().arms().get("small").pulls())
        .as("persisted at once")
        .isEqualTo(all.snapshot().arms().get("small").pulls());
    assertThatThrownBy(() -> heir.adopt(replica("other", 4).localState()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void replicasThatExchangeLocalStatesDecideLikeOneLearnerThatSawAllTraffic() {
    ReplicatedBandit a = replica("a", 3);
    ReplicatedBandit b = replica("b", 3);
    ReplicatedBandit all = replica("all", 3);
    learn(a, 1, 300);
    learn(b, 2, 200);
    learn(all, 1, 300);
    learn(all, 2, 200);

    a.replacePeerStates(Map.of("b", b.localState()));
    b.replacePeerStates(Map.of("a", a.localState()));

    for (String arm : new String[] {"small", "large"}) {
      assertThat(a.snapshot().arms().get(arm).a())
          .containsExactly(all.snapshot().arms().get(arm).a(), within(1e-9));
      assertThat(a.snapshot().arms().get(arm).b())
          .containsExactly(all.snapshot().arms().get(arm).b(), within(1e-9));
      assertThat(b.snapshot().arms().get(arm).pulls())
          .isEqualTo(all.snapshot().arms().get(arm).pulls());
    }
  }

  @Test
  void anExchangeIsIdempotentAndLocalLearningContinuesOnTop() {
    ReplicatedBandit a = replica("a", 3);
    ReplicatedBandit b = replica("b", 3);
    learn(b, 2, 100);
    JsonNode fromB = b.localState();

    a.replacePeerStates(Map.of("b", fromB));
    a.replacePeerStates(Map.of("b", fromB));
    learn(a, 3, 50);

    long pulls = a.snapshot().arms().values().stream().mapToLong(BanditState.Arm::pulls).sum();
    assertThat(pulls).isEqualTo(150);
    // The local state (what the state file persists) holds only a's own 50 updates, never b's.
    assertThat(
            JSON.convertValue(a.localState(), BanditState.class).arms().values().stream()
                .mapToLong(BanditState.Arm::pulls)
                .sum())
        .isEqualTo(50);
    assertThat(a.peerIds()).containsExactly("b");
  }

  @Test
  void aStateFromAnotherModelSpaceIsRefusedAndChangesNothing() throws Exception {
    ReplicatedBandit a = replica("a", 3);
    ReplicatedBandit other = replica("other", 4);
    learn(a, 1, 10);
    learn(other, 2, 10);
    BanditState before = a.snapshot();

    assertThatThrownBy(() -> a.replacePeerStates(Map.of("other", other.localState())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> a.replacePeerStates(Map.of("junk", JSON.readTree("{\"dimension\":\"x\"}"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("junk");
    assertThat(a.snapshot().arms().get("small").b())
        .containsExactly(before.arms().get("small").b());
    assertThat(a.fingerprint()).isNotEqualTo(other.fingerprint());
  }
}
