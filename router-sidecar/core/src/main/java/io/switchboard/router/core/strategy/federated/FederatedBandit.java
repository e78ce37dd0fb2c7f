package io.switchboard.router.core.strategy.federated;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.core.spi.DurableLearning;
import io.switchboard.router.core.strategy.bandit.BanditModel;
import io.switchboard.router.core.strategy.bandit.BanditState;
import io.switchboard.router.core.strategy.bandit.BanditStateFile;
import io.switchboard.router.core.strategy.bandit.ContextualBandit;
import io.switchboard.router.core.strategy.bandit.PeerMergedBandit;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * A contextual bandit whose decisions use local statistics plus peers' differentially private ones:
 * a {@link PeerMergedBandit} that learns this router's decisions clipped (see {@link Clipping}) and
 * whose peer contributions are the PSD-projected latest rounds of the peers. A round releases
 * {@code local − covered} through the Gaussian mechanism, adds it to the cumulative published
 * aggregate and charges the {@link PrivacyAccountant}. Learning, publishing and merging are
 * serialised on this object; decisions only lock the decision bandit.
 */
public final class FederatedBandit implements Federation, BanditModel, DurableLearning {

  private final String policy;
  private final ModelFingerprint fingerprint;
  private final List<String> peers;
  private final Duration roundPeriod;
  private final PeerMergedBandit<PeerContribution> model;
  private final GaussianMechanism mechanism;
  private final PrivacyAccountant accountant;
  private final RandomGenerator noise;
  private final FederationStateFile federationFile;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double TOLERANCE = 1e-9;

  private Map<String, ArmAggregate> covered;
  private volatile FederatedRound published;
  private volatile boolean acknowledgementRequired;
  private FederatedRound held;

  private final AtomicLong roundsPublished = new AtomicLong();
  private final Map<String, AtomicLong> roundsMerged = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> peerErrors = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> peerRefusals = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> peerUnauthorized = new ConcurrentHashMap<>();

  /** A peer's latest accepted round and its usable (PSD-projected) statistics. */
  private record PeerContribution(long round, Map<String, ArmAggregate> arms) {}

  /**
   * @param local empty bandit for this router's own decisions (restored here from {@code
   *     banditFile})
   * @param served empty bandit of the same algorithm and dimension, for decisions (restored
   *     likewise)
   * @param noise noise source of the Gaussian mechanism (a {@code SecureRandom} in production)
   * @param banditFile persists {@code local}, or null for no persistence
   * @param federationFile persists the ledger and what was shared, or null (then a restart resets
   *     the budget)
   */
  public FederatedBandit(
      String policy,
      ModelFingerprint fingerprint,
      List<String> peers,
      Duration roundPeriod,
      ContextualBandit local,
      ContextualBandit served,
      GaussianMechanism mechanism,
      double epsilonPerRound,
      double totalEpsilon,
      RandomGenerator noise,
      BanditStateFile banditFile,
      FederationStateFile federationFile,
      int saveEvery) {
    this.policy = policy;
    this.fingerprint = fingerprint;
    this.peers = List.copyOf(peers);
    this.roundPeriod = roundPeriod;
    this.model =
        new PeerMergedBandit<>(local, served, FederatedBandit::plus, banditFile, saveEvery);
    this.mechanism = mechanism;
    this.noise = noise;
    this.federationFile = federationFile;
    Map<String, ArmAggregate> localData = dataOf(model.localSnapshot());
    Optional<FederationSnapshot> saved =
        federationFile == null ? Optional.empty() : federationFile.read();
    if (saved.isPresent() && consistent(saved.get().covered(), localData)) {
      this.covered = new HashMap<>(saved.get().covered());
    } else {
      // First start in federated mode (or a bandit file older than the last round): whatever is in
      // the local
      // state was learned before (maybe unclipped) or was already shared; it is never released.
      this.covered = new HashMap<>(localData);
    }
    this.published = saved.map(FederationSnapshot::published).orElse(null);
    this.accountant =
        new PrivacyAccountant(
            epsilonPerRound,
            totalEpsilon,
            saved.map(FederationSnapshot::ledger).orElse(PrivacyAccountant.PrivacyLedger.EMPTY));
  }

  public String choose(double[] context, List<String> candidates) {
    return model.choose(Clipping.context(context), candidates);
  }

  public String algorithm() {
    return model.algorithm();
  }

  /**
   * Learns one local decision, clipped to the sensitivity contract. Under this object's lock so
   * that a periodic save cannot overtake the bandit state a concurrent round writes.
   */
  public synchronized void learn(String arm, double[] context, double reward) {
    model.learn(arm, Clipping.context(context), Clipping.reward(reward));
  }

  @Override
  public synchronized PublishOutcome publishRound() {
    if (held != null) {
      return PublishOutcome.AWAITING_ACKNOWLEDGEMENT;
    }
    Map<String, ArmAggregate> data = dataOf(model.localSnapshot());
    Map<String, ArmAggregate> delta = new LinkedHashMap<>();
    double newPulls = 0;
    for (Map.Entry<String, ArmAggregate> e : data.entrySet()) {
      ArmAggregate before =
          covered.getOrDefault(e.getKey(), ArmAggregate.zero(fingerprint.dimension()));
      ArmAggregate d = e.getValue().minus(before);
      newPulls += d.pulls();
      delta.put(e.getKey(), d);
    }
    if (newPulls == 0) {
      return PublishOutcome.NOTHING_NEW;
    }
    if (!accountant.tryCharge()) {
      return PublishOutcome.BUDGET_EXHAUSTED;
    }
    FederatedRound previous = published;
    Map<String, ArmAggregate> cumulative =
        new LinkedHashMap<>(previous == null ? Map.of() : previous.arms());
    // Every arm of the fingerprint is released (zero delta plus noise for arms without new
    // decisions), so the
    // set of arms in a round says nothing about which experts this router used.
    for (String arm : fingerprint.arms()) {
      ArmAggregate d = delta.getOrDefault(arm, ArmAggregate.zero(fingerprint.dimension()));
      ArmAggregate noised = d.noised(mechanism, noise);
      cumulative.merge(arm, noised, ArmAggregate::plus);
    }
    FederatedRound round =
        new FederatedRound(
            policy,
            fingerprint,
            // Numbered by the ledger, which survives a pod replacement: a new pod's rounds follow
            // the old pod's, so peers (which skip rounds not newer than the last) take them.
            accountant.ledger().rounds(),
            accountant.spent(),
            mechanism.epsilon(),
            mechanism.delta(),
            mechanism.sigma(),
            cumulative);
    // Bandit state first: a crash between the two writes leaves covered older than local, which
    // only means the
    // next round re-releases decisions whose round was never served.
    model.save();
    if (federationFile != null) {
      federationFile.write(new FederationSnapshot(accountant.ledger(), data, round));
    }
    covered = new HashMap<>(data);
    if (acknowledgementRequired) {
      held = round;
      return PublishOutcome.AWAITING_ACKNOWLEDGEMENT;
    }
    published = round;
    roundsPublished.incrementAndGet();
    return PublishOutcome.PUBLISHED;
  }

  @Override
  public synchronized PrivacyAccountant.PrivacyLedger ledger() {
    return accountant.ledger();
  }

  @Override
  public void requireAcknowledgement() {
    acknowledgementRequired = true;
  }

  @Override
  public synchronized boolean acknowledge(double durableSpentEpsilon) {
    if (held == null || durableSpentEpsilon + TOLERANCE < held.epsilonSpent()) {
      return false;
    }
    published = held;
    held = null;
    roundsPublished.incrementAndGet();
    return true;
  }

  @Override
  public synchronized void restoreLedger(PrivacyAccountant.PrivacyLedger durable) {
    PrivacyAccountant.PrivacyLedger before = accountant.ledger();
    accountant.raiseTo(durable);
    if (!accountant.ledger().equals(before)) {
      persistFederation(covered);
    }
  }

  @Override
  public String modelSpace() {
    return "federated/" + fingerprint;
  }

  @Override
  public JsonNode localState() {
    return JSON.valueToTree(model.localSnapshot());
  }

  /**
   * Adopts a departed replica's local statistics. They count as covered: this router never releases
   * them (the departed replica may have shared them already, under its own epsilon).
   */
  @Override
  public synchronized void adopt(JsonNode state) {
    BanditState adopted;
    try {
      adopted = JSON.treeToValue(state, BanditState.class);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("adopted: not a bandit state: " + e.getMessage(), e);
    }
    if (adopted == null
        || adopted.arms() == null
        || adopted.dimension() != fingerprint.dimension()) {
      throw new IllegalArgumentException("adopted: not a bandit state of this model");
    }
    model.adoptLocal(adopted);
    dataOf(adopted).forEach((arm, data) -> covered.merge(arm, data, ArmAggregate::plus));
    persistFederation(covered);
  }

  private void persistFederation(Map<String, ArmAggregate> coveredNow) {
    if (federationFile != null) {
      federationFile.write(new FederationSnapshot(accountant.ledger(), coveredNow, published));
    }
  }

  @Override
  public synchronized MergeOutcome merge(String peer, FederatedRound round) {
    if (!fingerprint.equals(round.model()) || !wellFormed(round)) {
      peerRefusals.computeIfAbsent(peer, p -> new AtomicLong()).incrementAndGet();
      return MergeOutcome.INCOMPATIBLE;
    }
    PeerContribution previous = model.peers().get(peer);
    if (previous != null && round.round() <= previous.round()) {
      return MergeOutcome.ALREADY_MERGED;
    }
    Map<String, ArmAggregate> usable = new LinkedHashMap<>();
    double shift = NoiseShift.of(round);
    round
        .arms()
        .forEach((arm, stats) -> usable.put(arm, PositiveSemidefinite.usable(stats, shift)));
    model.putPeer(peer, new PeerContribution(round.round(), usable));
    roundsMerged.computeIfAbsent(peer, p -> new AtomicLong()).incrementAndGet();
    return MergeOutcome.MERGED;
  }

  @Override
  public void peerFailed(String peer) {
    peerErrors.computeIfAbsent(peer, p -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public void peerUnauthorized(String peer) {
    peerUnauthorized.computeIfAbsent(peer, p -> new AtomicLong()).incrementAndGet();
  }

  /**
   * {@code state} plus one peer's usable contribution (data parts: no prior to discount, unlike
   * replicas).
   */
  private static BanditState plus(BanditState state, PeerContribution contribution) {
    Map<String, BanditState.Arm> arms = new LinkedHashMap<>(state.arms());
    int d = state.dimension();
    contribution
        .arms()
        .forEach(
            (name, peerArm) -> {
              BanditState.Arm base = arms.getOrDefault(name, priorArm(d, state.ridge()));
              double[] a = base.a().clone();
              double[] b = base.b().clone();
              for (int i = 0; i < a.length; i++) {
                a[i] += peerArm.a()[i];
              }
              for (int i = 0; i < b.length; i++) {
                b[i] += peerArm.b()[i];
              }
              arms.put(
                  name,
                  new BanditState.Arm(
                      a,
                      b,
                      base.pulls() + Math.round(peerArm.pulls()),
                      base.rewardSum() + peerArm.rewardSum()));
            });
    return new BanditState(state.algorithm(), d, state.ridge(), arms);
  }

  private boolean wellFormed(FederatedRound round) {
    int d = fingerprint.dimension();
    for (Map.Entry<String, ArmAggregate> e : round.arms().entrySet()) {
      ArmAggregate arm = e.getValue();
      if (!fingerprint.arms().contains(e.getKey())
          || arm.dimension() != d
          || !finite(arm.a())
          || !finite(arm.b())
          || !Double.isFinite(arm.pulls())
          || !Double.isFinite(arm.rewardSum())) {
        return false;
      }
    }
    return round.round() >= 1;
  }

  private static boolean finite(double[] values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private static BanditState.Arm priorArm(int d, double ridge) {
    double[] a = new double[d * d];
    for (int i = 0; i < d; i++) {
      a[i * d + i] = ridge;
    }
    return new BanditState.Arm(a, new double[d], 0, 0);
  }

  /** The data part of a bandit state: A minus the ridge prior. */
  static Map<String, ArmAggregate> dataOf(BanditState state) {
    int d = state.dimension();
    Map<String, ArmAggregate> out = new LinkedHashMap<>();
    state
        .arms()
        .forEach(
            (name, arm) -> {
              double[] a = arm.a().clone();
              for (int i = 0; i < d; i++) {
                a[i * d + i] -= state.ridge();
              }
              out.put(name, new ArmAggregate(a, arm.b().clone(), arm.pulls(), arm.rewardSum()));
            });
    return out;
  }

  /** A saved "covered" is usable only if the local state has at least as many pulls per arm. */
  private static boolean consistent(
      Map<String, ArmAggregate> covered, Map<String, ArmAggregate> local) {
    for (Map.Entry<String, ArmAggregate> e : covered.entrySet()) {
      ArmAggregate mine = local.get(e.getKey());
      if (mine == null ? e.getValue().pulls() > 0 : mine.pulls() < e.getValue().pulls()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String policy() {
    return policy;
  }

  @Override
  public List<String> peers() {
    return peers;
  }

  @Override
  public Duration roundPeriod() {
    return roundPeriod;
  }

  @Override
  public Optional<FederatedRound> latestRound() {
    return Optional.ofNullable(published);
  }

  public ModelFingerprint fingerprint() {
    return fingerprint;
  }

  public PrivacyAccountant accountant() {
    return accountant;
  }

  public long roundsPublished() {
    return roundsPublished.get();
  }

  public long roundsMerged(String peer) {
    AtomicLong n = roundsMerged.get(peer);
    return n == null ? 0 : n.get();
  }

  public long peerErrors(String peer) {
    AtomicLong n = peerErrors.get(peer);
    return n == null ? 0 : n.get();
  }

  public long peerRefusals(String peer) {
    AtomicLong n = peerRefusals.get(peer);
    return n == null ? 0 : n.get();
  }

  /** Fetches the peer refused with 401 or 403. */
  public long peerKeyRefusals(String peer) {
    AtomicLong n = peerUnauthorized.get(peer);
    return n == null ? 0 : n.get();
  }

  /** The decision model's statistics (local ⊕ peers), for inspection and tests. */
  public BanditState servedSnapshot() {
    return model.servedSnapshot();
  }

  /** This router's own statistics, for inspection and tests. */
  public BanditState localSnapshot() {
    return model.localSnapshot();
  }

  /** Persists the local state (on close). */
  public synchronized void save() {
    model.save();
  }
}
