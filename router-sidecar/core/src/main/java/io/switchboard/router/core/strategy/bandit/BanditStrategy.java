package io.switchboard.router.core.strategy.bandit;

import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.features.RequestQueryFeatures;
import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.DurableLearning;
import io.switchboard.router.core.spi.Feedback;
import io.switchboard.router.core.spi.ReplicaLearning;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.RoutingStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code bandit} mode (and the {@code federated} mode's local decisions): context = {@link
 * ContextEncoder} (projected embedding + text features), choice by a {@link BanditModel} (LinUCB /
 * Thompson / epsilon-greedy) over the available experts, learning from feedback. The outcome
 * feedback (cost, latency) of a request is remembered; the reward is learned when a quality score
 * arrives ({@code POST /v1/feedback} or a judge), or at once with quality 0 when the request
 * failed, or at once from cost and latency alone when the policy gives quality no weight.
 */
public final class BanditStrategy implements RoutingStrategy {

  private final BanditModel model;
  private final ContextEncoder encoder;
  private final RewardFunction reward;
  private final RequestQueryFeatures featurizer;
  private final PendingDecisions pending = new PendingDecisions(100_000);
  private final QualityEstimate quality;

  public BanditStrategy(
      BanditModel model,
      ContextEncoder encoder,
      RewardFunction reward,
      RequestQueryFeatures featurizer) {
    this.model = model;
    this.encoder = encoder;
    this.reward = reward;
    this.featurizer = featurizer;
    this.quality = new QualityEstimate(encoder.dimension(), 1.0);
  }

  /**
   * The {@code bandit} mode: a {@link ReplicatedBandit} persisted to {@code stateFile} (may be
   * null).
   */
  public BanditStrategy(
      ContextualBandit bandit,
      ContextEncoder encoder,
      RewardFunction reward,
      RequestQueryFeatures featurizer,
      BanditStateFile stateFile,
      int saveEvery) {
    this(
        new ReplicatedBandit(bandit, stateFile, saveEvery, encoder.embeddingSpace()),
        encoder,
        reward,
        featurizer);
  }

  @Override
  public String type() {
    return "bandit";
  }

  @Override
  public boolean embedsPrompts() {
    return true;
  }

  @Override
  public CompletionStage<Decision> route(RoutingRequest request, Candidates candidates) {
    if (candidates.isEmpty()) {
      return CompletableFuture.failedFuture(candidates.noneAvailable());
    }
    List<String> available = candidates.names();
    return featurizer
        .features(request, encoder.needsEmbedding())
        .thenApply(
            features -> {
              double[] context = encoder.encode(features);
              Decision decision = decide(context, available);
              pending.put(
                  request.requestId(),
                  new PendingDecisions.Pending(decision.expert(), context, Double.NaN, -1));
              return decision;
            });
  }

  /**
   * Synchronous core, shared with the offline replay. The decision carries the chosen arm's
   * predicted quality once that arm has quality feedback ({@link QualityEstimate}).
   */
  public Decision decide(double[] context, List<String> available) {
    String chosen = model.choose(context, available);
    List<String> fallbacks = new ArrayList<>(available);
    fallbacks.remove(chosen);
    return Decision.of(chosen, model.algorithm(), fallbacks)
        .withPredictedQuality(quality.predict(chosen, context));
  }

  /** Learns one quality grade for the predicted-quality estimate (also used by the replay). */
  public void learnQuality(String expert, double[] context, double grade) {
    quality.learn(expert, context, grade);
  }

  public double[] context(QueryFeatures features) {
    return encoder.encode(features);
  }

  /** Learns one observed reward (also used by the offline replay). */
  public void learn(String expert, double[] context, double observedReward) {
    model.learn(expert, context, observedReward);
  }

  @Override
  public void feedback(Feedback feedback) {
    PendingDecisions.Pending decision = pending.get(feedback.requestId());
    if (decision == null || !decision.expert().equals(feedback.expert())) {
      return; // unknown, forgotten, or served by a fallback expert the bandit did not choose
    }
    double cost =
        Double.isNaN(feedback.costUsd())
            ? (Double.isNaN(decision.costUsd()) ? 0 : decision.costUsd())
            : feedback.costUsd();
    long latency =
        feedback.latencyMs() >= 0 ? feedback.latencyMs() : Math.max(decision.latencyMs(), 0);
    if (!feedback.success()) {
      pending.remove(feedback.requestId());
      learn(decision.expert(), decision.context(), reward.reward(0, cost, latency));
      learnQuality(decision.expert(), decision.context(), 0);
    } else if (feedback.score().isPresent()) {
      pending.remove(feedback.requestId());
      learnQuality(decision.expert(), decision.context(), feedback.score().getAsDouble());
      learn(
          decision.expert(),
          decision.context(),
          reward.reward(feedback.score().getAsDouble(), cost, latency));
    } else if (reward.quality() == 0) {
      pending.remove(feedback.requestId());
      learn(decision.expert(), decision.context(), reward.reward(0, cost, latency));
    } else {
      pending.update(feedback.requestId(), cost, latency);
    }
  }

  /** The state decisions are made from (the {@code bandit} mode's model only). */
  public BanditState snapshot() {
    if (model instanceof ReplicatedBandit replicated) {
      return replicated.snapshot();
    }
    throw new UnsupportedOperationException(
        "a " + model.getClass().getSimpleName() + " has no plain bandit state");
  }

  @Override
  public Optional<DurableLearning> durableLearning() {
    return model instanceof DurableLearning durable ? Optional.of(durable) : Optional.empty();
  }

  @Override
  public Optional<ReplicaLearning> replicaLearning() {
    return model instanceof ReplicaLearning shared ? Optional.of(shared) : Optional.empty();
  }

  @Override
  public void close() {
    model.save();
  }
}
