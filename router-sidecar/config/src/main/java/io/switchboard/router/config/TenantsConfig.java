package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Optional API-key authentication mapping keys to tenants.
 *
 * @param apiKeysFile path of a mounted Secret file, one {@code tenant=apiKey} per line ({@code #}
 *     comments); combined with {@code entries}
 * @param required when true, requests without a known key get 401; when false they run as tenant
 *     {@code anonymous}
 * @param requestsPerSecond optional rate limit per tenant (token bucket) for every tenant,
 *     including {@code anonymous}; 0 = unlimited
 * @param burst bucket size of the rate limit (default = requestsPerSecond)
 * @param entries tenants with their own key files and per-minute / monthly limits (what the
 *     operator renders from {@code RoutingPolicy.spec.auth})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantsConfig(
    String apiKeysFile,
    Boolean required,
    Double requestsPerSecond,
    Double burst,
    List<TenantConfig> entries) {
  /** The tenant of requests without a known key when keys are not required. */
  public static final String ANONYMOUS = "anonymous";

  public static final TenantsConfig NONE = new TenantsConfig(null, null, null, null, null);

  public TenantsConfig {
    required = required == null ? Boolean.FALSE : required;
    requestsPerSecond = requestsPerSecond == null ? 0.0 : requestsPerSecond;
    burst = burst == null ? requestsPerSecond : burst;
    entries = entries == null ? List.of() : List.copyOf(entries);
  }
}
