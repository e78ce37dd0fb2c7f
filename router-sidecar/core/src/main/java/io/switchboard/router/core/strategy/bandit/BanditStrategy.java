package io.switchboard.router.core.strategy.bandit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.features.RequestQueryFeatures;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.Feedback;
import io.switchboard.router.core.spi.NoExpertAvailableException;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.ReplicaLearning;
import io.switchboard.router.core.spi.RoutingStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bandit} mode: context = {@link ContextEncoder} (projected embedding + text features),
 * choice by LinUCB / Thompson / epsilon-greedy over the available experts, learning from
 * feedback. The outcome feedback (cost, latency) of a request is remembered; the reward is
 * learned when a quality score arrives ({@code POST /v1/feedback}), or at once with quality 0
 * when the request failed, or at once from cost and latency alone when the policy gives quality
 * no weight. State is saved every {@code saveEvery} updates and on close, and restored on start.
 *
 * <p>Replicas of one router share what they learn ({@link ReplicaLearning}): {@code local} holds only this replica's
 * own updates (what the state file persists), {@code bandit} decides from {@code local ⊕ Σ peers}, rebuilt when the
 * peers' states are replaced and updated with every local reward in between.
 */
public final class BanditStrategy implements RoutingStrategy, ReplicaLearning {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ContextualBandit bandit;
    private final ContextualBandit local;
    private final String fingerprint;
    private Map<String, BanditState> peers = Map.of();
    private final ContextEncoder encoder;
    private final RewardWeights reward;
    private final RequestQueryFeatures featurizer;
    private final PendingDecisions pending = new PendingDecisions(100_000);
    private final BanditStateFile stateFile;
    private final int saveEvery;
    private final AtomicLong updates = new AtomicLong();

    public BanditStrategy(ContextualBandit bandit, ContextEncoder encoder, RewardWeights reward, RequestQueryFeatures featurizer,
                          BanditStateFile stateFile, int saveEvery) {
        this.bandit = bandit;
        this.encoder = encoder;
        this.reward = reward;
        this.featurizer = featurizer;
        this.stateFile = stateFile;
        this.saveEvery = saveEvery;
        BanditState prior = bandit.snapshot();
        // Never chooses, only accumulates: its exploration parameter is irrelevant.
        this.local = new ContextualBandit(bandit.algorithm(), 0, bandit.dimension(), prior.ridge(), new SplittableRandom(0));
        this.fingerprint = "bandit/" + bandit.algorithm() + "/d=" + bandit.dimension() + "/ridge=" + prior.ridge()
                + "/projection-seed=" + Long.toHexString(BanditStrategyFactory.PROJECTION_SEED);
        if (stateFile != null) {
            stateFile.read().ifPresent(saved -> {
                bandit.restore(saved);
                local.restore(saved);
            });
        }
    }

    @Override
    public String type() {
        return "bandit";
    }

    @Override
    public CompletionStage<Decision> route(RoutingRequest request, List<ExpertState> candidates) {
        List<String> available = candidates.stream().filter(ExpertState::available).map(ExpertState::name).toList();
        if (available.isEmpty()) {
            return CompletableFuture.failedFuture(new NoExpertAvailableException("no available expert among "
                    + candidates.size() + " candidates"));
        }
        return featurizer.features(request, encoder.needsEmbedding()).thenApply(features -> {
            double[] context = encoder.encode(features);
            Decision decision = decide(context, available);
            pending.put(request.requestId(), new PendingDecisions.Pending(decision.expert(), context, Double.NaN, -1));
            return decision;
        });
    }

    /** Synchronous core, shared with the offline replay. */
    public Decision decide(double[] context, List<String> available) {
        String chosen = bandit.choose(context, available);
        List<String> fallbacks = new ArrayList<>(available);
        fallbacks.remove(chosen);
        return Decision.of(chosen, bandit.algorithm(), fallbacks);
    }

    public double[] context(QueryFeatures features) {
        return encoder.encode(features);
    }

    /** Learns one observed reward (also used by the offline replay). */
    public void learn(String expert, double[] context, double observedReward) {
        synchronized (this) {
            local.update(expert, context, observedReward);
            bandit.update(expert, context, observedReward);
        }
        if (stateFile != null && updates.incrementAndGet() % saveEvery == 0) {
            stateFile.write(local.snapshot());
        }
    }

    @Override
    public void feedback(Feedback feedback) {
        PendingDecisions.Pending decision = pending.get(feedback.requestId());
        if (decision == null || !decision.expert().equals(feedback.expert())) {
            return; // unknown, forgotten, or served by a fallback expert the bandit did not choose
        }
        double cost = Double.isNaN(feedback.costUsd()) ? (Double.isNaN(decision.costUsd()) ? 0 : decision.costUsd())
                : feedback.costUsd();
        long latency = feedback.latencyMs() >= 0 ? feedback.latencyMs() : Math.max(decision.latencyMs(), 0);
        if (!feedback.success()) {
            pending.remove(feedback.requestId());
            learn(decision.expert(), decision.context(), reward.reward(0, cost, latency));
        } else if (feedback.score().isPresent()) {
            pending.remove(feedback.requestId());
            learn(decision.expert(), decision.context(), reward.reward(feedback.score().getAsDouble(), cost, latency));
        } else if (reward.quality() == 0) {
            pending.remove(feedback.requestId());
            learn(decision.expert(), decision.context(), reward.reward(0, cost, latency));
        } else {
            pending.update(feedback.requestId(), cost, latency);
        }
    }

    /** The state decisions are made from: this replica's learning plus its peers'. */
    public BanditState snapshot() {
        return bandit.snapshot();
    }

    @Override
    public Optional<ReplicaLearning> replicaLearning() {
        return Optional.of(this);
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public JsonNode localState() {
        return JSON.valueToTree(local.snapshot());
    }

    @Override
    public synchronized void replacePeerStates(Map<String, JsonNode> peerStates) {
        Map<String, BanditState> parsed = new LinkedHashMap<>();
        BanditState combined = local.snapshot();
        for (Map.Entry<String, JsonNode> peer : peerStates.entrySet()) {
            BanditState state;
            try {
                state = JSON.treeToValue(peer.getValue(), BanditState.class);
            } catch (JsonProcessingException | RuntimeException e) {
                throw new IllegalArgumentException("peer " + peer.getKey() + ": not a bandit state: " + e.getMessage(), e);
            }
            if (state == null || state.arms() == null) {
                throw new IllegalArgumentException("peer " + peer.getKey() + ": empty bandit state");
            }
            combined = combined.merge(state); // refuses another dimension or prior
            parsed.put(peer.getKey(), state);
        }
        bandit.restore(combined);
        peers = Map.copyOf(parsed);
    }

    /** Peers whose states the current decisions include. */
    public synchronized Set<String> peerIds() {
        return peers.keySet();
    }

    @Override
    public void close() {
        if (stateFile != null) {
            stateFile.write(local.snapshot());
        }
    }
}
