package io.switchboard.operator.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Creates or updates owned objects, writing only when the desired state changed. The desired
 * object's hash is kept in an annotation, so an unchanged reconcile issues no write and cannot
 * start an update loop with the informer that watches the object.
 */
public class ResourceApplier {

  public static final String DESIRED_HASH = "switchboard.io/desired-hash";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "switchboard-operator";

  private final KubernetesClient client;

  public ResourceApplier(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Applies {@code desired}; {@code keep} copies fields others own (e.g. replicas set by an
   * autoscaler) from the live object.
   */
  public <T extends HasMetadata> T apply(HasMetadata owner, T desired, BiConsumer<T, T> keep) {
    return apply(owner, desired, null, keep);
  }

  /**
   * As {@link #apply(HasMetadata, HasMetadata, BiConsumer)}, comparing with {@code cached} (the
   * informer's copy, may be null) instead of reading the object: an unchanged object then costs no
   * API call at all. A stale cache at worst yields a 409 and a retried reconcile.
   */
  public <T extends HasMetadata> T apply(
      HasMetadata owner, T desired, T cached, BiConsumer<T, T> keep) {
    desired.getMetadata().setNamespace(owner.getMetadata().getNamespace());
    desired.getMetadata().setOwnerReferences(java.util.List.of(ownerReference(owner)));
    Map<String, String> labels =
        new HashMap<>(
            desired.getMetadata().getLabels() == null
                ? Map.of()
                : desired.getMetadata().getLabels());
    labels.put(MANAGED_BY, OPERATOR);
    desired.getMetadata().setLabels(labels);
    String hash = KubeNames.sha256(Serialization.asJson(desired)).substring(0, 16);
    Map<String, String> annotations =
        new HashMap<>(
            desired.getMetadata().getAnnotations() == null
                ? Map.of()
                : desired.getMetadata().getAnnotations());
    annotations.put(DESIRED_HASH, hash);
    desired.getMetadata().setAnnotations(annotations);

    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) desired.getClass();
    T live =
        cached != null
            ? cached
            : client
                .resources(type)
                .inNamespace(desired.getMetadata().getNamespace())
                .withName(desired.getMetadata().getName())
                .get();
    if (live == null) {
      return client.resource(desired).create();
    }
    if (live.getMetadata().getAnnotations() != null
        && hash.equals(live.getMetadata().getAnnotations().get(DESIRED_HASH))) {
      return live;
    }
    keep.accept(live, desired);
    desired.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
    return client.resource(desired).update();
  }

  public KubernetesClient client() {
    return client;
  }

  public <T extends HasMetadata> T apply(HasMetadata owner, T desired) {
    return apply(owner, desired, (live, wanted) -> {});
  }

  public static OwnerReference ownerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
