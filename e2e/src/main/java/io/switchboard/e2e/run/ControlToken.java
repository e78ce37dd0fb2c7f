package io.switchboard.e2e.run;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A policy's router control token as the operator derives it: HMAC-SHA256 of {@code namespace/name}
 * under the key it generated into its Secret. The harness needs it to read what only the operator
 * may read (usage, state); it is never printed.
 */
public final class ControlToken {

  /**
   * The Secret the operator generates its key into, in its own namespace (release "switchboard").
   */
  public static final String SECRET = "switchboard-router-control-key";

  private ControlToken() {}

  /** The generated key, as the operator reads it from {@link #SECRET} in {@code namespace}. */
  public static String generatedKey(KubernetesClient client, String namespace) {
    var secret = client.secrets().inNamespace(namespace).withName(SECRET).get();
    if (secret == null || secret.getData() == null || !secret.getData().containsKey("key")) {
      throw new IllegalStateException(
          "the operator has not generated Secret " + namespace + "/" + SECRET + " yet");
    }
    return new String(Base64.getDecoder().decode(secret.getData().get("key")), UTF_8).strip();
  }

  /** The token of policy {@code namespace/policy} under the operator's key in {@code namespace}. */
  public static String of(KubernetesClient client, String namespace, String policy) {
    return of(generatedKey(client, namespace), namespace, policy);
  }

  /** The token of policy {@code namespace/policy} under {@code key}. */
  public static String of(String key, String namespace, String policy) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal((namespace + "/" + policy).getBytes(UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is always available", e);
    }
  }
}
