package io.switchboard.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiRequestTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET    | /api/v1/namespaces/default/pods                                   | list core/pods in default",
        "GET    | /api/v1/namespaces/default/pods?watch=true&resourceVersion=12     | watch core/pods in default",
        "GET    | /api/v1/pods?watch=1                                              | watch core/pods (cluster-wide)",
        "GET    | /apis/apps/v1/deployments                                         | list apps/deployments (cluster-wide)",
        "GET    | /apis/apps/v1/namespaces/default/deployments/quickstart-router    | get apps/deployments quickstart-router in default",
        "GET    | /apis/apps/v1/namespaces/a/deployments/x/scale                    | get apps/deployments/scale x in a",
        "PATCH  | /apis/apps/v1/namespaces/a/deployments/x/scale                    | patch apps/deployments/scale x in a",
        "PUT    | /apis/switchboard.io/v1alpha1/namespaces/a/budgets/b/status       | update switchboard.io/budgets/status b in a",
        "POST   | /api/v1/namespaces/default/events                                 | create core/events in default",
        "DELETE | /api/v1/namespaces/a/configmaps/old                               | delete core/configmaps old in a",
        "DELETE | /api/v1/namespaces/a/configmaps?labelSelector=x%3Dy               | deletecollection core/configmaps in a",
        "GET    | /api/v1/namespaces/sys/secrets?fieldSelector=metadata.name%3Dkey  | list core/secrets key in sys",
        "GET    | /api/v1/namespaces/sys/secrets?fieldSelector=metadata.name%3D%3Dk&watch=true | watch core/secrets k in sys",
        "GET    | /api/v1/watch/namespaces/a/services                               | watch core/services in a",
        "GET    | /api/v1/namespaces                                                | list core/namespaces (cluster-wide)",
        "GET    | /api/v1/namespaces/team-a                                         | get core/namespaces team-a in team-a",
        "PUT    | /api/v1/namespaces/team-a/finalize                                | update core/namespaces/finalize team-a in team-a",
        "POST   | /apis/authorization.k8s.io/v1/selfsubjectrulesreviews             | create authorization.k8s.io/selfsubjectrulesreviews (cluster-wide)",
        "GET    | /version                                                          | get /version",
        "GET    | /apis/apps/v1                                                     | get /apis/apps/v1",
        "GET    | /api                                                              | get /api",
      })
  void derivesTheAuthorizerAttributesAsTheApiServerDoes(
      String method, String path, String expected) {
    assertThat(ApiRequest.parse(method, path)).hasToString(expected);
  }

  @ParameterizedTest
  @CsvSource({"/apis/apps/v1/namespaces/a/deployments/x/scale, x, scale, a"})
  void keepsNameSubresourceAndNamespaceApart(
      String path, String name, String subresource, String namespace) {
    ApiRequest request = ApiRequest.parse("GET", path);
    assertThat(request.name()).isEqualTo(name);
    assertThat(request.subresource()).isEqualTo(subresource);
    assertThat(request.namespace()).isEqualTo(namespace);
    assertThat(request.qualifiedResource()).isEqualTo("deployments/scale");
  }
}
