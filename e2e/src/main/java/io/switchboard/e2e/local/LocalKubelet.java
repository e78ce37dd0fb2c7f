package io.switchboard.e2e.local;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A small kubelet + controller stand-in for the mock API server, which has none. It watches
 * Deployments, Services, ConfigMaps and Secrets in one namespace and:
 *
 * <ul>
 *   <li>runs one local process per Deployment whose app it knows ({@link AppCatalog}), with the
 *       container's env, container ports replaced by free 127.0.0.1 ports, and restarts it when it
 *       exits (restartPolicy Always) unless restarts were turned off for it; a changed pod template
 *       restarts it (a rollout, compressed);
 *   <li>materialises mounted ConfigMaps and Secrets with the kubelet's atomic symlink-swap layout
 *       and rewrites them when they change (Secret contents are written as they are, never logged);
 *   <li>plays cluster DNS ({@link ClusterDns}): Service URLs resolve to the loopback port of the
 *       backing process;
 *   <li>runs {@code spec.replicas} processes per Deployment, each with a sandbox and ports of its
 *       own (a scale-up starts new ones, a scale-down stops the newest); the first is "the" pod of
 *       the accessors below, and Service DNS resolves to it (no load balancing), while the
 *       Endpoints list every replica, ready or not;
 *   <li>writes Deployment {@code status.replicas/readyReplicas/availableReplicas} from the
 *       processes and their readiness probes;
 *   <li>stops the process of a deleted Deployment, and emulates owner-reference garbage collection.
 * </ul>
 */
public final class LocalKubelet implements AutoCloseable {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final KubernetesClient client;
  private final String namespace;
  private final AppCatalog catalog;
  private final Path runDir;
  private final Map<String, String> overrides;
  private final ClusterDns dns = new ClusterDns();
  private final LoopbackPorts freePorts = new LoopbackPorts();
  private final Map<String, LocalPod> pods = new ConcurrentHashMap<>();
  // Replicas beyond the first, by Deployment, oldest first; pod names end in -1, -2, ...
  private final Map<String, List<LocalPod>> extraReplicas = new ConcurrentHashMap<>();
  private final Map<String, Boolean> restartPolicy = new ConcurrentHashMap<>();
  private final ExecutorService sync =
      Executors.newSingleThreadExecutor(r -> daemon(r, "local-kubelet-sync"));
  private final ScheduledExecutorService scheduler =
      Executors.newScheduledThreadPool(4, r -> daemon(r, "local-kubelet-pods"));
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final OwnerGarbageCollector garbageCollector;
  private final Consumer<String> log;

  private SharedIndexInformer<Deployment> deployments;
  private SharedIndexInformer<Service> services;
  private final Map<String, String> publishedEndpoints = new ConcurrentHashMap<>();
  private SharedIndexInformer<ConfigMap> configMaps;
  private SharedIndexInformer<Secret> secrets;

  /**
   * @param overrides env set on every process after translation, e.g. {@code SWITCHBOARD_DATA_DIR}
   *     pointing at the host's recorded data (in a cluster a volume provides it)
   */
  public LocalKubelet(
      KubernetesClient client,
      String namespace,
      AppCatalog catalog,
      Path runDir,
      Map<String, String> overrides) {
    this.client = client;
    this.namespace = namespace;
    this.catalog = catalog;
    this.runDir = runDir;
    this.overrides = Map.copyOf(overrides);
    this.log =
        message ->
            System.out.println(LocalTime.now().format(CLOCK) + " [local-kubelet] " + message);
    this.garbageCollector = new OwnerGarbageCollector(client, log);
  }

  public void start() {
    configMaps =
        client
            .configMaps()
            .inNamespace(namespace)
            .inform(handler(this::configMapChanged, this::configMapChanged));
    secrets =
        client
            .secrets()
            .inNamespace(namespace)
            .inform(handler(this::secretChanged, this::secretChanged));
    services =
        client
            .services()
            .inNamespace(namespace)
            .inform(handler(s -> refreshDns(), s -> refreshDns()));
    deployments =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .inform(handler(this::deploymentChanged, this::deploymentDeleted));
    informers.addAll(List.of(configMaps, secrets, services, deployments));
    garbageCollector.start(namespace);
  }

  public ClusterDns dns() {
    return dns;
  }

  /**
   * The loopback URL of a Service port, as cluster DNS would resolve it for the local processes.
   */
  public Optional<String> serviceUrl(String service, int port) {
    return dns.resolve(namespace, service, port).map(p -> "http://127.0.0.1:" + p);
  }

  public boolean isReady(String deployment) {
    return Optional.ofNullable(pods.get(deployment)).map(LocalPod::ready).orElse(false);
  }

  public Optional<Long> pid(String deployment) {
    return Optional.ofNullable(pods.get(deployment))
        .map(LocalPod::process)
        .filter(Objects::nonNull)
        .map(ChildProcess::pid);
  }

  public int restarts(String deployment) {
    return Optional.ofNullable(pods.get(deployment)).map(LocalPod::restarts).orElse(0);
  }

  /** Directory of a mounted ConfigMap volume of a Deployment's pod (kubelet layout). */
  public Optional<Path> configMapVolume(String deployment, String configMap) {
    return Optional.ofNullable(pods.get(deployment))
        .map(p -> p.sandbox().configMapVolumes().get(configMap))
        .map(ConfigMapVolume::dir);
  }

  /** Turns restarts of a Deployment's process on or off (off: like restartPolicy Never). */
  public void setRestartOnExit(String deployment, boolean restart) {
    restartPolicy.put(deployment, restart);
    Optional.ofNullable(pods.get(deployment)).ifPresent(p -> p.setRestartOnExit(restart));
  }

  /** Kills a Deployment's process tree without a graceful shutdown (a crash). */
  public void crash(String deployment) {
    LocalPod pod = pods.get(deployment);
    if (pod == null) {
      throw new IllegalArgumentException("no local pod for Deployment " + deployment);
    }
    log.accept(
        "killing " + deployment + " (pid " + pid(deployment).orElse(-1L) + ") to simulate a crash");
    pod.kill();
  }

  /**
   * Kills a Deployment's pod without a graceful shutdown and starts a replacement in a new sandbox:
   * new ports (a new pod IP in a cluster) and empty volumes, as when a node is lost and the pod is
   * rescheduled. Returns once the replacement was started (not yet ready).
   */
  public void reschedule(String deployment) throws InterruptedException {
    LocalPod pod = pods.get(deployment);
    if (pod == null) {
      throw new IllegalArgumentException("no local pod for Deployment " + deployment);
    }
    var done = new java.util.concurrent.CompletableFuture<Void>();
    sync.execute(
        () -> {
          try {
            log.accept(
                "killing "
                    + deployment
                    + " (pid "
                    + pid(deployment).orElse(-1L)
                    + ") and rescheduling it: a new pod with empty volumes");
            LocalPod gone = pods.remove(deployment);
            gone.setRestartOnExit(false);
            gone.kill(); // SIGKILL: nothing is flushed, no graceful shutdown
            gone.stop(); // reaps it; no restart, no late readiness report
            reportStatus(deployment);
            deleteTree(runDir.resolve("pods").resolve(deployment));
            Deployment current = deployments.getStore().getByKey(namespace + "/" + deployment);
            if (current != null) {
              deploymentChanged(current);
            }
            done.complete(null);
          } catch (IOException | RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    try {
      done.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("rescheduling " + deployment + " failed", e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!java.nio.file.Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.deleteIfExists(p);
      }
    }
  }

  private void deploymentChanged(Deployment deployment) {
    String name = deployment.getMetadata().getName();
    String fingerprint = String.valueOf(deployment.getSpec().getTemplate().hashCode());
    Integer replicas = deployment.getSpec().getReplicas();
    int wantedReplicas = replicas == null ? 1 : Math.max(0, replicas);
    boolean wanted = wantedReplicas > 0;
    LocalPod existing = pods.get(name);
    if (existing == null || !wanted || !existing.templateFingerprint().equals(fingerprint)) {
      if (existing != null) {
        log.accept(
            (wanted ? "pod template changed, restarting " : "scaled to zero, stopping ") + name);
        pods.remove(name).stop();
        reportStatus(name);
      }
      if (wanted) {
        startPod(deployment, name, fingerprint, pod -> pods.put(name, pod));
      }
    }
    scaleExtraReplicas(deployment, wanted ? wantedReplicas - 1 : 0, fingerprint);
  }

  /**
   * Starts or stops processes until the Deployment has {@code count} beyond its first; those of an
   * older pod template are replaced.
   */
  private void scaleExtraReplicas(Deployment deployment, int count, String fingerprint) {
    String name = deployment.getMetadata().getName();
    List<LocalPod> extra =
        extraReplicas.computeIfAbsent(name, k -> new java.util.concurrent.CopyOnWriteArrayList<>());
    boolean changed = false;
    for (LocalPod pod : List.copyOf(extra)) {
      if (!pod.templateFingerprint().equals(fingerprint) || extra.indexOf(pod) >= count) {
        log.accept("stopping replica " + pod.name() + " of " + name);
        extra.remove(pod);
        pod.stop();
        changed = true;
      }
    }
    while (extra.size() < count) {
      String podName = name + "-" + (extra.size() + 1);
      log.accept("scaled up: starting replica " + podName + " of " + name);
      if (startPod(deployment, podName, fingerprint, extra::add).isEmpty()) {
        break;
      }
      changed = true;
    }
    if (changed) {
      reportStatus(name);
      refreshDns();
    }
  }

  /**
   * One pod process of the Deployment in a fresh sandbox, handed to {@code register} (and the
   * Service DNS refreshed) before its volumes are written and it starts; empty if it cannot run
   * here.
   */
  private Optional<LocalPod> startPod(
      Deployment deployment, String podName, String fingerprint, Consumer<LocalPod> register) {
    String name = deployment.getMetadata().getName();
    Optional<AppCatalog.App> app = catalog.appFor(deployment);
    if (app.isEmpty()) {
      log.accept(
          "no local app for Deployment "
              + name
              + " (only simulated experts and routers run locally)");
      return Optional.empty();
    }
    try {
      PodSandbox sandbox =
          new PodSandbox(
              namespace,
              deployment.getSpec().getTemplate().getSpec(),
              runDir.resolve("pods").resolve(podName),
              freePorts);
      LocalPod pod =
          new LocalPod(
              podName,
              app.get(),
              sandbox,
              fingerprint,
              () -> sandbox.environment(dns, overrides),
              ready -> onReadiness(name, podName, ready),
              scheduler);
      pod.setRestartOnExit(restartPolicy.getOrDefault(name, true));
      register.accept(pod);
      refreshDns();
      for (String configMap : sandbox.configMapVolumes().keySet()) {
        Optional.ofNullable(configMaps.getStore().getByKey(namespace + "/" + configMap))
            .ifPresent(cm -> writeConfigMap(podName, pod, cm));
      }
      for (String secret : sandbox.secretVolumes().keySet()) {
        Optional.ofNullable(secrets.getStore().getByKey(namespace + "/" + secret))
            .ifPresent(sec -> writeSecret(podName, pod, sec));
      }
      log.accept(
          "starting "
              + app.get().kind()
              + " for Deployment "
              + name
              + (podName.equals(name) ? "" : " (replica " + podName + ")")
              + " on 127.0.0.1 ports "
              + sandbox.ports().values()
              + " (log: "
              + runDir.relativize(runDir.resolve("logs/" + podName + ".log"))
              + ")");
      pod.start();
      return Optional.of(pod);
    } catch (IOException e) {
      log.accept("cannot prepare pod for " + name + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The Deployment's pods, the first one first. */
  private List<LocalPod> podsOf(String deployment) {
    List<LocalPod> all = new ArrayList<>();
    Optional.ofNullable(pods.get(deployment)).ifPresent(all::add);
    all.addAll(extraReplicas.getOrDefault(deployment, List.of()));
    return all;
  }

  /** Every pod process by pod name. */
  private Map<String, LocalPod> allPods() {
    Map<String, LocalPod> all = new HashMap<>(pods);
    extraReplicas.values().forEach(list -> list.forEach(p -> all.put(p.name(), p)));
    return all;
  }

  private void deploymentDeleted(Deployment deployment) {
    String name = deployment.getMetadata().getName();
    LocalPod pod = pods.remove(name);
    List<LocalPod> extra = extraReplicas.remove(name);
    if (pod != null || extra != null) {
      log.accept("Deployment " + name + " deleted, stopping its processes");
      if (pod != null) {
        pod.stop();
      }
      if (extra != null) {
        extra.forEach(LocalPod::stop);
      }
      refreshDns();
    }
  }

  private void onReadiness(String deployment, String pod, boolean ready) {
    log.accept(pod + (ready ? " is ready" : " is not ready"));
    sync.execute(() -> reportStatus(deployment));
    sync.execute(this::refreshDns); // Endpoints list ready and not-ready addresses apart
  }

  private void reportStatus(String name) {
    List<LocalPod> running = podsOf(name);
    int total = running.size();
    int count = (int) running.stream().filter(LocalPod::ready).count();
    try {
      client
          .apps()
          .deployments()
          .inNamespace(namespace)
          .withName(name)
          .editStatus(
              d -> {
                d.setStatus(
                    new DeploymentStatusBuilder()
                        .withObservedGeneration(d.getMetadata().getGeneration())
                        .withReplicas(total)
                        .withUpdatedReplicas(total)
                        .withReadyReplicas(count)
                        .withAvailableReplicas(count)
                        .withUnavailableReplicas(total - count)
                        .build());
                return d;
              });
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        log.accept("cannot update status of Deployment " + name + ": " + e.getMessage());
      }
    }
  }

  private void secretChanged(Secret secret) {
    allPods().forEach((name, pod) -> writeSecret(name, pod, secret));
  }

  /** Writes a mounted Secret; logs its name only, never its content. */
  private void writeSecret(String podName, LocalPod pod, Secret secret) {
    Map<String, String> data = new java.util.LinkedHashMap<>();
    if (secret.getData() != null) {
      data.putAll(secret.getData());
    }
    // The API server folds stringData into data; the mock server may keep it apart.
    if (secret.getStringData() != null) {
      secret
          .getStringData()
          .forEach(
              (k, v) ->
                  data.put(
                      k,
                      java.util.Base64.getEncoder()
                          .encodeToString(v.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }
    try {
      if (pod.sandbox().writeSecret(secret.getMetadata().getName(), data)) {
        log.accept(
            "Secret "
                + secret.getMetadata().getName()
                + " written into "
                + podName
                + " (atomic ..data swap)");
      }
    } catch (IOException e) {
      log.accept(
          "cannot write Secret " + secret.getMetadata().getName() + " for " + podName + ": " + e);
    }
  }

  private void configMapChanged(ConfigMap configMap) {
    allPods().forEach((name, pod) -> writeConfigMap(name, pod, configMap));
  }

  private void writeConfigMap(String podName, LocalPod pod, ConfigMap configMap) {
    try {
      if (pod.sandbox()
          .writeConfigMap(configMap.getMetadata().getName(), configMap.getData(), dns)) {
        log.accept(
            "ConfigMap "
                + configMap.getMetadata().getName()
                + " written into "
                + podName
                + " (atomic ..data swap)");
      }
    } catch (IOException e) {
      log.accept(
          "cannot write ConfigMap "
              + configMap.getMetadata().getName()
              + " for "
              + podName
              + ": "
              + e);
    }
  }

  /**
   * Recomputes Service -> loopback port and rewrites every mounted ConfigMap whose resolved content
   * changed.
   */
  private void refreshDns() {
    if (services == null || deployments == null || configMaps == null) {
      return; // still starting; the Deployment informer's first events refresh again
    }
    Map<String, Map<Integer, Integer>> before = dns.snapshot();
    for (Service service : services.getStore().list()) {
      Map<String, String> selector = service.getSpec().getSelector();
      List<LocalPod> backends =
          selector == null
              ? List.of()
              : deployments.getStore().list().stream()
                  .filter(
                      d -> matches(selector, d.getSpec().getTemplate().getMetadata().getLabels()))
                  .filter(d -> pods.containsKey(d.getMetadata().getName()))
                  .findFirst()
                  .map(d -> podsOf(d.getMetadata().getName()))
                  .orElse(List.of());
      if (backends.isEmpty()) {
        dns.unregister(namespace, service.getMetadata().getName());
        continue;
      }
      Map<Integer, Integer> ports = new HashMap<>();
      List<List<EndpointPort>> endpointPorts = new ArrayList<>();
      for (LocalPod backend : backends) {
        List<EndpointPort> podPorts = new ArrayList<>();
        for (ServicePort port : service.getSpec().getPorts()) {
          IntOrString target =
              port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
          int loopback = backend.sandbox().loopbackPort(target);
          if (backend == backends.get(0)) {
            ports.put(port.getPort(), loopback);
          }
          podPorts.add(
              new EndpointPortBuilder()
                  .withName(port.getName())
                  .withPort(loopback)
                  .withProtocol("TCP")
                  .build());
        }
        endpointPorts.add(podPorts);
      }
      dns.register(namespace, service.getMetadata().getName(), ports);
      publishEndpoints(
          service.getMetadata().getName(),
          endpointPorts,
          backends.stream().map(LocalPod::ready).toList());
    }
    before.keySet().stream()
        .filter(k -> services.getStore().getByKey(k) == null)
        .forEach(
            k -> {
              String name = k.substring(k.indexOf('/') + 1);
              dns.unregister(namespace, name);
              if (publishedEndpoints.remove(name) != null) {
                client.endpoints().inNamespace(namespace).withName(name).delete();
              }
            });
    if (!before.equals(dns.snapshot())) {
      configMaps.getStore().list().forEach(this::configMapChanged);
    }
  }

  /**
   * What the endpoints controller would publish: each backing process as an address of the Service
   * (ready or not), with its loopback ports, one subset per process since their ports differ. The
   * operator reads routers' and engines' metrics through these, as it would in a cluster.
   */
  private void publishEndpoints(
      String service, List<List<EndpointPort>> portsPerPod, List<Boolean> readyPerPod) {
    String signature = portsPerPod + "/" + readyPerPod;
    if (signature.equals(publishedEndpoints.get(service))) {
      return;
    }
    var address = new EndpointAddressBuilder().withIp("127.0.0.1").build();
    List<io.fabric8.kubernetes.api.model.EndpointSubset> subsets = new ArrayList<>();
    for (int i = 0; i < portsPerPod.size(); i++) {
      var subset = new EndpointSubsetBuilder().withPorts(portsPerPod.get(i));
      subsets.add(
          (readyPerPod.get(i)
                  ? subset.withAddresses(address)
                  : subset.withNotReadyAddresses(address))
              .build());
    }
    Endpoints endpoints =
        new EndpointsBuilder()
            .withNewMetadata()
            .withName(service)
            .withNamespace(namespace)
            .endMetadata()
            .withSubsets(subsets)
            .build();
    try {
      client.resource(endpoints).createOr(NonDeletingOperation::update);
      publishedEndpoints.put(service, signature);
    } catch (KubernetesClientException e) {
      log.accept("cannot publish Endpoints " + service + ": " + e.getMessage());
    }
  }

  private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return labels != null && labels.entrySet().containsAll(selector.entrySet());
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler(
      Consumer<T> onChange, Consumer<T> onDelete) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        sync.execute(() -> guarded(onChange, obj));
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        sync.execute(() -> guarded(onChange, newObj));
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        sync.execute(() -> guarded(onDelete, obj));
      }
    };
  }

  private <T> void guarded(Consumer<T> action, T obj) {
    try {
      action.accept(obj);
    } catch (RuntimeException e) {
      log.accept("error handling " + obj.getClass().getSimpleName() + ": " + e);
      e.printStackTrace(System.err);
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    garbageCollector.close();
    sync.shutdown();
    try {
      sync.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    allPods().values().parallelStream().forEach(LocalPod::stop);
    pods.clear();
    extraReplicas.clear();
    scheduler.shutdownNow();
  }
}
