package io.switchboard.operator;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.DefaultMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code scale} subresource of Deployments, which the Fabric8 mock API server lacks: it would
 * store a PUT Scale body as the Deployment itself. GET answers the Deployment's replicas as an
 * {@code autoscaling/v1} Scale; PUT sets {@code spec.replicas} of the stored Deployment and nothing
 * else, as the API server does. The e2e module's {@code MockApiServer} has the same emulation (the
 * two modules share no test code).
 *
 * <p>Use as {@code @WithKubernetesTestServer(crud = true, setup = ScaleSubresource.class)}: it puts
 * itself in front of the server's CRUD dispatcher. The fields it reaches by reflection have no
 * accessor in this Fabric8 version.
 */
public final class ScaleSubresource extends Dispatcher implements Consumer<KubernetesServer> {

  private static final Pattern SCALE =
      Pattern.compile("(/apis/apps/v1/namespaces/[^/]+/deployments/[^/?]+)/scale(\\?.*)?");
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private static final List<String> WRITES = new CopyOnWriteArrayList<>();

  private Dispatcher store;

  /** {@code PUT <deployment path> <replicas>} for every scale write so far, in order. */
  public static List<String> writes() {
    return List.copyOf(WRITES);
  }

  @Override
  public void accept(KubernetesServer server) {
    try {
      KubernetesMockServer mock = server.getKubernetesMockServer();
      var dispatcherField = KubernetesMockServer.class.getDeclaredField("dispatcher");
      dispatcherField.setAccessible(true);
      store = (Dispatcher) dispatcherField.get(mock);
      var serverField = DefaultMockServer.class.getDeclaredField("server");
      serverField.setAccessible(true);
      ((MockWebServer) serverField.get(mock)).setDispatcher(this);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot put the scale subresource before the mock server", e);
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Matcher m = SCALE.matcher(request.getPath());
    return m.matches() ? scale(request, m.group(1)) : store.dispatch(request);
  }

  private MockResponse scale(RecordedRequest request, String deploymentPath) {
    for (int attempt = 0; ; attempt++) {
      MockResponse got = store.dispatch(request(HttpMethod.GET, deploymentPath, null));
      if (got.code() != 200) {
        return got;
      }
      Deployment deployment = JSON.unmarshal(body(got), Deployment.class);
      if (request.method() == HttpMethod.GET) {
        return json(200, scaleOf(deployment));
      }
      if (request.method() != HttpMethod.PUT) {
        return new MockResponse().setResponseCode(405);
      }
      Scale wanted = JSON.unmarshal(request.getUtf8Body(), Scale.class);
      if (attempt == 0) {
        WRITES.add("PUT " + deploymentPath + " " + wanted.getSpec().getReplicas());
      }
      deployment.getSpec().setReplicas(wanted.getSpec().getReplicas());
      MockResponse put =
          store.dispatch(request(HttpMethod.PUT, deploymentPath, JSON.asJson(deployment)));
      if (put.code() == 409 && attempt < 5) {
        continue; // someone wrote the Deployment in between: read it again
      }
      return put.code() == 200
          ? json(200, scaleOf(JSON.unmarshal(body(put), Deployment.class)))
          : put;
    }
  }

  private static Scale scaleOf(Deployment d) {
    return new ScaleBuilder()
        .withNewMetadata()
        .withName(d.getMetadata().getName())
        .withNamespace(d.getMetadata().getNamespace())
        .withResourceVersion(d.getMetadata().getResourceVersion())
        .endMetadata()
        .withNewSpec()
        .withReplicas(d.getSpec().getReplicas())
        .endSpec()
        .withNewStatus()
        .withReplicas(
            d.getStatus() == null || d.getStatus().getReplicas() == null
                ? 0
                : d.getStatus().getReplicas())
        .endStatus()
        .build();
  }

  private static RecordedRequest request(HttpMethod method, String path, String body) {
    Buffer buffer = new Buffer();
    if (body != null) {
      buffer.write(body.getBytes(StandardCharsets.UTF_8));
    }
    Headers headers = Headers.builder().add("Content-Type", "application/json").build();
    return new RecordedRequest("HTTP/1.1", method, path, headers, buffer);
  }

  private static String body(MockResponse response) {
    return new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
  }

  private static MockResponse json(int code, Object body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(JSON.asJson(body));
  }
}
