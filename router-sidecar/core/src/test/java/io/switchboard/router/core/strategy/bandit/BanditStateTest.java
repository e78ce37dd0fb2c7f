package io.switchboard.router.core.strategy.bandit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BanditStateTest {

  private static final List<String> ARMS = List.of("a", "b", "c");

  @Test
  void mergingReplicasEqualsOneLearnerThatSawAllTraffic() {
    ContextualBandit all = bandit();
    ContextualBandit replica1 = bandit();
    ContextualBandit replica2 = bandit();
    SplittableRandom random = new SplittableRandom(3);
    for (int t = 0; t < 300; t++) {
      double[] x = {random.nextDouble(), random.nextDouble(), 1};
      String arm = ARMS.get(random.nextInt(3));
      double reward = random.nextDouble();
      all.update(arm, x, reward);
      (t % 2 == 0 ? replica1 : replica2).update(arm, x, reward);
    }
    BanditState merged = replica1.snapshot().merge(replica2.snapshot());
    BanditState expected = all.snapshot();
    for (String arm : ARMS) {
      assertThat(merged.arms().get(arm).a())
          .containsExactly(expected.arms().get(arm).a(), within(1e-9));
      assertThat(merged.arms().get(arm).b())
          .containsExactly(expected.arms().get(arm).b(), within(1e-9));
      assertThat(merged.arms().get(arm).pulls()).isEqualTo(expected.arms().get(arm).pulls());
    }
    ContextualBandit restored = bandit();
    restored.restore(merged);
    for (String arm : ARMS) {
      assertThat(restored.theta(arm)).containsExactly(all.theta(arm), within(1e-9));
    }
  }

  @Test
  void snapshotSurvivesJsonRoundTripAndRestartLosesNothing() throws Exception {
    ContextualBandit before = bandit();
    before.update("a", new double[] {1, 2, 1}, 0.7);
    before.update("b", new double[] {0, 1, 1}, 0.1);
    ObjectMapper json = new ObjectMapper();
    BanditState read =
        json.readValue(json.writeValueAsString(before.snapshot()), BanditState.class);
    ContextualBandit after = bandit();
    after.restore(read);
    double[] x = {0.5, 0.5, 1};
    for (String arm : List.of("a", "b")) {
      assertThat(after.upperConfidenceBound(arm, x, 1.0))
          .isCloseTo(before.upperConfidenceBound(arm, x, 1.0), within(1e-12));
    }
  }

  @Test
  void refusesStateOfAnotherShape() {
    ContextualBandit small = new ContextualBandit("linucb", 1, 2, 1, new SplittableRandom(1));
    small.update("a", new double[] {1, 1}, 1);
    assertThatThrownBy(() -> bandit().restore(small.snapshot())).hasMessageContaining("dimension");
  }

  private static ContextualBandit bandit() {
    return new ContextualBandit("linucb", 1.0, 3, 1.0, new SplittableRandom(1));
  }
}
