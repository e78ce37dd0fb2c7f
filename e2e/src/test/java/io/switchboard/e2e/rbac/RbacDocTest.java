package io.switchboard.e2e.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.e2e.local.RepoLayout;
import io.switchboard.e2e.rbac.RbacDoc.Permission;
import io.switchboard.e2e.rbac.RbacDoc.Scope;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/rbac.md's permission tables are exactly what `helm template` grants the operator, in both
 * install modes: a rule added to or removed from the chart without the page (or the other way
 * round) fails here. What the operator actually asks for is checked against both in {@link
 * RbacConformanceTest}.
 */
class RbacDocTest {

  static final RepoLayout REPO = RepoLayout.locate();
  @TempDir Path work;

  @Test
  void clusterWideInstallGrantsTheDocumentedRulesEverywhereAndTheReleaseNamespaceOnesThere()
      throws Exception {
    RenderedChart chart =
        RenderedChart.render(REPO.root().resolve("helm-chart/switchboard"), work, Map.of());
    Map<String, Set<Permission>> granted = new ChartRbac(chart).chartPermissionsByNamespace();

    assertThat(granted).containsOnlyKeys("", RenderedChart.NAMESPACE);
    assertThat(granted.get(""))
        .containsExactlyInAnyOrderElementsOf(documented(Scope.WATCHED_NAMESPACES));
    assertThat(granted.get(RenderedChart.NAMESPACE))
        .containsExactlyInAnyOrderElementsOf(documented(Scope.RELEASE_NAMESPACE));
  }

  @Test
  void namespacedInstallGrantsTheDocumentedRulesInEachWatchedNamespaceAndNothingClusterWide()
      throws Exception {
    RenderedChart chart =
        RenderedChart.render(
            REPO.root().resolve("helm-chart/switchboard"),
            work,
            Map.of("watchNamespaces", List.of("team-a", "team-b")));
    Map<String, Set<Permission>> granted = new ChartRbac(chart).chartPermissionsByNamespace();

    assertThat(granted).containsOnlyKeys("team-a", "team-b", RenderedChart.NAMESPACE);
    assertThat(granted.get("team-a"))
        .containsExactlyInAnyOrderElementsOf(documented(Scope.WATCHED_NAMESPACES));
    assertThat(granted.get("team-b"))
        .containsExactlyInAnyOrderElementsOf(documented(Scope.WATCHED_NAMESPACES));
    assertThat(granted.get(RenderedChart.NAMESPACE))
        .containsExactlyInAnyOrderElementsOf(documented(Scope.RELEASE_NAMESPACE));
  }

  @Test
  void theDocParserReadsResourceNamesAndTheCoreGroup() throws Exception {
    assertThat(documented(Scope.RELEASE_NAMESPACE))
        .contains(
            new Permission(
                Scope.RELEASE_NAMESPACE,
                "",
                "secrets",
                "get",
                Set.of("sb-switchboard-router-control-key")),
            new Permission(Scope.RELEASE_NAMESPACE, "", "secrets", "create", Set.of()),
            new Permission(
                Scope.RELEASE_NAMESPACE, "coordination.k8s.io", "leases", "update", Set.of()));
  }

  static Set<Permission> documented(Scope scope) throws Exception {
    Set<Permission> permissions = new TreeSet<>();
    for (Permission p :
        RbacDoc.read(REPO.root().resolve("docs/rbac.md"), RenderedChart.RELEASE + "-switchboard")
            .permissions()) {
      if (p.scope() == scope) {
        permissions.add(p);
      }
    }
    return permissions;
  }
}
