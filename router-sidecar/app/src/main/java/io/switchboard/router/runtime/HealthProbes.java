package io.switchboard.router.runtime;

import io.switchboard.router.config.HealthCheckParams;
import io.switchboard.router.upstream.ExpertRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;

/** Active health checks: a periodic GET of each expert's {@code healthPath} on the event loop. */
final class HealthProbes {
  private final Vertx vertx;
  private final List<Long> healthTimers = new ArrayList<>();

  HealthProbes(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Replaces the probes of the previous state by one periodic probe per expert with a path. */
  void start(RouterState state) {
    synchronized (healthTimers) {
      healthTimers.forEach(vertx::cancelTimer);
      healthTimers.clear();
      HealthCheckParams params = state.config().policy().healthCheck();
      for (ExpertRuntime r : state.experts().values()) {
        String path = r.config().healthPath();
        if (path == null) {
          continue;
        }
        healthTimers.add(vertx.setPeriodic(params.intervalMs(), id -> probe(r, path, params)));
      }
    }
  }

  private void probe(ExpertRuntime r, String path, HealthCheckParams params) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost(r.host())
            .setPort(r.port())
            .setSsl(r.ssl())
            .setURI(r.uri(path))
            .setIdleTimeout(params.timeoutMs())
            .setConnectTimeout(params.timeoutMs());
    if (r.authorization() != null) {
      options.putHeader("Authorization", r.authorization());
    }
    r.client()
        .request(options)
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(b -> resp.statusCode()))
        .onComplete(
            ar ->
                r.healthCheckResult(
                    ar.succeeded() && ar.result() / 100 == 2,
                    params.unhealthyThreshold(),
                    params.healthyThreshold()));
  }
}
