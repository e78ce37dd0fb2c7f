package io.switchboard.router.core.strategy.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.core.strategy.bandit.BanditState;
import io.switchboard.router.core.strategy.bandit.BanditStateFile;
import io.switchboard.router.core.strategy.bandit.ContextualBandit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FederatedBanditTest {

  private static final int D = 3;
  private static final ModelFingerprint MODEL =
      new ModelFingerprint(7, 2, D, 1.0, ModelFingerprint.CLIPPING, List.of("small", "large"));

  /**
   * So large that the noise (σ ≈ 1e-8) vanishes against the tolerance: the exact-statistics limit.
   */
  private static final double HUGE_EPSILON = 1e9;

  @TempDir Path dir;

  private static FederatedBandit bandit(
      String name, double epsilon, double total, RandomGenerator noise, Path stateDir) {
    ObjectMapper json = new ObjectMapper();
    BanditStateFile banditFile =
        stateDir == null ? null : new BanditStateFile(stateDir.resolve(name + ".json"), json);
    FederationStateFile federationFile =
        stateDir == null
            ? null
            : new FederationStateFile(
                FederationStateFile.besideBanditState(stateDir.resolve(name + ".json")), json);
    return new FederatedBandit(
        name,
        MODEL,
        List.of("http://peer"),
        Duration.ofSeconds(60),
        new ContextualBandit("linucb", 1.0, D, 1.0, new SplittableRandom(1)),
        new ContextualBandit("linucb", 1.0, D, 1.0, new SplittableRandom(1)),
        new GaussianMechanism(epsilon, GaussianMechanism.DEFAULT_DELTA, Clipping.SENSITIVITY),
        epsilon,
        total,
        noise,
        banditFile,
        federationFile,
        1000);
  }

  /**
   * n decisions with deterministic contexts (some longer than 1, so clipping matters) and rewards.
   */
  private static void learn(FederatedBandit bandit, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      double[] x = {random.nextDouble(-1.5, 1.5), random.nextDouble(-1, 1), 1};
      bandit.learn(i % 3 == 0 ? "large" : "small", x, random.nextDouble(-0.2, 1.2));
    }
  }

  @Test
  void publishesOnlyNewDataAndStopsAtTheBudget() {
    FederatedBandit bandit = bandit("a", 0.4, 1.0, new SplittableRandom(3), null);
    assertThat(bandit.publishRound()).isEqualTo(PublishOutcome.NOTHING_NEW);
    assertThat(bandit.accountant().spent()).isZero();

    learn(bandit, 10, 1);
    assertThat(bandit.publishRound()).isEqualTo(PublishOutcome.PUBLISHED);
    assertThat(bandit.publishRound())
        .as("nothing learned since")
        .isEqualTo(PublishOutcome.NOTHING_NEW);
    learn(bandit, 10, 2);
    assertThat(bandit.publishRound()).isEqualTo(PublishOutcome.PUBLISHED);
    learn(bandit, 10, 3);
    assertThat(bandit.publishRound())
        .as("0.8 + 0.4 > 1.0")
        .isEqualTo(PublishOutcome.BUDGET_EXHAUSTED);

    FederatedRound round = bandit.latestRound().orElseThrow();
    assertThat(round.round()).isEqualTo(2);
    assertThat(round.epsilonSpent()).isCloseTo(0.8, within(1e-12));
    assertThat(round.sigma()).isCloseTo(new GaussianMechanism(0.4, 1e-5, 2).sigma(), within(1e-12));
    assertThat(round.arms()).containsOnlyKeys("small", "large");
    assertThat(bandit.roundsPublished()).isEqualTo(2);
  }

  @Test
  void theBudgetAndWhatWasSharedSurviveARestart() {
    FederatedBandit first = bandit("a", 0.5, 1.0, new SplittableRandom(3), dir);
    learn(first, 20, 1);
    assertThat(first.publishRound()).isEqualTo(PublishOutcome.PUBLISHED);

    FederatedBandit restarted = bandit("a", 0.5, 1.0, new SplittableRandom(4), dir);
    assertThat(restarted.accountant().spent()).isCloseTo(0.5, within(1e-12));
    assertThat(restarted.latestRound().orElseThrow().round()).isEqualTo(1);
    assertThat(restarted.localSnapshot().arms().get("small").pulls())
        .isEqualTo(first.localSnapshot().arms().get("small").pulls());
    assertThat(restarted.publishRound())
        .as("already shared before the restart")
        .isEqualTo(PublishOutcome.NOTHING_NEW);
    learn(restarted, 5, 2);
    assertThat(restarted.publishRound()).isEqualTo(PublishOutcome.PUBLISHED);
    assertThat(restarted.latestRound().orElseThrow().round()).isEqualTo(2);
    learn(restarted, 5, 3);
    restarted.save();
    assertThat(bandit("a", 0.5, 1.0, new SplittableRandom(5), dir).publishRound())
        .as("1.0 spent across two processes")
        .isEqualTo(PublishOutcome.BUDGET_EXHAUSTED);
  }

  @Test
  void aRoundHeldForAcknowledgementIsServedOnlyOnceItsEpsilonIsDurable() {
    FederatedBandit bandit = bandit("a", 0.25, 1.0, new SplittableRandom(3), dir);
    bandit.requireAcknowledgement();
    learn(bandit, 10, 1);
    assertThat(bandit.publishRound()).isEqualTo(PublishOutcome.AWAITING_ACKNOWLEDGEMENT);
    assertThat(bandit.latestRound()).as("nothing leaves before the ack").isEmpty();
    assertThat(bandit.ledger().spentEpsilon())
        .as("charged before it is shared")
        .isCloseTo(0.25, within(1e-12));
    learn(bandit, 10, 2);
    assertThat(bandit.publishRound())
        .as("no second charge while one round waits")
        .isEqualTo(PublishOutcome.AWAITING_ACKNOWLEDGEMENT);
    assertThat(bandit.ledger().spentEpsilon()).isCloseTo(0.25, within(1e-12));

    assertThat(bandit.acknowledge(0.0)).as("a durable copy behind the charge").isFalse();
    assertThat(bandit.latestRound()).isEmpty();
    assertThat(bandit.acknowledge(0.25)).isTrue();
    assertThat(bandit.latestRound().orElseThrow().epsilonSpent()).isCloseTo(0.25, within(1e-12));
    assertThat(bandit.roundsPublished()).isEqualTo(1);
    assertThat(bandit.publishRound()).isEqualTo(PublishOutcome.AWAITING_ACKNOWLEDGEMENT);
    assertThat(bandit.ledger().spentEpsilon()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void aReplacedPodRaisedToTheDurableLedgerNeverSpendsBelowItAndNumbersOn() {
    FederatedBandit replaced = bandit("fresh", 0.25, 1.0, new SplittableRandom(3), dir);
    replaced.restoreLedger(new PrivacyAccountant.PrivacyLedger(0.75, 3));
    replaced.restoreLedger(new PrivacyAccountant.PrivacyLedger(0.25, 1));
    assertThat(replaced.ledger()).isEqualTo(new PrivacyAccountant.PrivacyLedger(0.75, 3));
    learn(replaced, 10, 1);
    assertThat(replaced.publishRound()).isEqualTo(PublishOutcome.PUBLISHED);
    assertThat(replaced.latestRound().orElseThrow().round())
        .as("numbered after the old pod's rounds")
        .isEqualTo(4);
    learn(replaced, 10, 2);
    assertThat(replaced.publishRound())
        .as("the old pod's 0.75 plus this pod's 0.25 is the whole budget")
        .isEqualTo(PublishOutcome.BUDGET_EXHAUSTED);
    assertThat(bandit("fresh", 0.25, 1.0, new SplittableRandom(4), dir).ledger().spentEpsilon())
        .as("the raised ledger is persisted")
        .isCloseTo(1.0, within(1e-12));
  }

  @Test
  void adoptedStatisticsCountAsLocalAndAreNeverReleasedAgain() {
    FederatedBandit departed =
        bandit("gone", HUGE_EPSILON, HUGE_EPSILON * 10, new SplittableRandom(3), null);
    learn(departed, 30, 1);
    FederatedBandit heir =
        bandit("heir", HUGE_EPSILON, HUGE_EPSILON * 10, new SplittableRandom(3), dir);
    heir.adopt(departed.localState());
    assertThat(heir.localSnapshot().arms().get("small").pulls())
        .isEqualTo(departed.localSnapshot().arms().get("small").pulls());
    assertThat(heir.servedSnapshot().arms().get("large").pulls())
        .isEqualTo(departed.localSnapshot().arms().get("large").pulls());
    assertThat(heir.publishRound())
        .as("adopted data is covered")
        .isEqualTo(PublishOutcome.NOTHING_NEW);
    learn(heir, 3, 2);
    assertThat(heir.publishRound()).isEqualTo(PublishOutcome.PUBLISHED);
    assertThat(
            heir.latestRound().orElseThrow().arms().get("small").pulls()
                + heir.latestRound().orElseThrow().arms().get("large").pulls())
        .as("only the heir's own 3 decisions are released")
        .isCloseTo(3, within(1e-3));
    assertThat(
            bandit("heir", HUGE_EPSILON, HUGE_EPSILON * 10, new SplittableRandom(4), dir)
                .localSnapshot()
                .arms()
                .get("small")
                .pulls())
        .as("adoption is persisted")
        .isEqualTo(heir.localSnapshot().arms().get("small").pulls());
  }

  @Test
  void withHugeEpsilonTheMergedModelIsTheExactMergedStatistics() {
    FederatedBandit a = bandit("a", 0.1, 1.0, new SplittableRandom(3), null);
    FederatedBandit b = bandit("b", HUGE_EPSILON, HUGE_EPSILON * 10, new SplittableRandom(4), null);
    learn(a, 50, 1);
    learn(b, 80, 2);
    assertThat(b.publishRound()).isEqualTo(PublishOutcome.PUBLISHED);
    assertThat(a.merge("b", b.latestRound().orElseThrow())).isEqualTo(MergeOutcome.MERGED);
    assertClose(a.servedSnapshot(), a.localSnapshot().merge(b.localSnapshot()));

    // b learns more and publishes a cumulative round 2: it replaces round 1, nothing is counted
    // twice.
    learn(b, 30, 3);
    assertThat(b.publishRound()).isEqualTo(PublishOutcome.PUBLISHED);
    assertThat(a.merge("b", b.latestRound().orElseThrow())).isEqualTo(MergeOutcome.MERGED);
    assertClose(a.servedSnapshot(), a.localSnapshot().merge(b.localSnapshot()));

    // a's own later decisions keep updating the decision model between rounds.
    learn(a, 10, 4);
    assertClose(a.servedSnapshot(), a.localSnapshot().merge(b.localSnapshot()));
  }

  @Test
  void mergingAPeerRoundTwiceEqualsMergingItOnce() {
    FederatedBandit a = bandit("a", 0.1, 1.0, new SplittableRandom(3), null);
    FederatedBandit b = bandit("b", 0.1, 1.0, new SplittableRandom(4), null);
    learn(a, 20, 1);
    learn(b, 20, 2);
    b.publishRound();
    FederatedRound round = b.latestRound().orElseThrow();
    assertThat(a.merge("b", round)).isEqualTo(MergeOutcome.MERGED);
    BanditState once = a.servedSnapshot();
    assertThat(a.merge("b", round)).isEqualTo(MergeOutcome.ALREADY_MERGED);
    assertClose(a.servedSnapshot(), once);
    assertThat(a.roundsMerged("b")).isEqualTo(1);
  }

  @Test
  void defaultEpsilonNoiseStillLeavesAPositiveDefiniteModel() {
    FederatedBandit a = bandit("a", 0.1, 1.0, new SplittableRandom(3), null);
    FederatedBandit b = bandit("b", 0.1, 1.0, new SplittableRandom(4), null);
    learn(b, 5, 2);
    b.publishRound();
    FederatedRound round = b.latestRound().orElseThrow();
    // σ ≈ 97 against 5 decisions: the raw noised A is far from PSD.
    assertThat(minDiagonal(round.arms().get("small").a())).isLessThan(0);
    assertThat(a.merge("b", round))
        .isEqualTo(MergeOutcome.MERGED); // Cholesky of λI + PSD(peer) succeeds
    for (BanditState.Arm arm : a.servedSnapshot().arms().values()) {
      assertThat(minDiagonal(arm.a())).isGreaterThanOrEqualTo(1.0 - 1e-9);
      assertThat(arm.pulls()).isGreaterThanOrEqualTo(0);
    }
    assertThat(a.choose(new double[] {0.5, 0.5, 1}, List.of("small", "large")))
        .isIn("small", "large");
  }

  @Test
  void thePeerShiftGrowsWithTheNoiseOfTheCumulativeRound() {
    FederatedRound round = new FederatedRound("b", MODEL, 5, 0.5, 0.1, 1e-5, 96.9, Map.of());
    // 2 × expected spectral norm of symmetric noise with entry sd σ√k: 2 · 2σ√(k·d)
    assertThat(NoiseShift.of(round)).isCloseTo(2 * 2 * 96.9 * Math.sqrt(5 * D), within(1e-9));
    FederatedBandit a = bandit("a", 0.1, 1.0, new SplittableRandom(3), null);
    FederatedBandit b = bandit("b", 0.1, 1.0, new SplittableRandom(4), null);
    learn(b, 5, 2);
    b.publishRound();
    a.merge("b", b.latestRound().orElseThrow());
    double shift = NoiseShift.of(b.latestRound().orElseThrow());
    // a has no data: its served A is λI + PSD(noised A + shift·I), whose trace is about d·(λ +
    // shift).
    double trace = 0;
    double[] served = a.servedSnapshot().arms().get("small").a();
    for (int i = 0; i < D; i++) {
      trace += served[i * D + i];
    }
    assertThat(trace / D).isBetween(1 + shift - 4 * 96.9, 1 + shift + 4 * 96.9);
  }

  @Test
  void refusesARoundOfAnotherModel() {
    FederatedBandit a = bandit("a", 0.1, 1.0, new SplittableRandom(3), null);
    ModelFingerprint other =
        new ModelFingerprint(8, 2, D, 1.0, ModelFingerprint.CLIPPING, List.of("small", "large"));
    FederatedRound foreign =
        new FederatedRound("x", other, 1, 0.1, 0.1, 1e-5, 1, Map.of("small", ArmAggregate.zero(D)));
    assertThat(a.merge("x", foreign)).isEqualTo(MergeOutcome.INCOMPATIBLE);
    FederatedRound wrongArm =
        new FederatedRound("x", MODEL, 1, 0.1, 0.1, 1e-5, 1, Map.of("gpt-9", ArmAggregate.zero(D)));
    assertThat(a.merge("x", wrongArm)).isEqualTo(MergeOutcome.INCOMPATIBLE);
    assertThat(a.peerRefusals("x")).isEqualTo(2);
    assertThat(a.servedSnapshot().arms()).isEmpty();
  }

  @Test
  void aRoundSurvivesJsonUnchanged() throws Exception {
    FederatedBandit b = bandit("b", 0.1, 1.0, new SplittableRandom(4), null);
    learn(b, 5, 2);
    b.publishRound();
    ObjectMapper json = new ObjectMapper();
    FederatedRound round = b.latestRound().orElseThrow();
    FederatedRound parsed = json.readValue(json.writeValueAsBytes(round), FederatedRound.class);
    assertThat(parsed).isEqualTo(round);
  }

  private static double minDiagonal(double[] a) {
    double min = Double.MAX_VALUE;
    for (int i = 0; i < D; i++) {
      min = Math.min(min, a[i * D + i]);
    }
    return min;
  }

  private static void assertClose(BanditState actual, BanditState expected) {
    assertThat(actual.arms().keySet()).isEqualTo(expected.arms().keySet());
    expected
        .arms()
        .forEach(
            (name, arm) -> {
              BanditState.Arm got = actual.arms().get(name);
              assertThat(got.a()).containsExactly(arm.a(), within(1e-6));
              assertThat(got.b()).containsExactly(arm.b(), within(1e-6));
              assertThat(got.pulls()).isEqualTo(arm.pulls());
              assertThat(got.rewardSum()).isCloseTo(arm.rewardSum(), within(1e-6));
            });
  }
}
