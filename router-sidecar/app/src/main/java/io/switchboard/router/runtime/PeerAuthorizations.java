package io.switchboard.router.runtime;

import java.util.Map;

/**
 * {@code Authorization} header values ({@code Bearer <key>}) by federation peer URL, read from the
 * peers' {@code apiKeyFile}s. A class rather than a map in {@link RouterState}: a record's
 * generated {@code toString} would print the keys wherever a state is logged; this one names only
 * how many there are.
 */
public final class PeerAuthorizations {
  static final PeerAuthorizations NONE = new PeerAuthorizations(Map.of());

  private final Map<String, String> byPeerUrl;

  PeerAuthorizations(Map<String, String> byPeerUrl) {
    this.byPeerUrl = Map.copyOf(byPeerUrl);
  }

  /** The header value for {@code peerUrl} as configured, or null when that peer has no key file. */
  public String forPeer(String peerUrl) {
    return byPeerUrl.get(peerUrl);
  }

  @Override
  public String toString() {
    return "PeerAuthorizations[" + byPeerUrl.size() + " peers, redacted]";
  }
}
