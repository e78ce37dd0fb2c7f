package io.switchboard.e2e.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.switchboard.e2e.local.ApiRequest;
import io.switchboard.e2e.rbac.RbacAuthorizer.ServiceAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RbacAuthorizerTest {

  static final ServiceAccount OPERATOR = new ServiceAccount("sys", "operator");
  static final ServiceAccount OTHER = new ServiceAccount("sys", "someone-else");

  @Test
  void aClusterRoleBindingGrantsEverywhereButOnlyTheVerbsAndResourcesNamed() {
    RbacAuthorizer rbac =
        new RbacAuthorizer(
            List.of(
                clusterRole(
                    "workloads", rule(List.of("apps"), List.of("deployments"), "get", "list")),
                clusterBinding("workloads", serviceAccount(OPERATOR))));

    assertThat(rbac.allows(OPERATOR, get("apps", "deployments", "team-a", "x"))).isTrue();
    assertThat(rbac.allows(OPERATOR, list("apps", "deployments", "")))
        .as("all namespaces")
        .isTrue();
    assertThat(rbac.allows(OPERATOR, verb("delete", "apps", "deployments", "team-a", "x")))
        .isFalse();
    assertThat(rbac.allows(OPERATOR, get("", "deployments", "team-a", "x")))
        .as("other group")
        .isFalse();
    assertThat(rbac.allows(OPERATOR, get("apps", "statefulsets", "team-a", "x"))).isFalse();
    assertThat(rbac.allows(OTHER, get("apps", "deployments", "team-a", "x")))
        .as("other account")
        .isFalse();
  }

  @Test
  void aPlainResourceNeverCoversItsSubresourcesButStarSlashSubDoes() {
    RbacAuthorizer plain =
        new RbacAuthorizer(
            List.of(
                clusterRole("r", rule(List.of("apps"), List.of("deployments"), "get", "patch")),
                clusterBinding("r", serviceAccount(OPERATOR))));
    RbacAuthorizer starSub =
        new RbacAuthorizer(
            List.of(
                clusterRole("r", rule(List.of("apps"), List.of("*/scale"), "patch")),
                clusterBinding("r", serviceAccount(OPERATOR))));
    ApiRequest scale = ApiRequest.resource("patch", "apps", "deployments", "scale", "a", "x");

    assertThat(plain.allows(OPERATOR, scale)).isFalse();
    assertThat(starSub.allows(OPERATOR, scale)).isTrue();
    assertThat(starSub.allows(OPERATOR, verb("patch", "apps", "deployments", "a", "x"))).isFalse();
  }

  @Test
  void wildcardsMatchAnyVerbGroupOrResource() {
    RbacAuthorizer rbac =
        new RbacAuthorizer(
            List.of(
                clusterRole("all", rule(List.of("*"), List.of("*"), "*")),
                clusterBinding("all", serviceAccount(OPERATOR))));

    assertThat(rbac.allows(OPERATOR, verb("deletecollection", "x.io", "things", "a", ""))).isTrue();
    assertThat(rbac.allows(OPERATOR, ApiRequest.resource("update", "", "pods", "status", "a", "p")))
        .isTrue();
    assertThat(rbac.allows(OPERATOR, ApiRequest.nonResource("get", "/version")))
        .as("resource wildcards are not non-resource URLs")
        .isFalse();
  }

  @Test
  void resourceNamesLimitARuleToThoseNamesAndRequestsWithoutANameDoNotMatch() {
    PolicyRule byName = rule(List.of(""), List.of("secrets"), "get", "list", "create");
    byName.setResourceNames(List.of("key"));
    RbacAuthorizer rbac =
        new RbacAuthorizer(
            List.of(
                role("sys", "key", byName),
                binding("sys", "key", "Role", serviceAccount(OPERATOR))));

    assertThat(rbac.allows(OPERATOR, get("", "secrets", "sys", "key"))).isTrue();
    assertThat(rbac.allows(OPERATOR, get("", "secrets", "sys", "other"))).isFalse();
    assertThat(rbac.allows(OPERATOR, list("", "secrets", "sys"))).as("unnarrowed list").isFalse();
    assertThat(rbac.allows(OPERATOR, ApiRequest.resource("list", "", "secrets", "", "sys", "key")))
        .as("list narrowed by fieldSelector metadata.name")
        .isTrue();
    assertThat(rbac.allows(OPERATOR, verb("create", "", "secrets", "sys", "")))
        .as("create has no name to check")
        .isFalse();
  }

  @Test
  void aRoleBindingGrantsOnlyInItsOwnNamespaceEvenForAClusterRole() {
    RbacAuthorizer rbac =
        new RbacAuthorizer(
            List.of(
                clusterRole("workloads", rule(List.of(""), List.of("pods"), "list", "watch")),
                binding("team-a", "workloads", "ClusterRole", serviceAccount(OPERATOR)),
                role("team-b", "own", rule(List.of(""), List.of("services"), "get")),
                binding("team-b", "own", "Role", serviceAccount(OPERATOR))));

    assertThat(rbac.allows(OPERATOR, list("", "pods", "team-a"))).isTrue();
    assertThat(rbac.allows(OPERATOR, list("", "pods", "team-b"))).isFalse();
    assertThat(rbac.allows(OPERATOR, list("", "pods", ""))).as("cluster-wide list").isFalse();
    assertThat(rbac.allows(OPERATOR, get("", "services", "team-b", "s"))).isTrue();
    assertThat(rbac.allows(OPERATOR, get("", "services", "team-a", "s"))).isFalse();
  }

  @Test
  void aRoleBindingFindsItsRoleInItsOwnNamespaceOnly() {
    RbacAuthorizer rbac =
        new RbacAuthorizer(
            List.of(
                role("team-a", "own", rule(List.of(""), List.of("services"), "get")),
                binding("team-b", "own", "Role", serviceAccount(OPERATOR))));

    assertThat(rbac.allows(OPERATOR, get("", "services", "team-b", "s"))).isFalse();
    assertThat(rbac.allows(OPERATOR, get("", "services", "team-a", "s"))).isFalse();
  }

  @Test
  void nonResourceUrlsAreGrantedByClusterRoleBindingsOnlyAndMatchByPrefixStar() {
    PolicyRule discovery =
        new PolicyRuleBuilder().withNonResourceURLs("/apis/*", "/version").withVerbs("get").build();
    RbacAuthorizer cluster =
        new RbacAuthorizer(
            List.of(
                clusterRole("d", discovery), clusterBinding("d", group("system:authenticated"))));
    RbacAuthorizer namespaced =
        new RbacAuthorizer(
            List.of(
                clusterRole("d", discovery),
                binding("sys", "d", "ClusterRole", serviceAccount(OPERATOR))));

    assertThat(cluster.allows(OPERATOR, ApiRequest.nonResource("get", "/apis/apps/v1"))).isTrue();
    assertThat(cluster.allows(OPERATOR, ApiRequest.nonResource("get", "/version"))).isTrue();
    assertThat(cluster.allows(OPERATOR, ApiRequest.nonResource("get", "/version/x"))).isFalse();
    assertThat(cluster.allows(OPERATOR, ApiRequest.nonResource("post", "/version"))).isFalse();
    assertThat(cluster.allows(OPERATOR, ApiRequest.nonResource("get", "/metrics"))).isFalse();
    assertThat(namespaced.allows(OPERATOR, ApiRequest.nonResource("get", "/version"))).isFalse();
  }

  @Test
  void groupAndUserSubjectsMatchTheServiceAccountsIdentity() {
    PolicyRule rule = rule(List.of(""), List.of("configmaps"), "get");
    for (Subject subject :
        List.of(
            group("system:serviceaccounts"),
            group("system:serviceaccounts:sys"),
            group("system:authenticated"),
            new SubjectBuilder()
                .withKind("User")
                .withName("system:serviceaccount:sys:operator")
                .build())) {
      RbacAuthorizer rbac =
          new RbacAuthorizer(List.of(clusterRole("r", rule), clusterBinding("r", subject)));
      assertThat(rbac.allows(OPERATOR, get("", "configmaps", "a", "c"))).as("%s", subject).isTrue();
    }
    RbacAuthorizer otherNamespace =
        new RbacAuthorizer(
            List.of(
                clusterRole("r", rule),
                clusterBinding("r", group("system:serviceaccounts:elsewhere"))));
    assertThat(otherNamespace.allows(OPERATOR, get("", "configmaps", "a", "c"))).isFalse();
  }

  @Test
  void aServiceAccountSubjectWithoutNamespaceInARoleBindingMeansTheBindingsNamespace() {
    Subject noNamespace =
        new SubjectBuilder().withKind("ServiceAccount").withName("operator").build();
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(role("sys", "r", rule(List.of(""), List.of("configmaps"), "get")));
    objects.add(binding("sys", "r", "Role", noNamespace));
    objects.add(role("other", "r", rule(List.of(""), List.of("configmaps"), "get")));
    objects.add(binding("other", "r", "Role", noNamespace));
    RbacAuthorizer rbac = new RbacAuthorizer(objects);

    assertThat(rbac.allows(OPERATOR, get("", "configmaps", "sys", "c"))).isTrue();
    assertThat(rbac.allows(OPERATOR, get("", "configmaps", "other", "c")))
        .as("that binding names sa other:operator")
        .isFalse();
  }

  @Test
  void anAggregatedClusterRoleHasTheRulesOfTheRolesItsSelectorsMatch() {
    ClusterRole part = clusterRole("part", rule(List.of("x.io"), List.of("things"), "get"));
    part.getMetadata().setLabels(Map.of("aggregate-to-reader", "true"));
    ClusterRole unlabelled =
        clusterRole("unrelated", rule(List.of("x.io"), List.of("others"), "get"));
    ClusterRole reader =
        new ClusterRoleBuilder()
            .withNewMetadata()
            .withName("reader")
            .endMetadata()
            .withNewAggregationRule()
            .addNewClusterRoleSelector()
            .withMatchLabels(Map.of("aggregate-to-reader", "true"))
            .endClusterRoleSelector()
            .endAggregationRule()
            .build();
    RbacAuthorizer rbac =
        new RbacAuthorizer(
            List.of(part, unlabelled, reader, clusterBinding("reader", serviceAccount(OPERATOR))));

    assertThat(rbac.allows(OPERATOR, get("x.io", "things", "a", "t"))).isTrue();
    assertThat(rbac.allows(OPERATOR, get("x.io", "others", "a", "t"))).isFalse();
  }

  @Test
  void aBindingToAMissingRoleGrantsNothing() {
    RbacAuthorizer rbac =
        new RbacAuthorizer(List.of(clusterBinding("missing", serviceAccount(OPERATOR))));
    assertThat(rbac.grants(OPERATOR)).isEmpty();
    assertThat(rbac.allows(OPERATOR, get("", "pods", "a", "p"))).isFalse();
  }

  @Test
  void theAllowingGrantNamesBindingRoleAndRule() {
    RbacAuthorizer rbac =
        new RbacAuthorizer(
            List.of(
                role(
                    "sys",
                    "leases",
                    rule(List.of("coordination.k8s.io"), List.of("leases"), "get")),
                binding("sys", "leases", "Role", serviceAccount(OPERATOR))));

    assertThat(rbac.allowing(OPERATOR, get("coordination.k8s.io", "leases", "sys", "l")))
        .hasValueSatisfying(
            g ->
                assertThat(g.toString())
                    .isEqualTo(
                        "Role/leases via RoleBinding/sys/leases in sys: apiGroups [coordination.k8s.io]"
                            + " resources [leases] verbs [get]"));
  }

  static ApiRequest get(String group, String resource, String namespace, String name) {
    return verb("get", group, resource, namespace, name);
  }

  static ApiRequest list(String group, String resource, String namespace) {
    return verb("list", group, resource, namespace, "");
  }

  static ApiRequest verb(
      String verb, String group, String resource, String namespace, String name) {
    return ApiRequest.resource(verb, group, resource, "", namespace, name);
  }

  static PolicyRule rule(List<String> groups, List<String> resources, String... verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(groups)
        .withResources(resources)
        .withVerbs(verbs)
        .build();
  }

  static ClusterRole clusterRole(String name, PolicyRule... rules) {
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withRules(rules)
        .build();
  }

  static Role role(String namespace, String name, PolicyRule... rules) {
    return new RoleBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withRules(rules)
        .build();
  }

  static ClusterRoleBinding clusterBinding(String clusterRole, Subject subject) {
    return new ClusterRoleBindingBuilder()
        .withNewMetadata()
        .withName(clusterRole)
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole)
        .withSubjects(subject)
        .build();
  }

  static RoleBinding binding(String namespace, String roleName, String roleKind, Subject subject) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(roleName)
        .withNamespace(namespace)
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", roleKind, roleName)
        .withSubjects(subject)
        .build();
  }

  static Subject serviceAccount(ServiceAccount account) {
    return new SubjectBuilder()
        .withKind("ServiceAccount")
        .withName(account.name())
        .withNamespace(account.namespace())
        .build();
  }

  static Subject group(String name) {
    return new SubjectBuilder()
        .withKind("Group")
        .withApiGroup("rbac.authorization.k8s.io")
        .withName(name)
        .build();
  }
}
