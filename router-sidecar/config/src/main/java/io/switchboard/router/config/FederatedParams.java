package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * Federated learning across clusters with differentially private aggregates.
 *
 * @param peers peer routers (URL and optional API key file); an expert whose endpoint is one of
 *     their URLs is that peer's pool
 * @param epsilonPerRound privacy budget spent per sharing round (> 0, default 0.1)
 * @param totalEpsilon total privacy budget; sharing stops once the next round would exceed it
 *     (default 1.0)
 * @param roundSeconds sharing period (default 300)
 * @param localMode mode making local decisions (default {@code bandit}, the one whose statistics
 *     are shared; any other mode except {@code federated} only gets offloading)
 * @param offloadWhenSaturated send requests to a peer's pool when every local expert is saturated
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FederatedParams(
    List<FederatedPeer> peers,
    Double epsilonPerRound,
    Double totalEpsilon,
    Long roundSeconds,
    Mode localMode,
    Boolean offloadWhenSaturated) {
  public static final FederatedParams DEFAULT =
      new FederatedParams(null, null, null, null, null, null);

  public FederatedParams {
    if (peers != null && peers.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException(
          "a peer is a URL string or an object {\"url\": ..., \"apiKeyFile\": ...}, not null");
    }
    peers = peers == null ? List.of() : List.copyOf(peers);
    epsilonPerRound = epsilonPerRound == null ? 0.1 : epsilonPerRound;
    totalEpsilon = totalEpsilon == null ? 1.0 : totalEpsilon;
    roundSeconds = roundSeconds == null ? 300L : roundSeconds;
    localMode = localMode == null ? Mode.BANDIT : localMode;
    offloadWhenSaturated = offloadWhenSaturated == null ? Boolean.FALSE : offloadWhenSaturated;
  }

  /** The peers' base URLs, as configured. */
  public List<String> peerUrls() {
    return peers.stream().map(FederatedPeer::url).toList();
  }

  /** True when {@code endpoint} is one of the peer routers (trailing slashes ignored). */
  public boolean isPeerEndpoint(String endpoint) {
    if (endpoint == null) {
      return false;
    }
    String e = stripSlash(endpoint);
    return peers.stream().anyMatch(p -> p.url() != null && stripSlash(p.url()).equals(e));
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
