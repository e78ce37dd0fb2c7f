package io.switchboard.router.core.strategy.bandit;

import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.features.RequestQueryFeatures;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.Feedback;
import io.switchboard.router.core.spi.NoExpertAvailableException;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.RoutingStrategy;
import java.util.ArrayList;
import java.util.List;
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
 */
public final class BanditStrategy implements RoutingStrategy {

    private final ContextualBandit bandit;
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
        if (stateFile != null) {
            stateFile.read().ifPresent(bandit::restore);
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
        bandit.update(expert, context, observedReward);
        if (stateFile != null && updates.incrementAndGet() % saveEvery == 0) {
            stateFile.write(bandit.snapshot());
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

    public BanditState snapshot() {
        return bandit.snapshot();
    }

    @Override
    public void close() {
        if (stateFile != null) {
            stateFile.write(bandit.snapshot());
        }
    }
}
