package io.switchboard.e2e.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The RoutingPolicy spec edits that switch the quickstart policy to each routing mode, with the
 * parameters each mode needs for the quickstart pool (experts mistral-7b, mixtral, gpt-35, gpt-4,
 * cheapest to strongest).
 */
public final class ModeSettings {

  public static final List<String> DEFAULT_MODES =
      List.of("weighted", "capability", "cascade", "bandit", "llm", "classifier");

  /**
   * The ConfigMap (and key) the classifier mode's trained model is stored in before the switch
   * ({@link ClassifierArtifact#store}).
   */
  public static final String CLASSIFIER_CONFIG_MAP = "quickstart-classifier";

  public static final String CLASSIFIER_KEY = "model.json";

  private static final Map<String, String> PARAMS =
      Map.of(
          // 95% of gpt-4's quality at the lowest cost, resolved on the model's out-of-fold curve.
          // The model keeps the dataset's model ids; each maps to the quickstart expert whose
          // `model` is that id (no expertModels needed).
          "classifier",
              "{\"classifier\":{\"modelRef\":{\"configMap\":\""
                  + CLASSIFIER_CONFIG_MAP
                  + "\",\"key\":\""
                  + CLASSIFIER_KEY
                  + "\"},\"targetQuality\":{\"fraction\":0.95,\"referenceExpert\":\"gpt-4\"}}}",
          "weighted", "{}",
          "capability", "{\"capability\":{\"costSensitivity\":0.4}}",
          "cascade",
              "{\"cascade\":{\"order\":[\"mistral-7b\",\"gpt-35\",\"gpt-4\"],\"confidence\":\"logprobs\","
                  + "\"threshold\":0.7,\"maxDepth\":2,\"maxAddedLatencyMs\":5000}}",
          // The judge (the strongest expert) grades half of the bandit's answers: its only quality
          // signal here.
          "bandit",
              "{\"bandit\":{\"algorithm\":\"linucb\",\"alpha\":0.8,\"judgeExpert\":\"gpt-4\",\"judgeSamplePercent\":50}}",
          "llm",
              "{\"llm\":{\"routerExpert\":\"mistral-7b\",\"timeoutMs\":600,\"fallbackMode\":\"capability\"}}");

  private static final ObjectMapper JSON = new ObjectMapper();

  private ModeSettings() {}

  public static boolean known(String mode) {
    return PARAMS.containsKey(mode);
  }

  /**
   * Sets {@code spec.mode} and merges that mode's parameter block (other blocks are left as they
   * are).
   */
  public static UnaryOperator<ObjectNode> switchTo(String mode) {
    if (!known(mode)) {
      throw new IllegalArgumentException("unknown mode " + mode + "; known: " + PARAMS.keySet());
    }
    return spec -> {
      try {
        spec.setAll((ObjectNode) JSON.readTree(PARAMS.get(mode)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      spec.put("mode", mode);
      return spec;
    };
  }
}
