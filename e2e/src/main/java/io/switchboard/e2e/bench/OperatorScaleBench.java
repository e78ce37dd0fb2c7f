package io.switchboard.e2e.bench;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.switchboard.api.v1alpha1.common.LocalRef;
import io.switchboard.api.v1alpha1.expertpool.Expert;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.expertpool.ExpertPoolSpec;
import io.switchboard.api.v1alpha1.expertpool.ExpertRuntime;
import io.switchboard.api.v1alpha1.expertpool.ExternalEndpoint;
import io.switchboard.api.v1alpha1.expertpool.Pricing;
import io.switchboard.api.v1alpha1.routingpolicy.RouterDeployment;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingMode;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicySpec;
import io.switchboard.api.v1alpha1.routingpolicy.WeightedParams;
import io.switchboard.e2e.local.ChildProcess;
import io.switchboard.e2e.local.MockApiServer;
import io.switchboard.e2e.local.OperatorProcess;
import io.switchboard.e2e.local.RepoLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/**
 * How the operator keeps up with many RoutingPolicies: creates N policies against the Fabric8 mock
 * API server (not a real cluster), then edits each one, then edits the shared ExpertPool once (a
 * fan-out re-render of every policy). For each phase it reports throughput and the latency from the
 * change to the updated router ConfigMap (p50/p90/p99/max), observed through a watch.
 *
 * <p>The same phases run first against a baseline in the same mock server, {@link NoOpOperator} (a
 * JOSDK controller that only writes one ConfigMap per policy, in its own namespace and JVM), then
 * against the operator; the table puts them side by side with the operator/baseline ratios.
 *
 * <p>Run: {@code bench/operator/run.sh [N]}. The mock server is single-threaded Java; in a real
 * cluster the API server's throughput and the operator's client rate limits differ.
 */
public final class OperatorScaleBench {

  private static final String NS = "scale";
  private static final String BASELINE_NS = "baseline";
  private static final String HASH = "switchboard.io/config-hash";
  private static final int THREADS = 10; // the operator's default reconcile threads
  private static final long SETTLE_MILLIS = 5000;
  private static final boolean PROFILE = "1".equals(System.getenv("SWITCHBOARD_BENCH_JFR"));

  /** Single edits in the steady-state phase: enough that p99 is not just the slowest one. */
  private static final int SINGLE_EDITS = 200;

  private final MockApiServer api;
  private final KubernetesClient client;
  private final String namespace;
  private Map<String, MockApiServer.RequestCost> singleEditRequests = Map.of();
  private final Map<String, Long> changedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> updatedAt = new ConcurrentHashMap<>();
  private final Map<String, String> hashes = new ConcurrentHashMap<>();

  private OperatorScaleBench(MockApiServer api, String namespace) {
    this.api = api;
    this.client = api.client();
    this.namespace = namespace;
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    RepoLayout repo = RepoLayout.locate();
    Path runDir = Files.createDirectories(repo.root().resolve("e2e/target/operator-bench"));
    try (MockApiServer api = MockApiServer.start(repo)) {
      System.out.printf(
          "Operator scale benchmark: %d RoutingPolicies, %s, logs in %s%n%n",
          n, MockApiServer.LABEL, runDir.resolve("logs"));
      List<BenchRow> baseline;
      Map<String, MockApiServer.RequestCost> baselineRequests;
      try (ChildProcess noop =
          ChildProcess.startMain(
              "noop-operator",
              NoOpOperator.class,
              jvmOptions(runDir, "noop-operator"),
              List.of(api.url(), BASELINE_NS, String.valueOf(THREADS)),
              runDir.resolve("noop-operator"),
              runDir.resolve("logs/noop-operator.log"))) {
        awaitLine(noop, "noop operator started");
        OperatorScaleBench bench = new OperatorScaleBench(api, BASELINE_NS);
        baseline = bench.run(n);
        baselineRequests = bench.singleEditRequests;
        dumpProfile(noop.pid(), runDir, "noop-operator");
      }
      // The mock server's cost per request grows with what it stores: the operator's run starts
      // from as empty a server as the baseline's did.
      api.client().resources(RoutingPolicy.class).inNamespace(BASELINE_NS).delete();
      api.client().configMaps().inNamespace(BASELINE_NS).delete();
      api.client().resources(ExpertPool.class).inNamespace(BASELINE_NS).delete();
      List<BenchRow> measured;
      // Watching only its namespace: the baseline's policies are not the operator's business.
      List<String> operatorOptions = new ArrayList<>(jvmOptions(runDir, "operator"));
      operatorOptions.add("-Dswitchboard.operator.watch-namespaces=" + NS);
      try (OperatorProcess operator =
          OperatorProcess.start(repo, api, NS, runDir, operatorOptions)) {
        OperatorScaleBench bench = new OperatorScaleBench(api, NS);
        measured = bench.run(n);
        dumpProfile(operator.pid(), runDir, "operator");
        BenchRow.print(baseline, measured);
        printRequests(SINGLE_EDITS, baselineRequests, bench.singleEditRequests);
      }
    }
  }

  /** With SWITCHBOARD_BENCH_JFR=1 each controller JVM records a JFR profile into the run dir. */
  private static List<String> jvmOptions(Path runDir, String who) {
    return PROFILE
        ? List.of("-Xmx512m", "-XX:StartFlightRecording=settings=profile")
        : List.of("-Xmx512m");
  }

  /** The processes are killed at the end, so a recording is dumped (jcmd) before that. */
  private static void dumpProfile(long pid, Path runDir, String who) throws Exception {
    if (PROFILE) {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Path file = runDir.resolve(who + ".jfr").toAbsolutePath();
      new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "JFR.dump", "filename=" + file)
          .inheritIO()
          .start()
          .waitFor(60, TimeUnit.SECONDS);
    }
  }

  /**
   * Where the single edits' time went on the API server's side: each kind of request per edit and
   * the mock server's mean time serving one (its lock wait included), for both controllers.
   */
  private static void printRequests(
      int edits,
      Map<String, MockApiServer.RequestCost> baseline,
      Map<String, MockApiServer.RequestCost> operator) {
    System.out.printf(
        "%nAPI requests per single edit (anyone's: the benchmark's, the controller's, watches"
            + " excepted)%n%-36s %14s %14s %14s %14s%n",
        "request", "baseline", "mean ms", "operator", "mean ms");
    java.util.Set<String> kinds = new java.util.TreeSet<>(baseline.keySet());
    kinds.addAll(operator.keySet());
    double[] busy = new double[2];
    for (String kind : kinds) {
      MockApiServer.RequestCost b =
          baseline.getOrDefault(kind, new MockApiServer.RequestCost(0, 0));
      MockApiServer.RequestCost o =
          operator.getOrDefault(kind, new MockApiServer.RequestCost(0, 0));
      busy[0] += b.nanos() / 1e6;
      busy[1] += o.nanos() / 1e6;
      System.out.printf(
          "%-36s %14.2f %14s %14.2f %14s%n",
          kind,
          (double) b.count() / edits,
          meanMillis(b),
          (double) o.count() / edits,
          meanMillis(o));
    }
    System.out.printf(
        "%-36s %14.2f %14s %14.2f %14s%n",
        "server busy ms per edit", busy[0] / edits, "", busy[1] / edits, "");
  }

  private static String meanMillis(MockApiServer.RequestCost cost) {
    return cost.count() == 0 ? "-" : String.format("%.2f", cost.nanos() / 1e6 / cost.count());
  }

  private static void awaitLine(ChildProcess process, String line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (Files.exists(process.log()) && Files.readString(process.log()).contains(line)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(process.name() + " did not start; see " + process.log());
  }

  private List<BenchRow> run(int n) throws Exception {
    client.resource(pool("first")).create();
    SharedIndexInformer<ConfigMap> watch =
        client
            .configMaps()
            .inNamespace(namespace)
            .withLabel("switchboard.io/policy")
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ConfigMap cm) {
                    seen(cm);
                  }

                  @Override
                  public void onUpdate(ConfigMap old, ConfigMap cm) {
                    seen(cm);
                  }

                  @Override
                  public void onDelete(ConfigMap cm, boolean unknown) {}
                });
    List<BenchRow> rows = new ArrayList<>();
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try {
      rows.add(
          phase(
              "create " + n + " policies",
              n,
              writers,
              i -> {
                changedAt.put(name(i), System.nanoTime());
                client.resource(policy(i, 1)).create();
              },
              h -> true));

      Map<String, String> before = Map.copyOf(hashes);
      rows.add(
          phase(
              "edit each policy once",
              n,
              writers,
              i -> {
                changedAt.put(name(i), System.nanoTime());
                RoutingPolicy p = policy(i, 2);
                client.resource(p).update();
              },
              name -> !hashes.get(name).equals(before.get(name))));

      Map<String, String> beforePool = Map.copyOf(hashes);
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        changedAt.put(name(i), t0);
      }
      updatedAt.clear();
      client.resource(pool("second")).update();
      rows.add(
          awaitAll(
              "edit the shared ExpertPool (fan-out)",
              n,
              t0,
              name -> !hashes.get(name).equals(beforePool.get(name))));

      // Steady state: the fan-out's trailing writes (status, events after the last ConfigMap)
      // drain first, so the first single edit does not queue behind them.
      Thread.sleep(SETTLE_MILLIS);
      rows.add(steadyState(n, Math.min(SINGLE_EDITS, n)));
    } finally {
      writers.shutdownNow();
      watch.close();
    }
    return rows;
  }

  /**
   * One change at a time while all N policies exist: the latency a user sees after kubectl apply.
   */
  private BenchRow steadyState(int n, int edits) throws InterruptedException {
    Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    Map<String, MockApiServer.RequestCost> servedBefore = api.requestCosts();
    long started = System.nanoTime();
    java.util.Random random = new java.util.Random(7);
    for (int k = 0; k < edits; k++) {
      int i = random.nextInt(n);
      String name = name(i);
      String before = hashes.get(name);
      long t0 = System.nanoTime();
      client.resource(policy(i, 3 + k)).update();
      long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
      while (before.equals(hashes.get(name)) && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      latency.recordValue((updatedAt.getOrDefault(name, System.nanoTime()) - t0) / 1000);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    // The writes trailing the last edit (status, events) land before the count is taken.
    Thread.sleep(1000);
    singleEditRequests = MockApiServer.between(servedBefore, api.requestCosts());
    return BenchRow.of(
        "single edits, " + n + " policies present", edits, edits, edits / seconds, latency);
  }

  private BenchRow phase(
      String label, int n, ExecutorService writers, IntConsumer change, Predicate<String> done)
      throws Exception {
    updatedAt.clear();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      int index = i;
      writers.submit(
          () -> {
            try {
              change.accept(index);
            } catch (Exception e) {
              System.err.println("write failed for " + name(index) + ": " + e.getMessage());
            }
          });
    }
    return awaitAll(label, n, t0, done);
  }

  private BenchRow awaitAll(String label, int n, long t0, Predicate<String> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline) {
      long finished =
          updatedAt.keySet().stream().filter(k -> hashes.containsKey(k) && done.test(k)).count();
      if (finished >= n) {
        break;
      }
      Thread.sleep(50);
    }
    Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    long last = t0;
    int complete = 0;
    for (var e : updatedAt.entrySet()) {
      Long start = changedAt.get(e.getKey());
      if (start != null && done.test(e.getKey())) {
        latency.recordValue(Math.max(0, (e.getValue() - start) / 1000));
        last = Math.max(last, e.getValue());
        complete++;
      }
    }
    double seconds = (last - t0) / 1e9;
    return BenchRow.of(label, complete, n, complete / Math.max(seconds, 1e-9), latency);
  }

  private void seen(ConfigMap cm) {
    String policy = cm.getMetadata().getLabels().get("switchboard.io/policy");
    String hash =
        cm.getMetadata().getAnnotations() == null
            ? null
            : cm.getMetadata().getAnnotations().get(HASH);
    if (policy == null || hash == null) {
      return;
    }
    String previous = hashes.put(policy, hash);
    if (!hash.equals(previous)) {
      updatedAt.put(policy, System.nanoTime());
    }
  }

  private static String name(int i) {
    return String.format("policy-%04d", i);
  }

  private ExpertPool pool(String description) {
    ExpertPool pool = new ExpertPool();
    pool.setMetadata(new ObjectMetaBuilder().withName("shared").withNamespace(namespace).build());
    List<Expert> experts = new ArrayList<>();
    for (String name : List.of("small", "large")) {
      experts.add(
          new Expert(
              name,
              ExpertRuntime.EXTERNAL,
              "model-" + name,
              description,
              null,
              null,
              null,
              null,
              null,
              null,
              new Pricing(0.1, 0.2),
              new ExternalEndpoint("https://api.example.com/v1", null),
              null,
              null,
              null));
    }
    pool.setSpec(new ExpertPoolSpec(experts));
    return pool;
  }

  private RoutingPolicy policy(int i, int largeWeight) {
    RoutingPolicy policy = new RoutingPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(name(i)).withNamespace(namespace).build());
    var weighted =
        new WeightedParams(
            List.of(
                new WeightedParams.ExpertWeight("small", 10, null),
                new WeightedParams.ExpertWeight("large", largeWeight, null)),
            null);
    // Sidecar mode: each policy renders a ConfigMap only, so the benchmark measures the operator,
    // not Deployments.
    var router =
        new RouterDeployment(
            RouterDeployment.Type.SIDECAR,
            new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
                .withMatchLabels(Map.of("app", name(i)))
                .build(),
            null,
            null);
    policy.setSpec(
        new RoutingPolicySpec(
            new LocalRef("shared"),
            RoutingMode.WEIGHTED,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            weighted,
            null,
            null,
            null,
            null,
            null,
            null,
            router,
            null,
            null));
    return policy;
  }

  @FunctionalInterface
  private interface IntConsumer {
    void accept(int value) throws Exception;
  }
}
