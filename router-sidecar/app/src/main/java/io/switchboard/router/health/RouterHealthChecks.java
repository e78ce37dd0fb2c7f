package io.switchboard.router.health;

import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.runtime.RouterState;
import io.switchboard.router.runtime.RouterStateManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Live: the process serves HTTP. Ready: a config is loaded and at least one chat expert is
 * available.
 */
@ApplicationScoped
public class RouterHealthChecks {
  private final RouterStateManager states;

  public RouterHealthChecks(RouterStateManager states) {
    this.states = states;
  }

  @Produces
  @Liveness
  HealthCheck live() {
    return () -> HealthCheckResponse.up("router");
  }

  @Produces
  @Readiness
  HealthCheck ready() {
    return () -> {
      RouterState state = states.current();
      HealthCheckResponseBuilder b = HealthCheckResponse.named("router-config");
      String error = states.lastError();
      if (error != null) {
        b.withData("lastReloadError", error);
      }
      if (state == null) {
        return b.down().withData("reason", "no valid config loaded").build();
      }
      var loading = states.encoderLoadingAtStartup();
      if (loading.isPresent()) {
        return b.down().withData("reason", "loading prompt encoder " + loading.get()).build();
      }
      b.withData(
              "policy", state.config().policy().namespace() + "/" + state.config().policy().name())
          .withData("mode", state.config().policy().mode().wireName())
          .withData("configHash", state.contentHash().substring(0, 12));
      int available = 0;
      for (ExpertState e : state.chatExperts()) {
        b.withData(
            "expert." + e.name(),
            e.available()
                ? "available"
                : (e.healthy() ? "circuit-" + e.circuit().name().toLowerCase() : "unhealthy"));
        if (e.available()) {
          available++;
        }
      }
      return (available > 0 ? b.up() : b.down().withData("reason", "no chat expert is available"))
          .build();
    };
  }
}
