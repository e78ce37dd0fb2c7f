package io.switchboard.operator;

import io.javaoperatorsdk.operator.Operator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the controllers started and every informer is watching. */
@Readiness
@ApplicationScoped
public class OperatorReadiness implements HealthCheck {

  private final SwitchboardOperator switchboardOperator;
  private final OperatorConfig config;

  public OperatorReadiness(SwitchboardOperator switchboardOperator, OperatorConfig config) {
    this.switchboardOperator = switchboardOperator;
    this.config = config;
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("controllers");
    if (!config.enabled()) {
      return response.up().withData("controllers", "disabled").build();
    }
    Operator operator = switchboardOperator.operator().orElse(null);
    if (operator == null || !operator.getRuntimeInfo().isStarted()) {
      return response.down().withData("reason", "not started").build();
    }
    var unhealthy = new HashMap<>(operator.getRuntimeInfo().unhealthyEventSources());
    // JOSDK lists every controller, with an empty map when all of its sources are healthy.
    unhealthy.values().removeIf(Map::isEmpty);
    if (!unhealthy.isEmpty()) {
      StringBuilder detail = new StringBuilder();
      unhealthy.forEach(
          (controller, sources) ->
              sources.forEach(
                  (source, indicator) ->
                      detail
                          .append(controller)
                          .append('/')
                          .append(source)
                          .append('=')
                          .append(indicator.getStatus())
                          .append(' ')));
      return response.down().withData("unhealthyEventSources", detail.toString().trim()).build();
    }
    return response.up().withData("controllers", operator.getRegisteredControllersNumber()).build();
  }
}
