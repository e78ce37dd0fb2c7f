package io.switchboard.router.core.spi;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Chooses the expert for a request. One instance serves all requests of a policy concurrently, so
 * it must be thread-safe; it lives until the next config reload, then {@link #close()} is called.
 */
public interface RoutingStrategy extends AutoCloseable {

  /** The mode wire name this strategy implements, e.g. {@code weighted}. */
  String type();

  /**
   * Routes one request. Must not block: use the asynchronous {@link RequestFeatures} and {@link
   * ExpertClient}.
   *
   * @param request the request
   * @param candidates the experts of the policy that may serve the request, already filtered by
   *     availability, circuit state, budget and offload rules (never empty when the data plane
   *     calls; a strategy delegating a subset may pass an empty one)
   * @return the decision; a stage completed exceptionally (or with an expert not among the
   *     candidates) makes the data plane answer 503
   */
  CompletionStage<Decision> route(RoutingRequest request, Candidates candidates);

  /**
   * True when {@link #route} asks for {@link RequestFeatures#embedding()}: the router then loads
   * the policy's prompt encoder in the background as soon as the strategy is activated, so the
   * first request does not pay for it.
   */
  default boolean embedsPrompts() {
    return false;
  }

  /**
   * Learns from an outcome; the default ignores it. Called from any thread; must not block for
   * long.
   */
  default void feedback(Feedback feedback) {}

  /**
   * True when the data plane should hand this strategy the answers it routed ({@link #answered});
   * extracting the answer text costs a parse the data plane skips otherwise.
   */
  default boolean wantsAnswers() {
    return false;
  }

  /**
   * The answer a client received for a request this strategy routed (successful, not a cascade),
   * e.g. to have it graded by a judge. Called on the event loop after the response: must not block.
   */
  default void answered(RoutingRequest request, String expert, String answerText) {}

  /**
   * State this strategy shares with the other replicas of its policy's router, if it learns any.
   */
  default Optional<ReplicaLearning> replicaLearning() {
    return Optional.empty();
  }

  /** Learned state the operator keeps across pod replacements; empty for modes that learn none. */
  default Optional<DurableLearning> durableLearning() {
    return Optional.empty();
  }

  /**
   * Numbers this strategy exposes for monitoring (registered on load, removed on reload); none by
   * default.
   */
  default List<StrategyMeter> meters() {
    return List.of();
  }

  /** Releases resources (persists learned state); the default does nothing. */
  @Override
  default void close() {}
}
