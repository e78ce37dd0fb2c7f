package io.switchboard.router.core.strategy.cascade;

import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.EscalationPlan;
import io.switchboard.router.core.spi.NoExpertAvailableException;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.RoutingStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code cascade} mode (FrugalGPT-style): the first available expert of the configured order
 * (cheapest adequate first) answers; a {@link StageCheck} scores the answer's confidence and the
 * data plane escalates to the next expert while it is below the threshold, for at most {@code
 * maxDepth} stages and {@code maxAddedLatencyMs} of rejected-stage latency.
 *
 * <p>Streaming ({@code streaming}): a stage's answer must be complete to be judged. With {@code
 * buffer-first-stage} the data plane buffers each stage and replays only the accepted one (see
 * {@link EscalationPlan}); time to first token of a cascaded stream is the whole stage latency.
 * With {@code stream-first-stage} a streamed request goes to the first stage as a plain decision
 * (reason {@code stream-first-stage}), relayed as it is generated and never escalated. Experts
 * after the escalation chain are plain fallbacks for upstream errors.
 */
public final class CascadeStrategy implements RoutingStrategy {

  private final List<String> order;
  private final int maxDepth;
  private final long maxAddedLatencyMs;
  private final StageCheck check;
  private final boolean requestLogprobs;
  private final boolean streamFirstStage;

  public CascadeStrategy(
      List<String> order,
      int maxDepth,
      long maxAddedLatencyMs,
      StageCheck check,
      boolean requestLogprobs) {
    this(order, maxDepth, maxAddedLatencyMs, check, requestLogprobs, false);
  }

  /**
   * @param streamFirstStage streamed requests get the first stage unjudged instead of buffered
   *     stages
   */
  public CascadeStrategy(
      List<String> order,
      int maxDepth,
      long maxAddedLatencyMs,
      StageCheck check,
      boolean requestLogprobs,
      boolean streamFirstStage) {
    if (order.isEmpty() || maxDepth < 1) {
      throw new IllegalArgumentException("a cascade needs at least one expert and maxDepth >= 1");
    }
    this.order = List.copyOf(order);
    this.maxDepth = maxDepth;
    this.maxAddedLatencyMs = maxAddedLatencyMs;
    this.check = check;
    this.requestLogprobs = requestLogprobs;
    this.streamFirstStage = streamFirstStage;
  }

  @Override
  public String type() {
    return "cascade";
  }

  @Override
  public boolean embedsPrompts() {
    return check.embedsPrompts();
  }

  @Override
  public CompletionStage<Decision> route(RoutingRequest request, Candidates candidates) {
    try {
      return CompletableFuture.completedFuture(decide(candidates, request.stream()));
    } catch (NoExpertAvailableException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  public Decision decide(Candidates candidates) {
    return decide(candidates, false);
  }

  /**
   * @param stream the client asked for a streamed answer
   */
  public Decision decide(Candidates candidates, boolean stream) {
    List<String> available = candidates.names();
    List<String> stages = new ArrayList<>();
    for (String expert : order) {
      if (available.contains(expert)) {
        stages.add(expert);
      }
    }
    if (stages.isEmpty()) {
      throw new NoExpertAvailableException("no expert of the cascade " + order + " is available");
    }
    List<String> chain = stages.subList(0, Math.min(maxDepth, stages.size()));
    List<String> fallbacks = new ArrayList<>(stages.subList(1, stages.size()));
    available.stream().filter(name -> !stages.contains(name)).forEach(fallbacks::add);
    if (stream && streamFirstStage) {
      return Decision.of(chain.get(0), "stream-first-stage", fallbacks);
    }
    Decision decision = Decision.of(chain.get(0), "cascade", fallbacks);
    if (chain.size() == 1) {
      return decision;
    }
    return decision.withEscalation(
        new EscalationPlan(
            chain.subList(1, chain.size()), check, maxAddedLatencyMs, requestLogprobs));
  }
}
