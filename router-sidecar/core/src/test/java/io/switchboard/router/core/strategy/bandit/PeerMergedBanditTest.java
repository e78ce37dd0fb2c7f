package io.switchboard.router.core.strategy.bandit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerMergedBanditTest {

  private static final int D = 3;

  @TempDir Path dir;

  private static ContextualBandit empty(int dimension) {
    return new ContextualBandit("linucb", 0.5, dimension, 1.0, new SplittableRandom(1));
  }

  /** Peers as whole states, the replicas' contribution type. */
  private static PeerMergedBandit<BanditState> merged(BanditStateFile file, int saveEvery) {
    return new PeerMergedBandit<>(empty(D), empty(D), BanditState::merge, file, saveEvery);
  }

  /** A peer's whole state after n random updates. */
  private static BanditState peer(long seed, int n) {
    ContextualBandit bandit = empty(D);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      double[] x = {random.nextDouble(), random.nextDouble(), 1};
      bandit.update(random.nextBoolean() ? "small" : "large", x, random.nextDouble());
    }
    return bandit.snapshot();
  }

  private static void learn(PeerMergedBandit<?> bandit, long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      double[] x = {random.nextDouble(), random.nextDouble(), 1};
      bandit.learn(random.nextBoolean() ? "small" : "large", x, random.nextDouble());
    }
  }

  private static long pulls(BanditState state) {
    return state.arms().values().stream().mapToLong(BanditState.Arm::pulls).sum();
  }

  private static void assertSameStatistics(BanditState actual, BanditState expected) {
    assertThat(actual.arms().keySet()).isEqualTo(expected.arms().keySet());
    expected
        .arms()
        .forEach(
            (name, arm) -> {
              assertThat(actual.arms().get(name).a()).containsExactly(arm.a());
              assertThat(actual.arms().get(name).b()).containsExactly(arm.b());
              assertThat(actual.arms().get(name).pulls()).isEqualTo(arm.pulls());
            });
  }

  @Test
  void servedIsLocalPlusPeersInFoldOrderAndLocalLearningGoesToBoth() {
    PeerMergedBandit<BanditState> bandit = merged(null, 1);
    learn(bandit, 1, 40);
    BanditState b = peer(2, 30);
    BanditState c = peer(3, 20);
    Map<String, BanditState> peers = new LinkedHashMap<>();
    peers.put("b", b);
    peers.put("c", c);

    bandit.replacePeers(peers);
    assertSameStatistics(bandit.servedSnapshot(), bandit.localSnapshot().merge(b).merge(c));
    assertThat(bandit.peers().keySet()).containsExactly("b", "c");

    learn(bandit, 4, 10);
    assertThat(pulls(bandit.localSnapshot())).isEqualTo(50);
    assertThat(pulls(bandit.servedSnapshot())).isEqualTo(100);
    assertThat(bandit.choose(new double[] {0.5, 0.5, 1}, List.of("small", "large")))
        .isIn("small", "large");
  }

  @Test
  void puttingAPeerReplacesItsContributionInPlace() {
    PeerMergedBandit<BanditState> bandit = merged(null, 1);
    learn(bandit, 1, 40);
    BanditState b1 = peer(2, 30);
    BanditState b2 = peer(5, 60);
    BanditState c = peer(3, 20);
    bandit.putPeer("b", b1);
    bandit.putPeer("c", c);
    bandit.putPeer("b", b2);

    assertThat(bandit.peers().keySet()).containsExactly("b", "c");
    assertSameStatistics(bandit.servedSnapshot(), bandit.localSnapshot().merge(b2).merge(c));
  }

  @Test
  void aContributionThatDoesNotFitChangesNothing() {
    PeerMergedBandit<BanditState> bandit = merged(null, 1);
    learn(bandit, 1, 40);
    bandit.putPeer("b", peer(2, 30));
    BanditState before = bandit.servedSnapshot();
    BanditState otherDimension = empty(D + 1).snapshot();

    assertThatThrownBy(() -> bandit.replacePeers(Map.of("c", peer(3, 20), "x", otherDimension)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> bandit.putPeer("x", otherDimension))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(bandit.peers().keySet()).containsExactly("b");
    assertSameStatistics(bandit.servedSnapshot(), before);
  }

  @Test
  void persistsOnlyLocalStatisticsAndRestoresBothFromThem() {
    BanditStateFile file = new BanditStateFile(dir.resolve("state.json"), new ObjectMapper());
    PeerMergedBandit<BanditState> first = merged(file, 10);
    first.putPeer("b", peer(2, 30));
    learn(first, 1, 9);
    assertThat(file.read()).as("not yet saveEvery updates").isEmpty();
    learn(first, 2, 1);
    assertSameStatistics(file.read().orElseThrow(), first.localSnapshot());
    learn(first, 3, 5);
    first.save();

    PeerMergedBandit<BanditState> restarted = merged(file, 10);
    assertSameStatistics(restarted.localSnapshot(), first.localSnapshot());
    // The peer's statistics were never persisted: a restart cannot count them twice.
    assertSameStatistics(restarted.servedSnapshot(), first.localSnapshot());
    assertThat(restarted.peers()).isEmpty();
  }
}
