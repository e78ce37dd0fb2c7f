package io.switchboard.router.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The per-policy control token the operator presents on the router's control endpoints ({@code
 * /switchboard/usage}, {@code /switchboard/learning/*}). The config carries only its SHA-256
 * ({@code policy.controlTokenSha256}), so reading the ConfigMap gives no token.
 */
final class ControlToken {
  private ControlToken() {}

  /**
   * Whether {@code authorization} is {@code Bearer <t>} with SHA-256(t) = {@code expectedHex},
   * compared in constant time.
   */
  static boolean presents(String authorization, String expectedHex) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    try {
      byte[] presented =
          MessageDigest.getInstance("SHA-256")
              .digest(authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8));
      return MessageDigest.isEqual(presented, HexFormat.of().parseHex(expectedHex));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
