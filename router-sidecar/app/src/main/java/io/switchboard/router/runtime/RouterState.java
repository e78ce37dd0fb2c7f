package io.switchboard.router.runtime;

import io.switchboard.router.config.ExpertConfig;
import io.switchboard.router.config.ExpertKind;
import io.switchboard.router.config.RouterConfig;
import io.switchboard.router.core.spi.Embedder;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.tenant.TenantDirectory;
import io.switchboard.router.tenant.TenantRateLimiter;
import io.switchboard.router.upstream.ExpertRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One loaded, validated config with everything built from it. Immutable once published: a reload
 * builds a new state and swaps the reference, so in-flight requests finish on the state they
 * started with.
 *
 * @param config the config
 * @param contentHash hash of the config file and the Secret files it names (change detection)
 * @param strategy the policy's strategy
 * @param experts runtimes by expert name
 * @param chatExperts chat experts in config order, as strategy candidates
 * @param embeddingExperts embedding experts in priority order
 * @param tenants API key directory
 * @param rateLimiter per-tenant rate limit
 * @param modelsJson the {@code GET /v1/models} body
 * @param embedder the policy's prompt encoder ({@code policy.embedding}), loaded on first use
 * @param peerAuthorizations {@code Bearer <key>} by federation peer URL, from the peers' key files
 *     (redacted toString)
 * @param shadowStrategy the strategy of {@code policy.shadow.mode}, asked on sampled requests and
 *     never served; null without a shadow
 */
public record RouterState(
    RouterConfig config,
    String contentHash,
    RoutingStrategy strategy,
    Map<String, ExpertRuntime> experts,
    List<ExpertState> chatExperts,
    List<ExpertState> embeddingExperts,
    TenantDirectory tenants,
    TenantRateLimiter rateLimiter,
    String modelsJson,
    Embedder embedder,
    PeerAuthorizations peerAuthorizations,
    RoutingStrategy shadowStrategy) {

  static List<ExpertState> ofKind(
      RouterConfig config, Map<String, ExpertRuntime> experts, ExpertKind kind) {
    List<ExpertState> out = new ArrayList<>();
    for (ExpertConfig e : config.experts()) {
      if (e.kind() == kind) {
        out.add(experts.get(e.name()));
      }
    }
    if (kind == ExpertKind.EMBEDDING) {
      out.sort(java.util.Comparator.comparingInt(s -> s.config().priority()));
    }
    return List.copyOf(out);
  }

  /** Closes the strategies built for this state. */
  public void closeStrategies() {
    strategy.close();
    if (shadowStrategy != null) {
      shadowStrategy.close();
    }
  }

  public String policyName() {
    return config.policy().name();
  }

  public boolean anyChatExpertAvailable() {
    for (ExpertState e : chatExperts) {
      if (e.available()) {
        return true;
      }
    }
    return false;
  }
}
