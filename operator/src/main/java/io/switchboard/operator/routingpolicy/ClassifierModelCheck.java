package io.switchboard.operator.routingpolicy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.routingpolicy.ClassifierParams;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.router.config.ClassifierExpertNames;
import io.switchboard.router.config.ClassifierModelHeader;
import io.switchboard.router.config.EncoderSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a policy's trained classifier model from its ConfigMap and checks it the way the router
 * will before loading it, so that a missing ConfigMap or key, a file that is not a model, a model
 * of another format or one trained with another encoder than the policy's {@code spec.embedding}
 * shows up as {@code Valid=False} on the RoutingPolicy instead of as a refusal inside every router
 * replica. Only the model's header and its model ids are checked: the weights need the router's
 * feature code, which the operator does not ship; the router refuses a model whose weights do not
 * fit. A model whose ids map to none of the policy's experts ({@link ClassifierExpertNames}: by
 * {@code spec.classifier.expertModels}, by name or by the expert's {@code model}) is refused with
 * the ids it knows: it would route nothing it was trained for.
 */
final class ClassifierModelCheck {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ClassifierModelCheck() {}

  /**
   * What the router would refuse about the declared model, or empty when there is none or it loads.
   */
  static Optional<String> problem(
      KubernetesClient client, RoutingPolicy policy, EncoderSpec policyEncoder) {
    ClassifierParams classifier = policy.getSpec().classifier();
    if (classifier == null || classifier.modelRef() == null) {
      return Optional.empty();
    }
    String namespace = policy.getMetadata().getNamespace();
    ClassifierParams.ModelRef ref = classifier.modelRef();
    String where = "spec.classifier.modelRef: ConfigMap " + ref.configMap();
    ConfigMap configMap =
        client.configMaps().inNamespace(namespace).withName(ref.configMap()).get();
    if (configMap == null) {
      return Optional.of(where + " does not exist in namespace " + namespace);
    }
    String model = text(configMap, ref.key());
    if (model == null) {
      return Optional.of(where + " has no key " + ref.key());
    }
    List<String> ids = new ArrayList<>();
    try {
      ClassifierModelHeader header = ClassifierModelHeader.parse(model, JSON);
      header.requireEncoder(policyEncoder);
      header.requireFormat();
      JSON.readTree(model).path("experts").forEach(e -> ids.add(e.path("name").asText()));
    } catch (IOException | RuntimeException e) {
      return Optional.of(
          where + " key " + ref.key() + " is not a usable classifier model: " + e.getMessage());
    }
    ExpertPool pool =
        client
            .resources(ExpertPool.class)
            .inNamespace(namespace)
            .withName(policy.getSpec().poolRef().name())
            .get();
    // A missing pool is reported by the reference check already.
    return pool == null ? Optional.empty() : unmappedIds(policy, pool, ids, where, ref.key());
  }

  /** Why the model's ids {@code ids} fit none of the policy's experts, or empty when some map. */
  static Optional<String> unmappedIds(
      RoutingPolicy policy, ExpertPool pool, List<String> ids, String where, String key) {
    Map<String, String> modelByExpert = new LinkedHashMap<>();
    RouterWorkloads.expertsOf(policy, pool).forEach(e -> modelByExpert.put(e.name(), e.model()));
    Map<String, String> explicit = new LinkedHashMap<>();
    List<ClassifierParams.ModelMapping> mappings = policy.getSpec().classifier().expertModels();
    if (mappings != null) {
      mappings.forEach(m -> explicit.put(m.modelId(), m.expert()));
    }
    try {
      if (!ClassifierExpertNames.resolve(ids, explicit, modelByExpert).isEmpty()) {
        return Optional.empty();
      }
    } catch (IllegalArgumentException e) {
      return Optional.of(where + " key " + key + ": " + e.getMessage());
    }
    return Optional.of(
        where
            + " key "
            + key
            + " knows model ids "
            + ids
            + ", none of which is an expert of this policy "
            + modelByExpert.keySet()
            + " by name or by model; map them with spec.classifier.expertModels");
  }

  private static String text(ConfigMap configMap, String key) {
    if (configMap.getData() != null && configMap.getData().containsKey(key)) {
      return configMap.getData().get(key);
    }
    if (configMap.getBinaryData() != null && configMap.getBinaryData().containsKey(key)) {
      return new String(
          Base64.getDecoder().decode(configMap.getBinaryData().get(key)), StandardCharsets.UTF_8);
    }
    return null;
  }
}
