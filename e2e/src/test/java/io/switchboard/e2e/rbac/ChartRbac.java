package io.switchboard.e2e.rbac;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatus;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.switchboard.e2e.local.ApiRequest;
import io.switchboard.e2e.rbac.RbacAuthorizer.Grant;
import io.switchboard.e2e.rbac.RbacDoc.Permission;
import io.switchboard.e2e.rbac.RbacDoc.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a rendered install lets the operator's ServiceAccount do: the chart's RBAC plus what every
 * authenticated user may do on any cluster (resource {@code rbac/kubernetes-default-roles.yaml}).
 */
public final class ChartRbac {

  private final RenderedChart chart;
  private final RbacAuthorizer authorizer;
  private final RbacAuthorizer.ServiceAccount operator;

  public ChartRbac(RenderedChart chart) {
    this.chart = chart;
    List<HasMetadata> objects = new ArrayList<>(chart.objects());
    objects.addAll(kubernetesDefaults());
    this.authorizer = new RbacAuthorizer(objects);
    this.operator = chart.operatorServiceAccount();
  }

  public RbacAuthorizer.ServiceAccount operator() {
    return operator;
  }

  public Optional<Grant> allowing(ApiRequest request) {
    return authorizer.allowing(operator, request);
  }

  /** Requests of {@code record} that this install does not allow. */
  public List<ApiRequest> denied(List<ApiRequest> record) {
    return record.stream().filter(r -> allowing(r).isEmpty()).toList();
  }

  /**
   * The release namespace's requests are the Lease and control-key ones; all others a watched
   * one's.
   */
  public Scope scopeOf(ApiRequest request) {
    return request.namespace().equals(chart.namespace())
        ? Scope.RELEASE_NAMESPACE
        : Scope.WATCHED_NAMESPACES;
  }

  /**
   * The chart's own grants to the operator, by the namespace they hold in ({@code ""}: every
   * namespace, a ClusterRoleBinding), leaving out the cluster's defaults for every user.
   */
  public Map<String, Set<Permission>> chartPermissionsByNamespace() {
    Map<String, Set<Permission>> byNamespace = new TreeMap<>();
    for (Grant grant : authorizer.grants(operator)) {
      if (grant.binding().startsWith("ClusterRoleBinding/system:")) {
        continue;
      }
      Scope scope =
          grant.namespace().equals(chart.namespace())
              ? Scope.RELEASE_NAMESPACE
              : Scope.WATCHED_NAMESPACES;
      byNamespace
          .computeIfAbsent(grant.namespace(), n -> new TreeSet<>())
          .addAll(RbacDoc.of(scope, grant.rule()));
    }
    return byNamespace;
  }

  /**
   * What a SelfSubjectRulesReview in {@code namespace} tells the operator it may do there: the
   * rules of every grant in force in that namespace, as the API server's rule resolver lists them.
   */
  public SubjectRulesReviewStatus rulesReview(String namespace) {
    List<ResourceRule> resourceRules = new ArrayList<>();
    List<NonResourceRule> nonResourceRules = new ArrayList<>();
    for (Grant grant : authorizer.grants(operator)) {
      PolicyRule rule = grant.rule();
      if (rule.getNonResourceURLs() != null && !rule.getNonResourceURLs().isEmpty()) {
        if (grant.namespace().isEmpty()) {
          nonResourceRules.add(new NonResourceRule(rule.getNonResourceURLs(), rule.getVerbs()));
        }
      } else if (grant.namespace().isEmpty() || grant.namespace().equals(namespace)) {
        resourceRules.add(
            new ResourceRule(
                rule.getApiGroups(),
                rule.getResourceNames(),
                rule.getResources(),
                rule.getVerbs()));
      }
    }
    return new SubjectRulesReviewStatus(null, false, nonResourceRules, resourceRules);
  }

  static List<HasMetadata> kubernetesDefaults() {
    try (InputStream in =
        ChartRbac.class.getResourceAsStream("/rbac/kubernetes-default-roles.yaml")) {
      return RenderedChart.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
