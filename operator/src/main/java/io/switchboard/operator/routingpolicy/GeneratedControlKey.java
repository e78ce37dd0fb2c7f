package io.switchboard.operator.routingpolicy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The router control key when the install names no key Secret of its own: a random 256-bit key the
 * operator creates once in its own namespace ({@code get} on that one Secret name and {@code
 * create} are all it needs there) and reads back on every start, so tokens stay the same across
 * operator restarts and replicas. A Secret rather than anything the chart renders: a GitOps tool
 * renders charts without cluster access, so a chart-generated key would change on every sync.
 * Deleting the Secret rotates the key (a new one is created on the next read).
 */
public final class GeneratedControlKey implements RouterControlTokens.KeySource {

  private static final Logger LOG = Logger.getLogger(GeneratedControlKey.class);

  /** The data key; the same layout as a user's own key Secret mounted as a file. */
  public static final String DATA_KEY = "key";

  /** How long a read key is used before the Secret is read again (a rotation's delay). */
  static final Duration REREAD_AFTER = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private byte[] key;
  private Instant readAt;
  private boolean warned;

  public GeneratedControlKey(KubernetesClient client, String namespace, String name, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.clock = clock;
  }

  @Override
  public synchronized Optional<byte[]> key() {
    Instant now = clock.instant();
    if (key != null && readAt != null && now.isBefore(readAt.plus(REREAD_AFTER))) {
      return Optional.of(key);
    }
    try {
      byte[] read = readOrCreate();
      key = read;
      readAt = now;
      warned = false;
      return Optional.of(read);
    } catch (KubernetesClientException e) {
      if (!warned) {
        warned = true;
        LOG.warnf(
            "router control key Secret %s/%s unavailable (HTTP %d): the routers' control"
                + " endpoints stay open and no router state is kept until it is",
            namespace, name, e.getCode());
      }
      // A key read before keeps working through an API server hiccup.
      return Optional.ofNullable(key);
    }
  }

  private byte[] readOrCreate() {
    var secrets = client.secrets().inNamespace(namespace);
    Secret existing = secrets.withName(name).get();
    if (existing == null) {
      byte[] fresh = new byte[32];
      random.nextBytes(fresh);
      Secret secret =
          new SecretBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(namespace)
              .withLabels(
                  Map.of(
                      "app.kubernetes.io/managed-by", "switchboard-operator",
                      "app.kubernetes.io/component", "router-control-key"))
              .endMetadata()
              .withType("Opaque")
              .withData(Map.of(DATA_KEY, encode(HexFormat.of().formatHex(fresh))))
              .build();
      try {
        existing = secrets.resource(secret).create();
        LOG.infof("created the router control key Secret %s/%s", namespace, name);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Another operator replica created it first: use theirs.
        existing = secrets.withName(name).get();
      }
    }
    String data = existing == null ? null : existing.getData().get(DATA_KEY);
    try {
      return RouterControlTokens.parseKey(
          data == null
              ? null
              : new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new KubernetesClientException(
          "Secret "
              + namespace
              + "/"
              + name
              + " has no usable '"
              + DATA_KEY
              + "': "
              + e.getMessage(),
          422,
          null);
    }
  }

  private static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
