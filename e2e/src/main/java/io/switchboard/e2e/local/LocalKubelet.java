package io.switchboard.e2e.local;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A small kubelet + controller stand-in for the mock API server, which has none. It watches
 * Deployments, Services, ConfigMaps and Secrets in one namespace and:
 *
 * <ul>
 *   <li>runs {@code spec.replicas} local processes per Deployment whose app it knows ({@link
 *       AppCatalog}), each with a sandbox and ports of its own: the container's env, container
 *       ports replaced by free 127.0.0.1 ports. The first is "the" pod of the accessors below and
 *       of Service DNS (no load balancing); a scale-up starts replicas {@code <name>-1}, {@code
 *       -2}, ..., a scale-down stops the newest. A process that exits is restarted (restartPolicy
 *       Always) unless restarts were turned off for its Deployment;
 *   <li>on a changed pod template restarts the first pod (a rollout, compressed), or, where the
 *       Deployment allows no unavailable pod ({@code maxUnavailable: 0}, the gateway routers),
 *       rolls it: the new pod starts beside the old, and once it is ready the Service moves to it
 *       and the old pod gets SIGTERM, serving what it still receives through its shutdown delay.
 *       Further replicas of the old template are replaced;
 *   <li>materialises mounted ConfigMaps and Secrets with the kubelet's atomic symlink-swap layout
 *       and rewrites them when they change (Secret contents are written as they are, never logged);
 *   <li>plays cluster DNS ({@link ClusterDns}): Service URLs resolve to the loopback port of the
 *       first backing process; and the endpoints controller ({@link ServiceEndpoints}): Endpoints
 *       list every pod, ready or not;
 *   <li>writes Deployment {@code status.replicas/readyReplicas/availableReplicas} from the
 *       processes and their readiness probes;
 *   <li>stops the processes of a deleted Deployment, and emulates owner-reference garbage
 *       collection.
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
  private final ServiceEndpoints endpoints;
  private final LoopbackPorts freePorts = new LoopbackPorts();

  /** The first pod of each Deployment, named as the Deployment. */
  private final Map<String, LocalPod> pods = new ConcurrentHashMap<>();

  /** The surge pod of a rolling update, until it is ready and takes over from {@link #pods}. */
  private final Map<String, LocalPod> surging = new ConcurrentHashMap<>();

  /** Replicas beyond the first, by Deployment, oldest first; pod names end in -1, -2, ... */
  private final Map<String, List<LocalPod>> extraReplicas = new ConcurrentHashMap<>();

  /** Pod names that had a sandbox already, and the serial that keeps later sandboxes apart. */
  private final Set<String> started = ConcurrentHashMap.newKeySet();

  private final AtomicInteger podSerial = new AtomicInteger();
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
    this.endpoints = new ServiceEndpoints(client, namespace, log);
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

  /** Turns restarts of a Deployment's processes on or off (off: like restartPolicy Never). */
  public void setRestartOnExit(String deployment, boolean restart) {
    restartPolicy.put(deployment, restart);
    podsOf(deployment).forEach(p -> p.setRestartOnExit(restart));
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
   * Kills a Deployment's (first) pod without a graceful shutdown and starts a replacement in a new
   * sandbox: new ports (a new pod IP in a cluster) and empty volumes, as when a node is lost and
   * the pod is rescheduled. Returns once the replacement was started (not yet ready).
   */
  public void reschedule(String deployment) throws InterruptedException {
    onSyncThread(
        "rescheduling",
        deployment,
        () -> {
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
          deleteTree(gone.sandbox().dir());
          replace(deployment);
        });
  }

  /**
   * Deletes a Deployment's (first) pod gracefully, as {@code kubectl delete pod} or a rollout does,
   * while its ReplicaSet starts the replacement: the old address leaves the Service's Endpoints at
   * once (the replacement is listed, not ready), the old process gets SIGTERM and finishes its
   * shutdown (delay included, killed after 10 s) next to the new one, which starts in a new sandbox
   * (new ports, empty volumes). Returns once the replacement was started (not yet ready).
   */
  public void terminate(String deployment) throws InterruptedException {
    onSyncThread(
        "terminating",
        deployment,
        () -> {
          log.accept(
              "deleting the pod of "
                  + deployment
                  + " (pid "
                  + pid(deployment).orElse(-1L)
                  + ", SIGTERM) and starting its replacement");
          LocalPod gone = pods.remove(deployment);
          gone.setRestartOnExit(false);
          scheduler.execute(gone::stop); // SIGTERM; the process takes its shutdown delay
          replace(deployment);
        });
  }

  private interface SyncAction {
    void run() throws IOException;
  }

  /** Runs an action on a Deployment's first pod in turn with the informer events, and waits. */
  private void onSyncThread(String what, String deployment, SyncAction action)
      throws InterruptedException {
    if (!pods.containsKey(deployment)) {
      throw new IllegalArgumentException("no local pod for Deployment " + deployment);
    }
    var done = new CompletableFuture<Void>();
    sync.execute(
        () -> {
          try {
            action.run();
            done.complete(null);
          } catch (IOException | RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    try {
      done.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(what + " " + deployment + " failed", e);
    }
  }

  /** The ReplicaSet's part: a Deployment whose first pod is gone gets a new one. */
  private void replace(String deployment) {
    Deployment current = deployments.getStore().getByKey(namespace + "/" + deployment);
    if (current != null) {
      deploymentChanged(current);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * A new pod's sandbox directory: the first pod of a name gets {@code pods/<podName>}, every later
   * one a directory of its own, {@code pods/<podName>_<serial>}, since its predecessor may still
   * run (a graceful {@link #terminate}, a rolling update, a replaced replica) and a new pod starts
   * with empty volumes. The underscore, never part of a Kubernetes name, keeps these apart from the
   * replicas' {@code <deployment>-<n>}.
   */
  private Path sandboxDir(String podName) {
    Path dir = runDir.resolve("pods");
    return started.add(podName)
        ? dir.resolve(podName)
        : dir.resolve(podName + "_" + podSerial.incrementAndGet());
  }

  private void deploymentChanged(Deployment deployment) {
    String fingerprint = String.valueOf(deployment.getSpec().getTemplate().hashCode());
    Integer replicas = deployment.getSpec().getReplicas();
    int wantedReplicas = replicas == null ? 1 : Math.max(0, replicas);
    updateFirstPod(deployment, fingerprint, wantedReplicas > 0);
    scaleExtraReplicas(deployment, Math.max(0, wantedReplicas - 1), fingerprint);
  }

  /** Starts, restarts, rolls or stops the Deployment's first pod to match its spec. */
  private void updateFirstPod(Deployment deployment, String fingerprint, boolean wanted) {
    String name = deployment.getMetadata().getName();
    LocalPod existing = pods.get(name);
    if (existing != null && wanted && existing.templateFingerprint().equals(fingerprint)) {
      LocalPod surge = surging.remove(name);
      if (surge != null) {
        log.accept("rollout of " + name + " undone, stopping its surge pod");
        surge.stop();
        refreshDns();
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
      reportStatus(name);
    }
    if (wanted) {
      startPod(deployment, name, fingerprint, pod -> pods.put(name, pod), null);
    } else {
      refreshDns();
    }
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
   * A rolling update of the first pod with maxSurge 1, maxUnavailable 0, as the Deployment
   * controller and kubelet do it: the new pod starts in a sandbox of its own (new ports: a new pod
   * IP) and is listed in the Endpoints as not ready; the old keeps the Service until the new one is
   * ready. Then the Service moves to the new pod and the old one leaves the Endpoints and is
   * terminated (SIGTERM, SIGKILL after its grace period), so a client resolving the Service after
   * the move never reaches a terminating pod, and one that resolved it just before is still served
   * through the old pod's shutdown delay.
   */
  private void rollOut(Deployment deployment, LocalPod old, String fingerprint) {
    String name = deployment.getMetadata().getName();
    LocalPod stale = surging.remove(name);
    if (stale != null) {
      stale.stop();
    }
    log.accept("pod template changed, rolling " + name + ": a surge pod starts beside the old one");
    Long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    Duration gracePeriod = Duration.ofSeconds(grace == null ? 30 : grace);
    Consumer<LocalPod> handOver =
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
                  reportStatus(name);
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
                });
    startPod(deployment, name, fingerprint, surge -> surging.put(name, surge), handOver);
  }

  /**
   * Starts or stops processes until the Deployment has {@code count} beyond its first; those of an
   * older pod template are replaced. A stopped replica leaves the Endpoints at once and gets
   * SIGTERM off the sync thread, as a deleted pod does.
   */
  private void scaleExtraReplicas(Deployment deployment, int count, String fingerprint) {
    String name = deployment.getMetadata().getName();
    List<LocalPod> extra = extraReplicas.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>());
    boolean changed = false;
    for (LocalPod pod : List.copyOf(extra)) {
      if (!pod.templateFingerprint().equals(fingerprint) || extra.indexOf(pod) >= count) {
        log.accept("stopping replica " + pod.name() + " of " + name);
        extra.remove(pod);
        pod.setRestartOnExit(false);
        scheduler.execute(pod::stop);
        changed = true;
      }
    }
    while (extra.size() < count) {
      String podName = freeReplicaName(name, extra);
      log.accept("scaled up: starting replica " + podName + " of " + name);
      if (startPod(deployment, podName, fingerprint, extra::add, null).isEmpty()) {
        break;
      }
      changed = true;
    }
    if (changed) {
      reportStatus(name);
      refreshDns();
    }
  }

  /** The lowest {@code <deployment>-<n>} no running replica has. */
  private static String freeReplicaName(String deployment, List<LocalPod> extra) {
    Set<String> taken = new HashSet<>();
    extra.forEach(p -> taken.add(p.name()));
    int n = 1;
    while (taken.contains(deployment + "-" + n)) {
      n++;
    }
    return deployment + "-" + n;
  }

  /**
   * Starts one pod process of the Deployment in a fresh sandbox, handed to {@code register} (and
   * the Service DNS refreshed) before its volumes are written and it starts; empty if it cannot run
   * here. {@code onFirstReady} null: its readiness is reported as the Deployment's; otherwise it is
   * a surge pod, handed to {@code onFirstReady} once ready.
   */
  private Optional<LocalPod> startPod(
      Deployment deployment,
      String podName,
      String fingerprint,
      Consumer<LocalPod> register,
      Consumer<LocalPod> onFirstReady) {
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
              sandboxDir(podName),
              freePorts);
      LocalPod[] self = new LocalPod[1];
      AtomicBoolean handedOver = new AtomicBoolean(onFirstReady == null);
      LocalPod pod =
          new LocalPod(
              podName,
              app.get(),
              sandbox,
              fingerprint,
              () -> sandbox.environment(dns, overrides),
              ready -> {
                if (ready && !handedOver.getAndSet(true)) {
                  onFirstReady.accept(self[0]);
                } else if (podsOf(name).contains(self[0])) {
                  onReadiness(name, podName, ready);
                }
              },
              scheduler);
      self[0] = pod;
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
              + (onFirstReady == null ? "" : " (surge pod)")
              + " on 127.0.0.1 ports "
              + sandbox.ports().values()
              + " (log: "
              + runDir.relativize(runDir.resolve("logs/" + podName + ".log"))
              + ")");
      pod.start();
      return Optional.of(pod);
    } catch (IOException e) {
      log.accept("cannot prepare pod for " + podName + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The Deployment's serving pods, the first one first (a surge pod joins at hand-over). */
  private List<LocalPod> podsOf(String deployment) {
    List<LocalPod> all = new ArrayList<>();
    Optional.ofNullable(pods.get(deployment)).ifPresent(all::add);
    all.addAll(extraReplicas.getOrDefault(deployment, List.of()));
    return all;
  }

  /** Every pod process that mounts volumes, surge pods included. */
  private List<LocalPod> allPods() {
    List<LocalPod> all = new ArrayList<>(pods.values());
    all.addAll(surging.values());
    extraReplicas.values().forEach(all::addAll);
    return all;
  }

  private void deploymentDeleted(Deployment deployment) {
    String name = deployment.getMetadata().getName();
    List<LocalPod> gone = new ArrayList<>(podsOf(name));
    Optional.ofNullable(surging.remove(name)).ifPresent(gone::add);
    pods.remove(name);
    extraReplicas.remove(name);
    if (!gone.isEmpty()) {
      log.accept("Deployment " + name + " deleted, stopping its processes");
      gone.forEach(LocalPod::stop);
      refreshDns();
    }
  }

  private void onReadiness(String deployment, String pod, boolean ready) {
    log.accept(pod + (ready ? " is ready" : " is not ready"));
    sync.execute(() -> reportStatus(deployment));
    sync.execute(this::refreshDns); // Endpoints list ready and not-ready addresses apart
  }

  /** Deployment status from its serving pods (a surge pod counts once it took over). */
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
    allPods().forEach(pod -> writeSecret(pod.name(), pod, secret));
  }

  /** Writes a mounted Secret; logs its name only, never its content. */
  private void writeSecret(String podName, LocalPod pod, Secret secret) {
    Map<String, String> data = new LinkedHashMap<>();
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
                      k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
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
    allPods().forEach(pod -> writeConfigMap(pod.name(), pod, configMap));
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
      String backing =
          selector == null
              ? null
              : deployments.getStore().list().stream()
                  .filter(
                      d -> matches(selector, d.getSpec().getTemplate().getMetadata().getLabels()))
                  .map(d -> d.getMetadata().getName())
                  .filter(d -> !podsOf(d).isEmpty())
                  .findFirst()
                  .orElse(null);
      List<LocalPod> backends = backing == null ? List.of() : podsOf(backing);
      if (backends.isEmpty()) {
        dns.unregister(namespace, service.getMetadata().getName());
        endpoints.publish(service, List.of());
        continue;
      }
      Map<Integer, Integer> ports = new HashMap<>();
      for (ServicePort port : service.getSpec().getPorts()) {
        ports.put(port.getPort(), backends.get(0).sandbox().loopbackPort(targetPort(port)));
      }
      dns.register(namespace, service.getMetadata().getName(), ports);
      List<ServiceEndpoints.Backend> listed = new ArrayList<>();
      backends.forEach(pod -> listed.add(backend(service, pod, pod.ready())));
      // A surge pod is listed from its start, not ready until it takes over.
      Optional.ofNullable(surging.get(backing))
          .ifPresent(surge -> listed.add(backend(service, surge, false)));
      endpoints.publish(service, listed);
    }
    before.keySet().stream()
        .filter(k -> services.getStore().getByKey(k) == null)
        .forEach(
            k -> {
              String name = k.substring(k.indexOf('/') + 1);
              dns.unregister(namespace, name);
              endpoints.remove(name);
            });
    if (!before.equals(dns.snapshot())) {
      configMaps.getStore().list().forEach(this::configMapChanged);
    }
  }

  private static IntOrString targetPort(ServicePort port) {
    return port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
  }

  /** A pod as an address of the Service: its loopback port for each of the Service's ports. */
  private static ServiceEndpoints.Backend backend(Service service, LocalPod pod, boolean ready) {
    List<EndpointPort> ports = new ArrayList<>();
    for (ServicePort port : service.getSpec().getPorts()) {
      ports.add(
          new EndpointPortBuilder()
              .withName(port.getName())
              .withPort(pod.sandbox().loopbackPort(targetPort(port)))
              .withProtocol("TCP")
              .build());
    }
    return new ServiceEndpoints.Backend(ports, ready);
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
    allPods().parallelStream().forEach(LocalPod::stop);
    surging.clear();
    pods.clear();
    extraReplicas.clear();
    scheduler.shutdownNow();
  }
}
