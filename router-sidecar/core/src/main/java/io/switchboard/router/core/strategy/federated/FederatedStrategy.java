package io.switchboard.router.core.strategy.federated;

import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.DurableLearning;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.Feedback;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.spi.StrategyMeter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code federated} mode: the {@code localMode} strategy decides among this cluster's experts;
 * experts whose endpoint is a peer router ({@code federated.peers}) are the peers' pools and
 * receive a request only when {@code offloadWhenSaturated} is on and every local expert is
 * saturated (unavailable, circuit open, or {@code inFlight ≥ maxConnections}). With a learning
 * local mode ({@code bandit}) {@link #federation()} shares differentially private statistics with
 * the peers.
 */
public final class FederatedStrategy implements RoutingStrategy {

  private final RoutingStrategy local;
  private final FederatedBandit federation;
  private final Set<String> peerEndpoints;
  private final boolean offloadWhenSaturated;
  private final AtomicLong offloads = new AtomicLong();

  /**
   * @param local makes local decisions among the non-peer candidates
   * @param federation the sharing side, or null when the local mode learns nothing shareable
   * @param peerEndpoints peer routers' base URLs (an expert with one of these endpoints is a peer
   *     pool)
   */
  public FederatedStrategy(
      RoutingStrategy local,
      FederatedBandit federation,
      Set<String> peerEndpoints,
      boolean offloadWhenSaturated) {
    this.local = local;
    this.federation = federation;
    this.peerEndpoints =
        Set.copyOf(peerEndpoints.stream().map(FederatedStrategy::normalise).toList());
    this.offloadWhenSaturated = offloadWhenSaturated;
  }

  @Override
  public String type() {
    return "federated";
  }

  @Override
  public boolean embedsPrompts() {
    return local.embedsPrompts();
  }

  @Override
  public CompletionStage<Decision> route(RoutingRequest request, Candidates candidates) {
    List<ExpertState> mine = new ArrayList<>();
    List<ExpertState> peerPools = new ArrayList<>();
    for (ExpertState e : candidates.available()) {
      (isPeerPool(e) ? peerPools : mine).add(e);
    }
    if (offloadWhenSaturated
        && !peerPools.isEmpty()
        && mine.stream().allMatch(FederatedStrategy::saturated)) {
      offloads.incrementAndGet();
      // Least loaded peer first (stable: config order on ties), the others as fallbacks.
      List<String> order =
          peerPools.stream()
              .sorted(Comparator.comparingInt(ExpertState::inFlight))
              .map(ExpertState::name)
              .toList();
      return CompletableFuture.completedFuture(
          Decision.of(order.get(0), "offload", order.subList(1, order.size())));
    }
    List<ExpertState> mineEligible = new ArrayList<>();
    for (ExpertState e : candidates.eligible()) {
      if (!isPeerPool(e)) {
        mineEligible.add(e);
      }
    }
    return local.route(request, new Candidates(mine, mineEligible));
  }

  boolean isPeerPool(ExpertState expert) {
    return peerEndpoints.contains(normalise(expert.config().endpoint()));
  }

  /**
   * No capacity here: as many requests in flight as the expert has connections (an unavailable
   * expert is not a candidate at all).
   */
  static boolean saturated(ExpertState expert) {
    return expert.inFlight() >= expert.config().maxConnections();
  }

  @Override
  public void feedback(Feedback feedback) {
    local.feedback(feedback);
  }

  @Override
  public boolean wantsAnswers() {
    return local.wantsAnswers();
  }

  @Override
  public void answered(RoutingRequest request, String expert, String answerText) {
    local.answered(request, expert, answerText);
  }

  @Override
  public Optional<DurableLearning> durableLearning() {
    return local.durableLearning();
  }

  /** The sharing side, when the local mode learns ({@code bandit}); empty otherwise. */
  public Optional<Federation> federation() {
    return Optional.ofNullable(federation);
  }

  public long offloads() {
    return offloads.get();
  }

  @Override
  public List<StrategyMeter> meters() {
    List<StrategyMeter> meters = new ArrayList<>(local.meters());
    meters.add(
        StrategyMeter.counter(
            "switchboard.router.federated.offloads",
            "Requests sent to a peer cluster's pool because every local expert was saturated",
            Map.of(),
            offloads::get));
    if (federation != null) {
      PrivacyAccountant accountant = federation.accountant();
      meters.add(
          StrategyMeter.counter(
              "switchboard.router.federated.rounds.published",
              "Differentially private rounds published",
              Map.of(),
              federation::roundsPublished));
      meters.add(
          StrategyMeter.gauge(
              "switchboard.router.federated.epsilon.spent",
              "Privacy budget spent (sequential composition)",
              Map.of(),
              accountant::spent));
      meters.add(
          StrategyMeter.gauge(
              "switchboard.router.federated.epsilon.remaining",
              "Privacy budget left; sharing stops when it is below epsilonPerRound",
              Map.of(),
              accountant::remaining));
      for (String peer : federation.peers()) {
        Map<String, String> tags = Map.of("peer", peer);
        meters.add(
            StrategyMeter.counter(
                "switchboard.router.federated.rounds.merged",
                "Peer rounds merged into the local model",
                tags,
                () -> federation.roundsMerged(peer)));
        meters.add(
            StrategyMeter.counter(
                "switchboard.router.federated.peer.errors",
                "Peer rounds that could not be fetched or parsed",
                Map.of("peer", peer, "reason", "fetch"),
                () -> federation.peerErrors(peer)));
        meters.add(
            StrategyMeter.counter(
                "switchboard.router.federated.peer.errors",
                "Peer rounds that could not be fetched or parsed",
                Map.of("peer", peer, "reason", "incompatible"),
                () -> federation.peerRefusals(peer)));
        meters.add(
            StrategyMeter.counter(
                "switchboard.router.federated.peer.errors",
                "Peer rounds that could not be fetched or parsed",
                Map.of("peer", peer, "reason", "unauthorized"),
                () -> federation.peerKeyRefusals(peer)));
      }
    }
    return meters;
  }

  @Override
  public void close() {
    local.close();
  }

  private static String normalise(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
