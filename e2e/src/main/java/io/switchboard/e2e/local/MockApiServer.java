package io.switchboard.e2e.local;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The Fabric8 mock API server — not a real cluster — in CRUD mode, in this JVM, on 127.0.0.1 over
 * plain HTTP. It stores objects and serves watches; it runs no admission (no CEL, no schema
 * checks), no controllers (no ReplicaSets, no pods, no garbage collector) and no kubelet, and has
 * no scale subresource of its own ({@link ScaleSubresource} adds the Deployments'). The Switchboard
 * CRDs are installed first: without them it neither treats {@code status} as a subresource nor
 * bumps {@code metadata.generation} only on spec changes, which the operator's generation-aware
 * reconciling relies on.
 *
 * <p>It records what the operator asks of it: every request that carries {@link #OPERATOR_TOKEN}
 * (as the operator's ServiceAccount token would in a cluster) is kept, as the authorizer would see
 * it ({@link ApiRequest}), in a deduplicated set, so that a test can check each one against the
 * RBAC the chart grants. Requests of the harness itself (the tests' client, the local kubelet)
 * carry no token and are not recorded.
 */
public final class MockApiServer implements AutoCloseable {

  public static final String LABEL = "Fabric8 mock API server — not a real cluster";

  /**
   * Held strongly: java.util.logging keeps loggers weakly, and a collected one forgets its level.
   */
  private static final java.util.logging.Logger REQUEST_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  /**
   * The bearer token {@link OperatorProcess} gives the operator: the identity whose requests are
   * recorded. Not a secret; the mock server authenticates nobody.
   */
  public static final String OPERATOR_TOKEN = "e2e-operator-service-account";

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final RecordingDispatcher dispatcher;
  private final Path recordFile;

  private MockApiServer(
      KubernetesMockServer server,
      KubernetesClient client,
      RecordingDispatcher dispatcher,
      Path recordFile) {
    this.server = server;
    this.client = client;
    this.dispatcher = dispatcher;
    this.recordFile = recordFile;
  }

  /**
   * Starts a server whose record of the operator's requests is written, on {@link #close()}, to a
   * file of its own under {@link #E2E_RUN_RECORDS}, where the RBAC conformance check of the e2e run
   * finds it.
   */
  public static MockApiServer start(RepoLayout repo) {
    return start(repo, null);
  }

  /** Where servers started by {@link #start(RepoLayout)} leave their records, under the root. */
  public static final String E2E_RUN_RECORDS = "e2e/target/rbac/e2e-run";

  /**
   * @param recordFile where {@link #close()} writes the record; null: a new file under {@link
   *     #E2E_RUN_RECORDS}
   */
  public static MockApiServer start(RepoLayout repo, Path recordFile) {
    REQUEST_LOG.setLevel(java.util.logging.Level.WARNING); // one INFO line per request otherwise
    RecordingDispatcher dispatcher = new RecordingDispatcher();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    try {
      server.init(InetAddress.getLoopbackAddress(), 0);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot start the " + LABEL, e);
    }
    Path record =
        recordFile != null
            ? recordFile
            : repo.root()
                .resolve(E2E_RUN_RECORDS)
                .resolve(
                    "api-requests-"
                        + System.currentTimeMillis()
                        + "-"
                        + server.getPort()
                        + ".jsonl");
    MockApiServer api = new MockApiServer(server, server.createClient(), dispatcher, record);
    api.installCrds(repo);
    return api;
  }

  public KubernetesClient client() {
    return client;
  }

  /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /**
   * Answers the operator's SelfSubjectRulesReviews (which JOSDK's leader election makes to check
   * its Lease access before it starts) with {@code rules} for the review's namespace, as an API
   * server answers from its RBAC; without it the review comes back as stored, with no status.
   */
  public void answerSelfSubjectRulesReviews(Function<String, SubjectRulesReviewStatus> rules) {
    dispatcher.rulesReviews = rules;
  }

  /**
   * What the operator has asked so far, each distinct request once, in {@link ApiRequest#ORDER}.
   */
  public List<ApiRequest> operatorRequests() {
    return dispatcher.recorded.stream().sorted(ApiRequest.ORDER).toList();
  }

  /**
   * Writes {@link #operatorRequests()} to {@code file}, one JSON object per line, and returns them.
   */
  public List<ApiRequest> writeOperatorRequests(Path file) throws IOException {
    List<ApiRequest> requests = operatorRequests();
    Files.createDirectories(file.toAbsolutePath().getParent());
    var json = client.getKubernetesSerialization();
    StringBuilder lines = new StringBuilder();
    for (ApiRequest request : requests) {
      lines.append(json.asJson(request)).append('\n');
    }
    Files.writeString(file, lines);
    return requests;
  }

  /** Requests served and time spent serving them (lock wait included), of one kind of request. */
  public record RequestCost(long count, long nanos) {
    RequestCost minus(RequestCost earlier) {
      return earlier == null ? this : new RequestCost(count - earlier.count, nanos - earlier.nanos);
    }
  }

  /**
   * Every request served so far by anyone (watch upgrades left out), keyed "verb resource[/sub]":
   * the benchmark subtracts two of these to say which requests a phase cost the server.
   */
  public Map<String, RequestCost> requestCosts() {
    Map<String, RequestCost> costs = new TreeMap<>();
    dispatcher.costs.forEach(
        (kind, adders) -> costs.put(kind, new RequestCost(adders[0].sum(), adders[1].sum())));
    return costs;
  }

  /** What was served between {@code earlier} and {@code later}, kinds with no request left out. */
  public static Map<String, RequestCost> between(
      Map<String, RequestCost> earlier, Map<String, RequestCost> later) {
    Map<String, RequestCost> served = new TreeMap<>();
    later.forEach(
        (kind, cost) -> {
          RequestCost delta = cost.minus(earlier.get(kind));
          if (delta.count() > 0) {
            served.put(kind, delta);
          }
        });
    return served;
  }

  private void installCrds(RepoLayout repo) {
    for (String plural : new String[] {"expertpools", "routingpolicies", "budgets"}) {
      try (InputStream in = Files.newInputStream(repo.crd(plural))) {
        CustomResourceDefinition crd =
            client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .resource(crd)
            .createOr(NonDeletingOperation::update);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read CRD " + repo.crd(plural), e);
      }
    }
  }

  /** The CRUD dispatcher, noting first who asked what. */
  private static final class RecordingDispatcher extends KubernetesCrudDispatcher {

    private final Set<ApiRequest> recorded = ConcurrentHashMap.newKeySet();
    private final Map<String, LongAdder[]> costs = new ConcurrentHashMap<>();
    private volatile Function<String, SubjectRulesReviewStatus> rulesReviews;

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      ApiRequest attributes = ApiRequest.parse(request.getMethod(), request.getPath());
      long started = System.nanoTime();
      try {
        return dispatch(request, attributes);
      } finally {
        if (!attributes.verb().equals("watch")) {
          String kind =
              attributes.verb()
                  + " "
                  + (attributes.resource().isEmpty()
                      ? attributes.nonResourcePath()
                      : attributes.resource())
                  + (attributes.subresource().isEmpty() ? "" : "/" + attributes.subresource());
          LongAdder[] adders =
              costs.computeIfAbsent(kind, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
          adders[0].increment();
          adders[1].add(System.nanoTime() - started);
        }
      }
    }

    private MockResponse dispatch(RecordedRequest request, ApiRequest attributes) {
      boolean operator = ("Bearer " + OPERATOR_TOKEN).equals(request.getHeader("Authorization"));
      if (operator) {
        recorded.add(attributes);
      }
      Function<String, SubjectRulesReviewStatus> rules = rulesReviews;
      if (operator
          && rules != null
          && attributes.verb().equals("create")
          && attributes.apiGroup().equals("authorization.k8s.io")
          && attributes.resource().equals("selfsubjectrulesreviews")) {
        var json = new KubernetesSerialization();
        SelfSubjectRulesReview review =
            json.unmarshal(request.getUtf8Body(), SelfSubjectRulesReview.class);
        review.setStatus(rules.apply(review.getSpec().getNamespace()));
        return new MockResponse()
            .setResponseCode(201)
            .setHeader("Content-Type", "application/json")
            .setBody(json.asJson(review));
      }
      return ScaleSubresource.dispatch(request, super::dispatch)
          .orElseGet(() -> super.dispatch(request));
    }
  }

  @Override
  public void close() {
    try {
      if (!dispatcher.recorded.isEmpty()) {
        writeOperatorRequests(recordFile);
      }
    } catch (IOException e) {
      System.err.println("cannot write the operator's API requests to " + recordFile + ": " + e);
    } finally {
      client.close();
      server.destroy();
    }
  }
}
