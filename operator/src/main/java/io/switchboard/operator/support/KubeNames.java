package io.switchboard.operator.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names of the objects the operator owns; they must stay valid DNS labels (Services) of at most 63
 * characters.
 */
public final class KubeNames {

  private static final int DNS_LABEL_MAX = 63;

  private KubeNames() {}

  /** Deployment and Service of one self-hosted expert. */
  public static String expertWorkload(String pool, String expert) {
    return label(pool + "-" + expert);
  }

  /** ConfigMap holding a policy's rendered router configuration. */
  public static String routerConfigMap(String policy) {
    return label(policy + "-router-config");
  }

  /**
   * ConfigMap holding the durable state of one router replica of a policy ({@code instance}: the
   * replica's own id, hashed so that any id gives a valid name).
   */
  public static String routerState(String policy, String instance) {
    return label(policy + "-router-state-" + sha256(instance).substring(0, 12));
  }

  /** The NetworkPolicy over a pool's expert pods. */
  public static String expertsNetworkPolicy(String pool) {
    return label(pool + "-experts");
  }

  /** Gateway Deployment, Service and NetworkPolicy of a policy. */
  public static String gateway(String policy) {
    return label(policy + "-router");
  }

  /** Headless Service over the management port (health, metrics) of a policy's gateway pods. */
  public static String gatewayManagement(String policy) {
    return label(policy + "-router-management");
  }

  /**
   * Keeps a readable prefix and appends a hash when the name is too long, so distinct inputs stay
   * distinct.
   */
  static String label(String name) {
    String lower = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    if (lower.length() <= DNS_LABEL_MAX) {
      return lower;
    }
    String hash = sha256(lower).substring(0, 8);
    String prefix = lower.substring(0, DNS_LABEL_MAX - hash.length() - 1).replaceAll("-+$", "");
    return prefix + "-" + hash;
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
