package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One peer router of a federated policy. In the config either a plain URL string (no
 * authentication, the format before peers had keys) or an object {@code {"url": ..., "apiKeyFile":
 * ...}}.
 *
 * @param url the peer router's base URL ({@code /switchboard/federation/aggregate} is appended)
 * @param apiKeyFile path of a mounted Secret file holding the tenant API key the peer issued to
 *     this cluster; sent as {@code Authorization: Bearer <key>} when fetching the peer's aggregate.
 *     Optional; never the key itself
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FederatedPeer(String url, String apiKeyFile) {

  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  public FederatedPeer {}

  /** The plain-string form: a URL without a key. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static FederatedPeer of(String url) {
    return new FederatedPeer(url, null);
  }
}
