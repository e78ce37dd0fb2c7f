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
 * Bearer tokens for the routers' learned-state exchange ({@code /switchboard/learning/*}), one per
 * policy: HMAC-SHA256 of {@code namespace/name} under a key the operator reads from a file (a
 * Secret the Helm chart mounts into the operator pod only; the operator needs no Secret
 * permissions). A router's config carries only the SHA-256 of its policy's token, so neither a
 * reader of the ConfigMap nor a compromised router of one policy holds a token that works on
 * another policy's routers. Without a key file the exchange stays open.
 */
public final class RouterControlTokens {

  private static final Logger LOG = Logger.getLogger(RouterControlTokens.class);

  private final Optional<Path> keyFile;
  private volatile boolean warned;

  public RouterControlTokens(Optional<Path> keyFile) {
    this.keyFile = keyFile;
  }

  public static RouterControlTokens none() {
    return new RouterControlTokens(Optional.empty());
  }

  /**
   * The policy's token, or empty when no key is configured. The key file is re-read, so a rotation
   * takes effect.
   */
  public Optional<String> token(RoutingPolicy policy) {
    return key()
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

  private Optional<byte[]> key() {
    if (keyFile.isEmpty()) {
      return Optional.empty();
    }
    try {
      byte[] key = Files.readString(keyFile.get()).strip().getBytes(StandardCharsets.UTF_8);
      if (key.length < 32) {
        throw new IOException("the key has " + key.length + " bytes, at least 32 are needed");
      }
      warned = false;
      return Optional.of(key);
    } catch (IOException e) {
      if (!warned) {
        warned = true;
        LOG.warnf(
            "router control key %s unusable (%s): the learned-state exchange is left open",
            keyFile.get(), e.getMessage());
      }
      return Optional.empty();
    }
  }
}
