package io.switchboard.router.http;

import io.switchboard.router.core.accounting.TokenEstimator;
import io.switchboard.router.core.accounting.UsageLedger;
import io.switchboard.router.metrics.RouterMetrics;
import io.switchboard.router.runtime.RouterSettings;
import io.switchboard.router.runtime.RouterStateManager;
import io.switchboard.router.tenant.TenantLimits;
import io.switchboard.router.upstream.UpstreamExchange;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

/**
 * The services every request uses, wired once. A {@code @Singleton} (no client proxy): its fields
 * are read directly on the hot path.
 */
@Singleton
public class DataPlane {
  final Vertx vertx;
  final RouterStateManager states;
  final RouterMetrics metrics;
  final UsageLedger ledger = new UsageLedger();
  final TokenEstimator estimator = new TokenEstimator();
  final RequestParser parser = new RequestParser();
  final BodyRewriter rewriter = new BodyRewriter();
  final CompletionReader reader = new CompletionReader();
  final ApiErrors errors = new ApiErrors();
  final UpstreamExchange exchange;
  final RecentOutcomes outcomes;
  final RequestIds requestIds = new RequestIds();
  final TenantLimits tenantLimits = new TenantLimits();
  final RouterSettings settings;

  public DataPlane(
      Vertx vertx, RouterStateManager states, RouterMetrics metrics, RouterSettings settings) {
    this.vertx = vertx;
    this.states = states;
    this.metrics = metrics;
    this.settings = settings;
    this.exchange = new UpstreamExchange(vertx);
    this.outcomes = new RecentOutcomes(settings.feedbackWindow());
    states.expertClient(new UpstreamExpertClient(this));
  }

  public UsageLedger ledger() {
    return ledger;
  }
}
