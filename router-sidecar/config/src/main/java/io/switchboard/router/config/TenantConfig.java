package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One tenant: the files holding its API key(s) and its limits.
 *
 * @param name tenant name (metrics tag {@code tenant}, usage breakdown)
 * @param keyFiles mounted Secret files, each holding one API key; every key found is valid. Two
 *     files (current and previous key) let a key rotate without a moment where clients holding
 *     either key are refused. A missing or empty file contributes no key; the router re-reads the
 *     files without restarting.
 * @param requestsPerMinute requests per minute, 0 = unlimited
 * @param tokensPerMinute prompt + completion tokens per minute, 0 = unlimited
 * @param monthlyUsdCap spend per calendar month (UTC), 0 = unlimited
 * @param scope {@value #INFERENCE} (default: the OpenAI API and feedback) or {@value #FEDERATION}
 *     (a peer cluster's router: the federation aggregate and requests it offloads here, nothing
 *     else)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantConfig(
    String name,
    List<String> keyFiles,
    Long requestsPerMinute,
    Long tokensPerMinute,
    Double monthlyUsdCap,
    String scope) {
  public static final String INFERENCE = "inference";
  public static final String FEDERATION = "federation";

  public TenantConfig {
    keyFiles = keyFiles == null ? List.of() : List.copyOf(keyFiles);
    requestsPerMinute = requestsPerMinute == null ? 0L : requestsPerMinute;
    tokensPerMinute = tokensPerMinute == null ? 0L : tokensPerMinute;
    monthlyUsdCap = monthlyUsdCap == null ? 0.0 : monthlyUsdCap;
    scope = scope == null ? INFERENCE : scope;
  }

  public boolean federationOnly() {
    return FEDERATION.equals(scope);
  }
}
