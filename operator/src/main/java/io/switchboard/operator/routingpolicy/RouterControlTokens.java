package io.switchboard.operator.routingpolicy;

import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.support.KubeNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Bearer tokens for the routers' control endpoints (learned-state exchange, usage, durable state),
 * one per policy: HMAC-SHA256 of {@code namespace/name} under one key. The key is a file (the
 * install's own Secret, which the Helm chart mounts into the operator pod only) or, by default, a
 * Secret the operator generates in its own namespace ({@link GeneratedControlKey}). A router's
 * config carries only the SHA-256 of its policy's token, so neither a reader of the ConfigMap nor a
 * compromised router of one policy holds a token that works on another policy's routers. Without a
 * usable key the control endpoints stay open (and warn).
 */
public final class RouterControlTokens {

  private static final Logger LOG = Logger.getLogger(RouterControlTokens.class);

  /** Shortest key accepted: 256 bits. */
  static final int MIN_KEY_BYTES = 32;

  /** Where the key comes from; read on every use, so a rotation takes effect. */
  public interface KeySource {
    Optional<byte[]> key();
  }

  private final KeySource source;

  public RouterControlTokens(KeySource source) {
    this.source = source;
  }

  /**
   * The key as stored, surrounding whitespace dropped (a file or Secret written by {@code echo}
   * ends in a newline).
   *
   * @throws IllegalArgumentException when it is shorter than {@link #MIN_KEY_BYTES}
   */
  static byte[] parseKey(String stored) {
    byte[] key = stored == null ? new byte[0] : stored.strip().getBytes(StandardCharsets.UTF_8);
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "the key has " + key.length + " bytes, at least " + MIN_KEY_BYTES + " are needed");
    }
    return key;
  }

  /** A key file (the install's own Secret, mounted), or no key when empty. */
  public RouterControlTokens(Optional<Path> keyFile) {
    this(keyFile.<KeySource>map(KeyFile::new).orElse(Optional::empty));
  }

  public static RouterControlTokens none() {
    return new RouterControlTokens(Optional.<Path>empty());
  }

  /**
   * The policy's token, or empty when no key is configured. The key file is re-read, so a rotation
   * takes effect.
   */
  public Optional<String> token(RoutingPolicy policy) {
    return source
        .key()
        .map(
            key -> {
              try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                String subject =
                    policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
                return HexFormat.of()
                    .formatHex(mac.doFinal(subject.getBytes(StandardCharsets.UTF_8)));
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is always available", e);
              }
            });
  }

  /** What the router config carries: the hex SHA-256 of {@link #token}. */
  public Optional<String> tokenSha256(RoutingPolicy policy) {
    return token(policy).map(KubeNames::sha256);
  }

  /** The key from a file, re-read on every use. */
  private static final class KeyFile implements KeySource {
    private final Path file;
    private volatile boolean warned;

    KeyFile(Path file) {
      this.file = file;
    }

    @Override
    public Optional<byte[]> key() {
      try {
        byte[] key = parseKey(Files.readString(file));
        warned = false;
        return Optional.of(key);
      } catch (IOException | IllegalArgumentException e) {
        if (!warned) {
          warned = true;
          LOG.warnf(
              "router control key %s unusable (%s): the routers' control endpoints are left open",
              file, e.getMessage());
        }
        return Optional.empty();
      }
    }
  }
}
