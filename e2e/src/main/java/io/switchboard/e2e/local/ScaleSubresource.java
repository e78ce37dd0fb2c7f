package io.switchboard.e2e.local;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code scale} subresource of Deployments, which the {@value MockApiServer#LABEL} lacks: it
 * would store a PUT Scale body as the Deployment itself. GET answers the Deployment's replicas as
 * an {@code autoscaling/v1} Scale; PUT sets {@code spec.replicas} of the stored Deployment and
 * nothing else, as the API server does (the operator module's tests have the same emulation: the
 * modules share no test code).
 */
final class ScaleSubresource {

  private static final Pattern SCALE =
      Pattern.compile("(/apis/apps/v1/namespaces/[^/]+/deployments/[^/?]+)/scale(\\?.*)?");
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private ScaleSubresource() {}

  /**
   * The answer to a scale request, reading and writing the Deployment through {@code store}; empty
   * for any other request.
   */
  static Optional<MockResponse> dispatch(
      RecordedRequest request, Function<RecordedRequest, MockResponse> store) {
    Matcher m = SCALE.matcher(request.getPath());
    return m.matches() ? Optional.of(scale(request, m.group(1), store)) : Optional.empty();
  }

  private static MockResponse scale(
      RecordedRequest request, String path, Function<RecordedRequest, MockResponse> store) {
    for (int attempt = 0; ; attempt++) {
      MockResponse got = store.apply(request(HttpMethod.GET, path, null));
      if (got.code() != 200) {
        return got;
      }
      Deployment deployment = JSON.unmarshal(body(got), Deployment.class);
      if (request.method() == HttpMethod.GET) {
        return json(scaleOf(deployment));
      }
      if (request.method() != HttpMethod.PUT) {
        return new MockResponse().setResponseCode(405);
      }
      Scale wanted = JSON.unmarshal(request.getUtf8Body(), Scale.class);
      deployment.getSpec().setReplicas(wanted.getSpec().getReplicas());
      MockResponse put = store.apply(request(HttpMethod.PUT, path, JSON.asJson(deployment)));
      if (put.code() == 409 && attempt < 5) {
        continue; // the Deployment was written in between: read it again
      }
      return put.code() == 200 ? json(scaleOf(JSON.unmarshal(body(put), Deployment.class))) : put;
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

  private static MockResponse json(Object body) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody(JSON.asJson(body));
  }
}
