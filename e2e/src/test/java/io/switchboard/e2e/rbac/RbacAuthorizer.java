package io.switchboard.e2e.rbac;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.switchboard.e2e.local.ApiRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes RBAC authorization over a fixed set of Roles, ClusterRoles and their bindings, as the
 * API server's RBAC authorizer decides it (pkg/registry/rbac/validation and
 * plugin/pkg/auth/authorizer/rbac): a request is allowed when some rule of some role bound to the
 * subject matches it, and nothing denies.
 *
 * <ul>
 *   <li>A ClusterRoleBinding grants its ClusterRole's rules everywhere: in every namespace, for
 *       cluster-scoped resources, for all-namespace lists and watches, and for non-resource URLs.
 *   <li>A RoleBinding grants its Role's, or a ClusterRole's, rules in its own namespace only; a
 *       ClusterRole's {@code nonResourceURLs} grant nothing through it.
 *   <li>Verbs, API groups and resources match exactly or by {@code *}; {@code resource/sub} names a
 *       subresource and {@code *}{@code /sub} that subresource of every resource, while a plain
 *       resource never covers its subresources.
 *   <li>{@code resourceNames} limit a rule to those names; a request without a name (a create, an
 *       unnarrowed list) does not match such a rule.
 *   <li>A binding to a role that does not exist grants nothing; an aggregated ClusterRole's rules
 *       are those of the ClusterRoles its selectors match (as the aggregation controller fills
 *       them).
 * </ul>
 */
public final class RbacAuthorizer {

  /** Who asks: a ServiceAccount, with the user name and groups the API server gives it. */
  public record ServiceAccount(String namespace, String name) {

    String userName() {
      return "system:serviceaccount:" + namespace + ":" + name;
    }

    List<String> groups() {
      return List.of(
          "system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
    }
  }

  /** A rule in force, where: {@code namespace} empty means everywhere (a ClusterRoleBinding). */
  public record Grant(String binding, String role, String namespace, PolicyRule rule) {

    @Override
    public String toString() {
      return role
          + " via "
          + binding
          + (namespace.isEmpty() ? " (cluster-wide)" : " in " + namespace)
          + ": "
          + RbacAuthorizer.describe(rule);
    }
  }

  private final Map<String, Role> roles = new HashMap<>();
  private final Map<String, ClusterRole> clusterRoles = new HashMap<>();
  private final List<RoleBinding> roleBindings = new ArrayList<>();
  private final List<ClusterRoleBinding> clusterRoleBindings = new ArrayList<>();

  /** Takes the RBAC objects among {@code objects} and ignores every other kind. */
  public RbacAuthorizer(Collection<? extends HasMetadata> objects) {
    for (HasMetadata object : objects) {
      if (object instanceof Role role) {
        roles.put(key(namespaceOf(role), role.getMetadata().getName()), role);
      } else if (object instanceof ClusterRole role) {
        clusterRoles.put(role.getMetadata().getName(), role);
      } else if (object instanceof RoleBinding binding) {
        namespaceOf(binding);
        roleBindings.add(binding);
      } else if (object instanceof ClusterRoleBinding binding) {
        clusterRoleBindings.add(binding);
      }
    }
  }

  /** The first grant that allows {@code request} to {@code subject}, if any. */
  public Optional<Grant> allowing(ServiceAccount subject, ApiRequest request) {
    return grants(subject).stream().filter(g -> allows(g, request)).findFirst();
  }

  public boolean allows(ServiceAccount subject, ApiRequest request) {
    return allowing(subject, request).isPresent();
  }

  /** Every rule in force for {@code subject}. */
  public List<Grant> grants(ServiceAccount subject) {
    List<Grant> grants = new ArrayList<>();
    for (ClusterRoleBinding binding : clusterRoleBindings) {
      if (binds(binding.getSubjects(), "", subject)) {
        String name = "ClusterRoleBinding/" + binding.getMetadata().getName();
        RoleRef ref = binding.getRoleRef();
        if ("ClusterRole".equals(ref.getKind())) {
          clusterRoleRules(ref.getName())
              .forEach(r -> grants.add(new Grant(name, "ClusterRole/" + ref.getName(), "", r)));
        }
      }
    }
    for (RoleBinding binding : roleBindings) {
      String namespace = namespaceOf(binding);
      if (binds(binding.getSubjects(), namespace, subject)) {
        String name = "RoleBinding/" + namespace + "/" + binding.getMetadata().getName();
        RoleRef ref = binding.getRoleRef();
        List<PolicyRule> rules =
            switch (ref.getKind()) {
              case "Role" -> {
                Role role = roles.get(key(namespace, ref.getName()));
                yield role == null ? List.of() : nullToEmpty(role.getRules());
              }
              case "ClusterRole" -> clusterRoleRules(ref.getName());
              default -> List.of();
            };
        rules.forEach(
            r -> grants.add(new Grant(name, ref.getKind() + "/" + ref.getName(), namespace, r)));
      }
    }
    return grants;
  }

  static boolean allows(Grant grant, ApiRequest request) {
    PolicyRule rule = grant.rule();
    if (!matches(rule.getVerbs(), request.verb())) {
      return false;
    }
    if (!request.isResourceRequest()) {
      // Non-resource URLs are cluster-wide by nature: only a ClusterRoleBinding grants them.
      return grant.namespace().isEmpty()
          && urlMatches(rule.getNonResourceURLs(), request.nonResourcePath());
    }
    if (!grant.namespace().isEmpty() && !grant.namespace().equals(request.namespace())) {
      return false;
    }
    return matches(rule.getApiGroups(), request.apiGroup())
        && resourceMatches(rule.getResources(), request)
        && (nullToEmpty(rule.getResourceNames()).isEmpty()
            || rule.getResourceNames().contains(request.name()));
  }

  private List<PolicyRule> clusterRoleRules(String name) {
    ClusterRole role = clusterRoles.get(name);
    if (role == null) {
      return List.of();
    }
    if (role.getAggregationRule() == null) {
      return nullToEmpty(role.getRules());
    }
    List<PolicyRule> rules = new ArrayList<>();
    for (LabelSelector selector :
        nullToEmpty(role.getAggregationRule().getClusterRoleSelectors())) {
      if (!nullToEmpty(selector.getMatchExpressions()).isEmpty()) {
        throw new UnsupportedOperationException(
            "matchExpressions in the aggregation rule of " + name);
      }
      Map<String, String> wanted =
          selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
      for (ClusterRole candidate : clusterRoles.values()) {
        Map<String, String> labels = candidate.getMetadata().getLabels();
        if (candidate != role
            && candidate.getAggregationRule() == null
            && labels != null
            && labels.entrySet().containsAll(wanted.entrySet())) {
          rules.addAll(nullToEmpty(candidate.getRules()));
        }
      }
    }
    return rules;
  }

  private static boolean binds(
      List<Subject> subjects, String bindingNamespace, ServiceAccount who) {
    for (Subject s : nullToEmpty(subjects)) {
      boolean match =
          switch (s.getKind()) {
            case "ServiceAccount" -> {
              String namespace =
                  s.getNamespace() == null || s.getNamespace().isEmpty()
                      ? bindingNamespace
                      : s.getNamespace();
              yield who.name().equals(s.getName()) && who.namespace().equals(namespace);
            }
            case "User" -> who.userName().equals(s.getName());
            case "Group" -> who.groups().contains(s.getName());
            default -> false;
          };
      if (match) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(List<String> allowed, String value) {
    List<String> values = nullToEmpty(allowed);
    return values.contains("*") || values.contains(value);
  }

  private static boolean resourceMatches(List<String> allowed, ApiRequest request) {
    for (String resource : nullToEmpty(allowed)) {
      if (resource.equals("*") || resource.equals(request.qualifiedResource())) {
        return true;
      }
      if (!request.subresource().isEmpty() && resource.equals("*/" + request.subresource())) {
        return true;
      }
    }
    return false;
  }

  private static boolean urlMatches(List<String> allowed, String path) {
    for (String url : nullToEmpty(allowed)) {
      if (url.equals("*") || url.equals(path)) {
        return true;
      }
      if (url.endsWith("*") && path.startsWith(url.substring(0, url.length() - 1))) {
        return true;
      }
    }
    return false;
  }

  static String describe(PolicyRule rule) {
    StringBuilder text = new StringBuilder();
    if (!nullToEmpty(rule.getNonResourceURLs()).isEmpty()) {
      text.append("nonResourceURLs ").append(rule.getNonResourceURLs());
    } else {
      text.append("apiGroups ")
          .append(rule.getApiGroups())
          .append(" resources ")
          .append(rule.getResources());
      if (!nullToEmpty(rule.getResourceNames()).isEmpty()) {
        text.append(" resourceNames ").append(rule.getResourceNames());
      }
    }
    return text.append(" verbs ").append(rule.getVerbs()).toString();
  }

  private static String namespaceOf(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    if (namespace == null || namespace.isEmpty()) {
      throw new IllegalArgumentException(
          object.getKind() + " " + object.getMetadata().getName() + " has no namespace");
    }
    return namespace;
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
