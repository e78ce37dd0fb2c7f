package io.switchboard.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Role's rules flattened to one grant per (group, resource), to compare regardless of how rules
 * are grouped.
 */
final class RbacRules {

  record Grant(String apiGroup, String resource, Set<String> verbs) {}

  private RbacRules() {}

  static Set<Grant> of(JsonNode role) {
    Set<Grant> grants = new LinkedHashSet<>();
    for (JsonNode rule : role.path("rules")) {
      Set<String> verbs = new TreeSet<>(OperatorPodAssertions.texts(rule.path("verbs")));
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          grants.add(new Grant(group.asText(), resource.asText(), verbs));
        }
      }
    }
    return grants;
  }

  /** What docs/rbac.md promises the operator gets in each namespace it watches; nothing more. */
  static Set<Grant> expectedOperatorRules() {
    Set<String> manage = Set.of("get", "list", "watch", "create", "update", "patch", "delete");
    Set<Grant> grants = new LinkedHashSet<>();
    for (String kind : new String[] {"expertpools", "routingpolicies", "budgets"}) {
      grants.add(
          new Grant("switchboard.io", kind, Set.of("get", "list", "watch", "patch", "update")));
      grants.add(new Grant("switchboard.io", kind + "/status", Set.of("get", "patch", "update")));
      grants.add(new Grant("switchboard.io", kind + "/finalizers", Set.of("update")));
    }
    grants.add(new Grant("apps", "deployments", manage));
    grants.add(new Grant("apps", "deployments/scale", Set.of("update")));
    grants.add(new Grant("", "services", manage));
    grants.add(new Grant("", "configmaps", manage));
    grants.add(new Grant("policy", "poddisruptionbudgets", manage));
    grants.add(new Grant("networking.k8s.io", "networkpolicies", manage));
    grants.add(new Grant("", "pods", Set.of("list", "watch")));
    grants.add(new Grant("", "endpoints", Set.of("get", "list", "watch")));
    grants.add(new Grant("", "events", Set.of("get", "create", "patch", "update")));
    grants.add(new Grant("events.k8s.io", "events", Set.of("create", "patch", "update")));
    return grants;
  }
}
