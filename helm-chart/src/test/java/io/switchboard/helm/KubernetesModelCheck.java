package io.switchboard.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds rendered documents to the Kubernetes API model (Fabric8) and lists every field the model
 * does not know: a misspelt or misplaced key in a template ({@code readinesProbe}, {@code
 * runAsNonroot}, a probe under the pod instead of the container) lands in the model's {@code
 * additionalProperties} instead of failing silently at apply time. Kinds the model does not know
 * (ServiceMonitor, cert-manager) are skipped.
 */
final class KubernetesModelCheck {

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  /**
   * The paths of unknown fields, e.g. {@code Deployment/x:
   * spec.template.spec.containers[0].readinesProbe}.
   */
  List<String> unknownFields(JsonNode document) {
    KubernetesResource bound =
        serialization.unmarshal(document.toString(), KubernetesResource.class);
    if (bound instanceof GenericKubernetesResource) {
      return List.of();
    }
    List<String> unknown = new ArrayList<>();
    String where =
        document.path("kind").asText()
            + "/"
            + document.path("metadata").path("name").asText()
            + ": ";
    walk(bound, where, unknown, new IdentityHashMap<>());
    return unknown;
  }

  private void walk(Object value, String path, List<String> unknown, Map<Object, Boolean> seen) {
    if (value == null || seen.put(value, Boolean.TRUE) != null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", unknown, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?>
        || !value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object child = invoke(getter, value);
      String name =
          Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(key -> unknown.add(path + (path.endsWith(": ") ? "" : ".") + key));
        }
        continue;
      }
      walk(child, path + (path.endsWith(": ") ? "" : ".") + name, unknown, seen);
    }
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + getter, e);
    }
  }
}
