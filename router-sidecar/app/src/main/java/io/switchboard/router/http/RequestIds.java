package io.switchboard.router.http;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: the client's {@code x-request-id} when it is sane, else 128 random bits in hex (no
 * SecureRandom on the hot path).
 */
final class RequestIds {
  String fromClientOrNew(String clientValue) {
    if (clientValue != null
        && !clientValue.isEmpty()
        && clientValue.length() <= 128
        && printable(clientValue)) {
      return clientValue;
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return hex(r.nextLong()) + hex(r.nextLong());
  }

  private static String hex(long v) {
    String s = Long.toHexString(v);
    return s.length() == 16 ? s : "0".repeat(16 - s.length()) + s;
  }

  private static boolean printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
