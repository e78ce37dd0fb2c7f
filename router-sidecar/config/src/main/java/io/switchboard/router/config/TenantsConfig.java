package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Optional API-key authentication mapping keys to tenants.
 *
 * @param apiKeysFile path of a mounted Secret file, one {@code tenant=apiKey} per line ({@code #}
 *     comments)
 * @param required when true, requests without a known key get 401; when false they run as tenant
 *     {@code anonymous}
 * @param requestsPerSecond optional per-tenant rate limit (token bucket); 0 = unlimited
 * @param burst bucket size of the rate limit (default = requestsPerSecond)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantsConfig(
    String apiKeysFile, Boolean required, Double requestsPerSecond, Double burst) {
  public static final TenantsConfig NONE = new TenantsConfig(null, null, null, null);

  public TenantsConfig {
    required = required == null ? Boolean.FALSE : required;
    requestsPerSecond = requestsPerSecond == null ? 0.0 : requestsPerSecond;
    burst = burst == null ? requestsPerSecond : burst;
  }
}
