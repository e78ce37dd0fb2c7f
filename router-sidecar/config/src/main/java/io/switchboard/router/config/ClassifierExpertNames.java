package io.switchboard.router.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which policy expert each model id of a trained classifier stands for. A model trained on recorded
 * outcomes keeps the dataset's model ids (e.g. {@code gpt-4-1106-preview}); a pool names its
 * experts as it likes. An id maps, in this order, to the expert {@code expertModels} names for it,
 * to the expert of that name, or to the first expert (in config order) whose {@code model} is that
 * id. Shared by the router (which renames the model's predictors) and the operator (which refuses a
 * policy whose model maps to none of its experts).
 */
public final class ClassifierExpertNames {
  private ClassifierExpertNames() {}

  /**
   * @param modelIds the ids the trained model has predictors for
   * @param expertModels explicit mapping, model id → expert name (may be empty)
   * @param modelByExpert the policy's chat experts in config order: name → {@code model}
   * @return model id → expert name for every id that maps; ids that map to nothing are left out
   * @throws IllegalArgumentException when two ids map to one expert
   */
  public static Map<String, String> resolve(
      Collection<String> modelIds,
      Map<String, String> expertModels,
      Map<String, String> modelByExpert) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, String> idByExpert = new LinkedHashMap<>();
    for (String id : modelIds) {
      String expert = expertFor(id, expertModels, modelByExpert);
      if (expert == null) {
        continue;
      }
      String earlier = idByExpert.putIfAbsent(expert, id);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "classifier model ids '"
                + earlier
                + "' and '"
                + id
                + "' both map to expert '"
                + expert
                + "'; name one of them in classifier expertModels");
      }
      out.put(id, expert);
    }
    return out;
  }

  private static String expertFor(
      String id, Map<String, String> expertModels, Map<String, String> modelByExpert) {
    String explicit = expertModels.get(id);
    if (explicit != null) {
      return modelByExpert.containsKey(explicit) ? explicit : null;
    }
    if (modelByExpert.containsKey(id)) {
      return id;
    }
    for (Map.Entry<String, String> e : modelByExpert.entrySet()) {
      if (id.equals(e.getValue())) {
        return e.getKey();
      }
    }
    return null;
  }

  /** The chat experts of {@code experts}, name → model, in order. */
  public static Map<String, String> modelByExpert(List<ExpertConfig> experts) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ExpertConfig e : experts) {
      if (e.kind() == ExpertKind.CHAT) {
        out.put(e.name(), e.model());
      }
    }
    return out;
  }
}
