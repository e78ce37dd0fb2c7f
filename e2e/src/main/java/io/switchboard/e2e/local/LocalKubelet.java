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
 *       restarts it (a rollout, compressed), or, where the Deployment allows no unavailable pod
 *       ({@code maxUnavailable: 0}, the gateway routers), rolls it: the new pod starts beside the
 *       old, and once it is ready the Service moves to it and the old pod gets SIGTERM, serving
 *       what it still receives through its shutdown delay;
 *   <li>materialises mounted ConfigMaps and Secrets with the kubelet's atomic symlink-swap layout
 *       and rewrites them when they change (Secret contents are written as they are, never logged);
 *   <li>plays cluster DNS ({@link ClusterDns}): Service URLs resolve to the loopback port of the
 *       backing process;
 *   <li>writes Deployment {@code status.replicas/readyReplicas/availableReplicas} from the
 *       readiness probe (one process stands for all replicas);
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

  /** The surge pod of a rolling update, until it is ready and takes over from {@link #pods}. */
  private final Map<String, LocalPod> surging = new ConcurrentHashMap<>();

  private final java.util.concurrent.atomic.AtomicInteger podSerial =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Map<String, Boolean> restartPolicy = new ConcurrentHashMap<>();
  private final java.util.Set<String> started = ConcurrentHashMap.newKeySet();
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
            reportStatus(deployment, false);
            deleteTree(gone.sandbox().dir());
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

  /**
   * Deletes a Deployment's pod gracefully, as {@code kubectl delete pod} or a rollout does, while
   * its ReplicaSet starts the replacement: the old address leaves the Service's Endpoints at once
   * (the replacement is listed, not ready), the old process gets SIGTERM and finishes its shutdown
   * (delay included, killed after 10 s) next to the new one, which starts in a new sandbox (new
   * ports, empty volumes). Returns once the replacement was started (not yet ready).
   */
  public void terminate(String deployment) throws InterruptedException {
    LocalPod pod = pods.get(deployment);
    if (pod == null) {
      throw new IllegalArgumentException("no local pod for Deployment " + deployment);
    }
    var done = new java.util.concurrent.CompletableFuture<Void>();
    sync.execute(
        () -> {
          try {
            log.accept(
                "deleting the pod of "
                    + deployment
                    + " (pid "
                    + pid(deployment).orElse(-1L)
                    + ", SIGTERM) and starting its replacement");
            LocalPod gone = pods.remove(deployment);
            gone.setRestartOnExit(false);
            scheduler.execute(gone::stop); // SIGTERM; the process takes its shutdown delay
            Deployment current = deployments.getStore().getByKey(namespace + "/" + deployment);
            if (current != null) {
              deploymentChanged(current);
            }
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    try {
      done.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("terminating " + deployment + " failed", e);
    }
  }

  /**
   * A new pod's sandbox directory: the Deployment's first pod gets {@code pods/<name>}, every later
   * one a directory of its own, since its predecessor may still run (a graceful {@link #terminate},
   * a rolling update) and a new pod starts with empty volumes.
   */
  private Path sandboxDir(String deployment) {
    Path pods = runDir.resolve("pods");
    return started.add(deployment)
        ? pods.resolve(deployment)
        : pods.resolve(deployment + "-" + podSerial.incrementAndGet());
  }

  private void deploymentChanged(Deployment deployment) {
    String name = deployment.getMetadata().getName();
    String fingerprint = String.valueOf(deployment.getSpec().getTemplate().hashCode());
    LocalPod existing = pods.get(name);
    boolean wanted =
        deployment.getSpec().getReplicas() == null || deployment.getSpec().getReplicas() > 0;
    if (existing != null && wanted && existing.templateFingerprint().equals(fingerprint)) {
      LocalPod surge = surging.remove(name);
      if (surge != null) {
        log.accept("rollout of " + name + " undone, stopping its surge pod");
        surge.stop();
      }
      return;
    }
    LocalPod pendingSurge = surging.get(name);
    if (pendingSurge != null && wanted && pendingSurge.templateFingerprint().equals(fingerprint)) {
      return; // that rollout is under way
    }
    if (existing != null && wanted && surgeFirst(deployment)) {
      rollOut(deployment, existing, fingerprint);
      return;
    }
    Optional.ofNullable(surging.remove(name)).ifPresent(LocalPod::stop);
    if (existing != null) {
      log.accept(
          (wanted ? "pod template changed, restarting " : "scaled to zero, stopping ") + name);
      pods.remove(name).stop();
      reportStatus(name, false);
    }
    if (!wanted) {
      return;
    }
    startPod(deployment, fingerprint, sandboxDir(name), null);
  }

  /** Whether a template change starts the new pod before the old one stops (no unavailability). */
  private static boolean surgeFirst(Deployment deployment) {
    var strategy = deployment.getSpec().getStrategy();
    if (strategy == null
        || "Recreate".equals(strategy.getType())
        || strategy.getRollingUpdate() == null) {
      return false;
    }
    IntOrString maxUnavailable = strategy.getRollingUpdate().getMaxUnavailable();
    return maxUnavailable != null
        && (Integer.valueOf(0).equals(maxUnavailable.getIntVal())
            || "0%".equals(maxUnavailable.getStrVal()));
  }

  /**
   * A rolling update with maxSurge 1, maxUnavailable 0, as the Deployment controller and kubelet do
   * it: the new pod starts in a sandbox of its own (new ports: a new pod IP); the old keeps the
   * Service until the new one is ready. Then the Service's endpoints move to the new pod and the
   * old one is terminated (SIGTERM, SIGKILL after its grace period), so a client resolving the
   * Service after the move never reaches a terminating pod, and one that resolved it just before is
   * still served through the old pod's shutdown delay.
   */
  private void rollOut(Deployment deployment, LocalPod old, String fingerprint) {
    String name = deployment.getMetadata().getName();
    LocalPod stale = surging.remove(name);
    if (stale != null) {
      stale.stop();
    }
    log.accept("pod template changed, rolling " + name + ": a surge pod starts beside the old one");
    Path dir = sandboxDir(name);
    Long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    java.time.Duration gracePeriod = java.time.Duration.ofSeconds(grace == null ? 30 : grace);
    startPod(
        deployment,
        fingerprint,
        dir,
        surge ->
            sync.execute(
                () -> {
                  if (surging.get(name) != surge || pods.get(name) != old) {
                    return; // superseded by another change
                  }
                  surging.remove(name);
                  pods.put(name, surge);
                  log.accept(
                      name
                          + ": surge pod ready; the Service moves to it, the old pod (pid "
                          + Optional.ofNullable(old.process()).map(ChildProcess::pid).orElse(-1L)
                          + ") leaves the endpoints and gets SIGTERM");
                  refreshDns();
                  reportStatus(name, true);
                  scheduler.execute(
                      () -> {
                        old.stop(gracePeriod);
                        log.accept(name + ": old pod terminated");
                        try {
                          deleteTree(old.sandbox().dir());
                        } catch (IOException e) {
                          log.accept("cannot delete " + old.sandbox().dir() + ": " + e);
                        }
                      });
                }));
  }

  /**
   * Starts a pod for the Deployment in {@code dir}. {@code onFirstReady} null: it is the
   * Deployment's pod at once; otherwise a surge pod, handed to {@code onFirstReady} once ready.
   */
  private void startPod(
      Deployment deployment,
      String fingerprint,
      Path dir,
      java.util.function.Consumer<LocalPod> onFirstReady) {
    String name = deployment.getMetadata().getName();
    Optional<AppCatalog.App> app = catalog.appFor(deployment);
    if (app.isEmpty()) {
      log.accept(
          "no local app for Deployment "
              + name
              + " (only simulated experts and routers run locally)");
      return;
    }
    try {
      PodSandbox sandbox =
          new PodSandbox(namespace, deployment.getSpec().getTemplate().getSpec(), dir, freePorts);
      LocalPod[] self = new LocalPod[1];
      java.util.concurrent.atomic.AtomicBoolean handedOver =
          new java.util.concurrent.atomic.AtomicBoolean(onFirstReady == null);
      LocalPod pod =
          new LocalPod(
              name,
              app.get(),
              sandbox,
              fingerprint,
              () -> sandbox.environment(dns, overrides),
              ready -> {
                if (ready && !handedOver.getAndSet(true)) {
                  onFirstReady.accept(self[0]);
                } else if (pods.get(name) == self[0]) {
                  onReadiness(name, ready);
                }
              },
              scheduler);
      self[0] = pod;
      pod.setRestartOnExit(restartPolicy.getOrDefault(name, true));
      if (onFirstReady == null) {
        pods.put(name, pod);
        refreshDns();
      } else {
        surging.put(name, pod);
      }
      for (String configMap : sandbox.configMapVolumes().keySet()) {
        Optional.ofNullable(configMaps.getStore().getByKey(namespace + "/" + configMap))
            .ifPresent(cm -> writeConfigMap(name, pod, cm));
      }
      for (String secret : sandbox.secretVolumes().keySet()) {
        Optional.ofNullable(secrets.getStore().getByKey(namespace + "/" + secret))
            .ifPresent(sec -> writeSecret(name, pod, sec));
      }
      log.accept(
          "starting "
              + app.get().kind()
              + " for Deployment "
              + name
              + " on 127.0.0.1 ports "
              + sandbox.ports().values()
              + " (log: "
              + runDir.relativize(runDir.resolve("logs/" + name + ".log"))
              + ")");
      pod.start();
    } catch (IOException e) {
      log.accept("cannot prepare pod for " + name + ": " + e.getMessage());
    }
  }

  private void deploymentDeleted(Deployment deployment) {
    String name = deployment.getMetadata().getName();
    LocalPod surge = surging.remove(name);
    if (surge != null) {
      surge.stop();
    }
    LocalPod pod = pods.remove(name);
    if (pod != null) {
      log.accept("Deployment " + name + " deleted, stopping its process");
      pod.stop();
      refreshDns();
    }
  }

  private void onReadiness(String deployment, boolean ready) {
    log.accept(deployment + (ready ? " is ready" : " is not ready"));
    sync.execute(() -> reportStatus(deployment, ready));
    sync.execute(this::refreshDns); // Endpoints list ready and not-ready addresses apart
  }

  private void reportStatus(String name, boolean ready) {
    int count = ready ? 1 : 0;
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
                        .withReplicas(1)
                        .withUpdatedReplicas(1)
                        .withReadyReplicas(count)
                        .withAvailableReplicas(count)
                        .withUnavailableReplicas(1 - count)
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
    pods.forEach((name, pod) -> writeSecret(name, pod, secret));
    surging.forEach((name, pod) -> writeSecret(name, pod, secret));
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
    pods.forEach((name, pod) -> writeConfigMap(name, pod, configMap));
    surging.forEach((name, pod) -> writeConfigMap(name, pod, configMap));
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
      Optional<LocalPod> backend =
          selector == null
              ? Optional.empty()
              : deployments.getStore().list().stream()
                  .filter(
                      d -> matches(selector, d.getSpec().getTemplate().getMetadata().getLabels()))
                  .map(d -> pods.get(d.getMetadata().getName()))
                  .filter(Objects::nonNull)
                  .findFirst();
      if (backend.isEmpty()) {
        dns.unregister(namespace, service.getMetadata().getName());
        continue;
      }
      Map<Integer, Integer> ports = new HashMap<>();
      List<EndpointPort> endpointPorts = new ArrayList<>();
      for (ServicePort port : service.getSpec().getPorts()) {
        IntOrString target =
            port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
        int loopback = backend.get().sandbox().loopbackPort(target);
        ports.put(port.getPort(), loopback);
        endpointPorts.add(
            new EndpointPortBuilder()
                .withName(port.getName())
                .withPort(loopback)
                .withProtocol("TCP")
                .build());
      }
      dns.register(namespace, service.getMetadata().getName(), ports);
      publishEndpoints(service, endpointPorts, backend.get().ready());
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
   * What the endpoints controller would publish: the backing process as the Service's one address
   * (ready or not), with its loopback ports. The operator reads routers' metrics through these, as
   * it would in a cluster.
   */
  private void publishEndpoints(Service service, List<EndpointPort> ports, boolean ready) {
    String name = service.getMetadata().getName();
    String signature = ports + "/" + ready;
    if (signature.equals(publishedEndpoints.get(name))) {
      return;
    }
    var address = new EndpointAddressBuilder().withIp("127.0.0.1").build();
    var subset = new EndpointSubsetBuilder().withPorts(ports);
    Endpoints endpoints =
        new EndpointsBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            // The endpoints controller copies the Service's labels.
            .withLabels(service.getMetadata().getLabels())
            .endMetadata()
            .withSubsets(
                (ready ? subset.withAddresses(address) : subset.withNotReadyAddresses(address))
                    .build())
            .build();
    try {
      client.resource(endpoints).createOr(NonDeletingOperation::update);
      publishedEndpoints.put(name, signature);
    } catch (KubernetesClientException e) {
      log.accept("cannot publish Endpoints " + name + ": " + e.getMessage());
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
    surging.values().parallelStream().forEach(LocalPod::stop);
    surging.clear();
    pods.values().parallelStream().forEach(LocalPod::stop);
    pods.clear();
    scheduler.shutdownNow();
  }
}
