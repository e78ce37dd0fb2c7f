package io.switchboard.router.core.strategy.federated;

import io.switchboard.router.core.features.RequestQueryFeatures;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.Feedback;
import io.switchboard.router.core.spi.NoExpertAvailableException;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.strategy.bandit.ContextEncoder;
import io.switchboard.router.core.strategy.bandit.RewardWeights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code bandit} local mode of a federated policy: the same context ({@link ContextEncoder}), algorithms and
 * reward rules as the {@code bandit} mode, but decisions come from a {@link FederatedBandit} (local ⊕ peers) and
 * what is learned is clipped so it can be shared privately. Rewards follow the bandit mode: learned when a quality
 * score arrives, at once with quality 0 on failure, or at once from cost and latency when quality has no weight.
 */
final class FederatedBanditStrategy implements RoutingStrategy {

    private static final int PENDING_CAPACITY = 100_000;

    private final FederatedBandit bandit;
    private final ContextEncoder encoder;
    private final RewardWeights reward;
    private final RequestQueryFeatures featurizer;
    private final Map<String, Pending> pending = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
            return size() > PENDING_CAPACITY;
        }
    };

    /** What learning from one decision's outcome needs, until its quality score arrives. */
    private record Pending(String expert, double[] context, double costUsd, long latencyMs) {}

    FederatedBanditStrategy(FederatedBandit bandit, ContextEncoder encoder, RewardWeights reward, RequestQueryFeatures featurizer) {
        this.bandit = bandit;
        this.encoder = encoder;
        this.reward = reward;
        this.featurizer = featurizer;
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
            String chosen = bandit.choose(context, available);
            List<String> fallbacks = new ArrayList<>(available);
            fallbacks.remove(chosen);
            synchronized (pending) {
                pending.put(request.requestId(), new Pending(chosen, context, Double.NaN, -1));
            }
            return Decision.of(chosen, bandit.algorithm(), fallbacks);
        });
    }

    @Override
    public void feedback(Feedback feedback) {
        Pending decision;
        synchronized (pending) {
            decision = pending.get(feedback.requestId());
        }
        if (decision == null || !decision.expert().equals(feedback.expert())) {
            return; // unknown, forgotten, or served by a fallback expert the bandit did not choose
        }
        double cost = Double.isNaN(feedback.costUsd()) ? (Double.isNaN(decision.costUsd()) ? 0 : decision.costUsd())
                : feedback.costUsd();
        long latency = feedback.latencyMs() >= 0 ? feedback.latencyMs() : Math.max(decision.latencyMs(), 0);
        double quality;
        if (!feedback.success()) {
            quality = 0;
        } else if (feedback.score().isPresent()) {
            quality = feedback.score().getAsDouble();
        } else if (reward.quality() == 0) {
            quality = 0;
        } else {
            synchronized (pending) {
                pending.computeIfPresent(feedback.requestId(), (id, p) -> new Pending(p.expert(), p.context(), cost, latency));
            }
            return;
        }
        synchronized (pending) {
            pending.remove(feedback.requestId());
        }
        bandit.learn(decision.expert(), decision.context(), reward.reward(quality, cost, latency));
    }

    @Override
    public void close() {
        bandit.save();
    }
}
