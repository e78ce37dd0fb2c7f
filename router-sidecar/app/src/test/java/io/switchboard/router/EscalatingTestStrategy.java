package io.switchboard.router;

import io.switchboard.router.config.Mode;
import io.switchboard.router.core.engine.BuiltInStrategies;
import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.EscalationPlan;
import io.switchboard.router.core.spi.ExpertReply;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.spi.StrategyCatalog;
import io.switchboard.router.core.spi.StrategyContext;
import io.switchboard.router.core.spi.StrategyFactory;
import io.switchboard.router.core.spi.Verdict;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double for the cascade mode that exercises the data plane's escalation path: first expert
 * "fast", then "fast2"; the check rejects stage 0 (recording what it was shown) and accepts stage
 * 1. Enabled only by {@link EscalationProfile}.
 */
public final class EscalatingTestStrategy implements RoutingStrategy {
  public static final List<ExpertReply> CHECKED = new CopyOnWriteArrayList<>();

  @Override
  public String type() {
    return "cascade";
  }

  @Override
  public CompletionStage<Decision> route(RoutingRequest request, Candidates candidates) {
    EscalationPlan plan = new EscalationPlan(List.of("fast2"), this::check, 10_000, true);
    return CompletableFuture.completedFuture(new Decision("fast", "test-cascade", List.of(), plan));
  }

  private CompletionStage<Verdict> check(RoutingRequest request, ExpertReply answer, int stage) {
    CHECKED.add(answer);
    // asynchronous on purpose: the data plane must hop back onto its event loop
    return CompletableFuture.supplyAsync(
        () ->
            stage == 0
                ? Verdict.escalate(0.1, "low-confidence")
                : Verdict.accept(0.9, "confident"));
  }

  /**
   * Replaces the built-in cascade factory with this test double (enabled per test profile, not
   * globally).
   */
  @Alternative
  public static class CatalogAlternative {
    @Produces
    @Singleton
    StrategyCatalog catalog() {
      List<StrategyFactory> factories =
          new java.util.ArrayList<>(
              BuiltInStrategies.factories().stream()
                  .filter(f -> f.mode() != Mode.CASCADE)
                  .toList());
      factories.add(
          new StrategyFactory() {
            @Override
            public Mode mode() {
              return Mode.CASCADE;
            }

            @Override
            public RoutingStrategy create(StrategyContext context) {
              return new EscalatingTestStrategy();
            }
          });
      return StrategyCatalog.of(factories);
    }
  }
}
