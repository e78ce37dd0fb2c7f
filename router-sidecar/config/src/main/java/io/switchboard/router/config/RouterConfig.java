package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * Root of the router configuration, schema {@value #API_VERSION}.
 *
 * <p>The operator renders it from RoutingPolicy + ExpertPool + Budget resources into a ConfigMap;
 * the router reads it from a file and hot-reloads it. The schema is documented in {@code
 * router-sidecar/CONFIG.md}. Parse and validate with {@link RouterConfigCodec}; every record
 * normalises absent optional fields to their documented defaults, so consumers never see {@code
 * null} except where a field is documented as optional.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RouterConfig(
    String apiVersion,
    PolicyConfig policy,
    List<ExpertConfig> experts,
    BudgetConfig budget,
    TenantsConfig tenants) {

  public static final String API_VERSION = "switchboard.io/router-config/v1";

  public RouterConfig {
    experts = experts == null ? List.of() : List.copyOf(experts);
    budget = budget == null ? BudgetConfig.NONE : budget;
    tenants = tenants == null ? TenantsConfig.NONE : tenants;
  }

  public Optional<ExpertConfig> expert(String name) {
    for (ExpertConfig e : experts) {
      if (e.name().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
