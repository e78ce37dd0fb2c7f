package io.switchboard.router.core.accounting;

/** Tokenizer-free token estimate: ceil(UTF-8 bytes / 4); see the package doc for why. */
public final class TokenEstimator {
  public static final int BYTES_PER_TOKEN = 4;

  public long fromUtf8Bytes(long bytes) {
    return bytes <= 0 ? 0 : (bytes + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN;
  }

  public long fromText(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    return fromUtf8Bytes(utf8Length(text));
  }

  static long utf8Length(CharSequence s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
