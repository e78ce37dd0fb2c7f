package io.switchboard.templates;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders an {@link ExpertWorkload} into Kubernetes objects. Pure: same input, same output, no
 * cluster access, so the operator's dependents and the golden-file tests share it.
 *
 * <p>Pod shape shared by all engines:
 *
 * <ul>
 *   <li>{@code nvidia.com/gpu} requests = limits; node affinity on {@code nvidia.com/gpu.product}
 *       (set by NVIDIA GPU feature discovery) and a toleration for the usual {@code
 *       nvidia.com/gpu:NoSchedule} taint;
 *   <li>{@code /dev/shm} as a memory-backed emptyDir (NCCL and the engines' multi-process workers
 *       need more than the container runtime's 64 MiB default);
 *   <li>a startup probe generous enough for downloading and loading weights, then readiness (stop
 *       routing quickly) and liveness (restart a wedged engine, tolerant of long GC/compile
 *       pauses);
 *   <li>{@code preStop} sleep shorter than {@code terminationGracePeriodSeconds}: endpoints are
 *       removed before the engine gets SIGTERM, and in-flight generations can finish;
 *   <li>Prometheus scrape annotations for the engine's {@code /metrics};
 *   <li>rolling updates with {@code maxSurge: 0} for GPU pods: a surge pod would wait for GPUs that
 *       are all in use;
 *   <li>the {@code restricted} Pod Security Standard for every engine ({@link #podSecurity}, {@link
 *       #containerSecurity}), with a read-only root filesystem: what an engine writes goes to an
 *       emptyDir.
 * </ul>
 *
 * <p>What each engine needs beyond the standard's defaults, and how it is given without leaving
 * {@code restricted}:
 *
 * <ul>
 *   <li>The vLLM, SGLang and TGI images declare no user (they run as root): the pod sets a numeric
 *       non-root uid/gid ({@value #ENGINE_UID}) and {@code fsGroup}, so the model cache PVC is
 *       group-writable; {@code OnRootMismatch} chowns a large cache once, not at every start.
 *   <li>vLLM and SGLang write compile and kernel caches (torch.compile, Triton, FlashInfer, vLLM's
 *       {@code ~/.cache/vllm} and usage-stats file) under {@code $HOME}: {@code HOME} points at an
 *       emptyDir. TGI's launcher keeps its shard sockets in {@code /tmp}, and all three write
 *       temporary files there: {@code /tmp} is an emptyDir.
 *   <li>NCCL and the multi-process workers need a large {@code /dev/shm}: a memory-backed emptyDir,
 *       not {@code hostIPC}.
 *   <li>GPUs come from the device plugin ({@code nvidia.com/gpu}), which mounts the device nodes
 *       itself: no {@code privileged}, no capability, no hostPath.
 *   <li>The simulated expert's image runs as uid 185 and writes only the JVM's {@code /tmp}.
 * </ul>
 */
public final class ExpertTemplates {

  public static final String EXPERT_LABEL = "switchboard.io/expert";
  public static final String RUNTIME_LABEL = "switchboard.io/runtime";
  public static final String GPU_RESOURCE = "nvidia.com/gpu";
  public static final String GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";

  static final int PRE_STOP_SLEEP_SECONDS = 15;
  static final long TERMINATION_GRACE_SECONDS = 120;

  /** Files of a model repository an engine loads (see {@link #preloadContainer}). */
  static final List<String> PRELOAD_PATTERNS =
      List.of(
          "*.safetensors",
          "*.safetensors.index.json",
          "*.json",
          "tokenizer*",
          "*.model",
          "*.tiktoken",
          "*.txt",
          "*.jinja",
          "*.py");

  private static final int STARTUP_PERIOD_SECONDS = 10;
  private static final String CONTAINER = "engine";
  private static final String SHM_VOLUME = "dshm";
  private static final String CACHE_VOLUME = "model-cache";
  private static final String DATA_VOLUME = "recorded-data";
  private static final String TMP_VOLUME = "tmp";
  private static final String HOME_VOLUME = "home";
  static final String HOME_DIR = "/home/engine";
  static final long ENGINE_UID = 1000;

  private final WorkloadValidator validator = new WorkloadValidator();

  /**
   * @throws InvalidWorkloadException listing every problem of the workload
   */
  public RenderedExpert render(ExpertWorkload workload) {
    List<String> problems = validator.problems(workload);
    if (!problems.isEmpty()) {
      throw new InvalidWorkloadException(workload.name(), problems);
    }
    if (workload.runtime() == Runtime.EXTERNAL) {
      ExternalApi api = workload.external();
      SecretKeySelector apiKey =
          api.secretName() == null || api.secretName().isBlank()
              ? null
              : new SecretKeySelector(api.secretKey(), api.secretName(), false);
      return new RenderedExpert.External(workload.name(), api.url(), workload.model(), apiKey);
    }
    ServingEngine engine = ServingEngine.of(workload.runtime());
    String baseUrl =
        "http://" + workload.name() + "." + workload.namespace() + ".svc:" + engine.port() + "/v1";
    return new RenderedExpert.SelfHosted(
        workload.name(),
        baseUrl,
        deployment(workload, engine),
        service(workload, engine),
        disruptionBudget(workload));
  }

  private Map<String, String> selector(ExpertWorkload w) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put("app.kubernetes.io/name", "switchboard-expert");
    selector.put(EXPERT_LABEL, w.name());
    return selector;
  }

  private Map<String, String> labels(ExpertWorkload w) {
    Map<String, String> labels = new LinkedHashMap<>(w.labels());
    labels.putAll(selector(w));
    labels.put("app.kubernetes.io/instance", w.name());
    labels.put("app.kubernetes.io/component", "llm-expert");
    labels.put("app.kubernetes.io/managed-by", "switchboard-operator");
    labels.put(RUNTIME_LABEL, w.runtime().name().toLowerCase());
    return labels;
  }

  private ObjectMeta metadata(ExpertWorkload w) {
    return new ObjectMetaBuilder()
        .withName(w.name())
        .withNamespace(w.namespace())
        .withLabels(labels(w))
        .build();
  }

  private Deployment deployment(ExpertWorkload w, ServingEngine engine) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("prometheus.io/scrape", "true");
    annotations.put("prometheus.io/port", String.valueOf(engine.port()));
    annotations.put("prometheus.io/path", engine.metricsPath());
    annotations.put("switchboard.io/model", w.model());

    PodSpecBuilder pod =
        new PodSpecBuilder()
            .withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
            .withSecurityContext(podSecurity(engine))
            .withContainers(container(w, engine))
            .withVolumes(volumes(w, engine));
    if (engine.usesGpus()) {
      pod.withTolerations(tolerations(w))
          .withNodeSelector(w.gpu().nodeSelector().isEmpty() ? null : w.gpu().nodeSelector());
      if (w.gpu().product() != null) {
        pod.withAffinity(gpuProductAffinity(w.gpu().product()));
      }
    }
    if (w.modelCache() != null && w.modelCache().preload() && engine.usesGpus()) {
      pod.withInitContainers(preloadContainer(w, engine));
    }

    DeploymentBuilder deployment =
        new DeploymentBuilder()
            .withMetadata(metadata(w))
            .withNewSpec()
            .withReplicas(w.replicas())
            .withNewSelector()
            .withMatchLabels(selector(w))
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels(w))
            .withAnnotations(annotations)
            .endMetadata()
            .withSpec(pod.build())
            .endTemplate()
            .endSpec();
    if (engine.usesGpus()) {
      deployment
          .editSpec()
          .withNewStrategy()
          .withType("RollingUpdate")
          .withNewRollingUpdate()
          .withMaxSurge(new IntOrString(0))
          .withMaxUnavailable(new IntOrString(1))
          .endRollingUpdate()
          .endStrategy()
          .endSpec();
    }
    return deployment.build();
  }

  private Container container(ExpertWorkload w, ServingEngine engine) {
    ContainerBuilder container =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(image(w, engine))
            .withCommand(engine.command(w).isEmpty() ? null : engine.command(w))
            .withArgs(engine.args(w).isEmpty() ? null : engine.args(w))
            .withPorts(httpPort(engine))
            .withEnv(env(w, engine))
            .withVolumeMounts(mounts(w, engine))
            .withSecurityContext(RestrictedContainer.securityContext())
            .withStartupProbe(
                probe(
                    engine,
                    STARTUP_PERIOD_SECONDS,
                    engine.startupBudgetSeconds() / STARTUP_PERIOD_SECONDS,
                    5))
            .withReadinessProbe(probe(engine, 5, 3, 5))
            .withLivenessProbe(probe(engine, 10, 6, 10))
            .withNewLifecycle()
            .withNewPreStop()
            .withNewExec()
            .withCommand("sleep", String.valueOf(PRE_STOP_SLEEP_SECONDS))
            .endExec()
            .endPreStop()
            .endLifecycle();
    if (engine.usesGpus()) {
      Quantity gpus = new Quantity(String.valueOf(w.gpuCount()));
      HostResources host = HostResources.forGpus(w.gpuCount());
      container.withResources(
          new ResourceRequirementsBuilder()
              .addToRequests(GPU_RESOURCE, gpus)
              .addToRequests("cpu", host.cpu())
              .addToRequests("memory", host.memory())
              .addToLimits(GPU_RESOURCE, gpus)
              .build());
    }
    return container.build();
  }

  /**
   * Non-root with the runtime's default seccomp profile; GPU engines get an explicit uid, since
   * their images run as root (see the class comment).
   */
  private static PodSecurityContext podSecurity(ServingEngine engine) {
    PodSecurityContextBuilder context =
        new PodSecurityContextBuilder()
            .withRunAsNonRoot(true)
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile();
    if (engine.usesGpus()) {
      context
          .withRunAsUser(ENGINE_UID)
          .withRunAsGroup(ENGINE_UID)
          .withFsGroup(ENGINE_UID)
          .withFsGroupChangePolicy("OnRootMismatch");
    }
    return context.build();
  }

  private static String image(ExpertWorkload w, ServingEngine engine) {
    return w.image() != null ? w.image() : engine.defaultImage();
  }

  private static ContainerPort httpPort(ServingEngine engine) {
    return new ContainerPortBuilder()
        .withName("http")
        .withContainerPort(engine.port())
        .withProtocol("TCP")
        .build();
  }

  private static Probe probe(
      ServingEngine engine, int periodSeconds, int failureThreshold, int timeoutSeconds) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(engine.healthPath())
        .withPort(new IntOrString("http"))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failureThreshold)
        .withTimeoutSeconds(timeoutSeconds)
        .build();
  }

  private List<EnvVar> env(ExpertWorkload w, ServingEngine engine) {
    List<EnvVar> env = new ArrayList<>();
    if (engine.usesGpus()) {
      env.addAll(cacheEnv());
      if (w.hfTokenSecret() != null) {
        env.add(hfToken(w));
      }
    }
    env.addAll(engine.env(w));
    return env;
  }

  /**
   * Points every Hugging Face cache variable at the cache volume: {@code HF_HUB_CACHE} outranks the
   * older {@code HUGGINGFACE_HUB_CACHE} that some engine images preset (TGI presets {@code /data}),
   * so the preload container and the engine always agree on where the weights are.
   */
  private static List<EnvVar> cacheEnv() {
    return List.of(
        // The engines' own caches (torch.compile, Triton, FlashInfer) go under $HOME.
        new EnvVar("HOME", HOME_DIR, null),
        new EnvVar("HF_HOME", ModelCache.MOUNT_PATH, null),
        new EnvVar("HF_HUB_CACHE", ModelCache.MOUNT_PATH + "/hub", null),
        new EnvVar("HUGGINGFACE_HUB_CACHE", ModelCache.MOUNT_PATH + "/hub", null));
  }

  private static EnvVar hfToken(ExpertWorkload w) {
    return new EnvVarBuilder()
        .withName("HF_TOKEN")
        .withNewValueFrom()
        .withNewSecretKeyRef("token", w.hfTokenSecret(), false)
        .endValueFrom()
        .build();
  }

  private static List<VolumeMount> mounts(ExpertWorkload w, ServingEngine engine) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount(TMP_VOLUME, "/tmp", false));
    if (engine.usesGpus()) {
      mounts.add(mount(SHM_VOLUME, "/dev/shm", false));
      mounts.add(mount(CACHE_VOLUME, ModelCache.MOUNT_PATH, false));
      mounts.add(mount(HOME_VOLUME, HOME_DIR, false));
    } else {
      mounts.add(mount(DATA_VOLUME, SimulatedEngine.DATA_PATH, true));
    }
    return mounts;
  }

  private static VolumeMount mount(String volume, String path, boolean readOnly) {
    return new VolumeMountBuilder()
        .withName(volume)
        .withMountPath(path)
        .withReadOnly(readOnly ? true : null)
        .build();
  }

  private static List<Volume> volumes(ExpertWorkload w, ServingEngine engine) {
    List<Volume> volumes = new ArrayList<>();
    // The root filesystem is read-only: temporary files (the JVM's, Python's, TGI's shard sockets)
    // and, for GPU engines, compile caches under $HOME go to emptyDirs, sized so a runaway cache
    // evicts its pod rather than filling the node's disk.
    volumes.add(emptyDir(TMP_VOLUME, engine.usesGpus() ? "4Gi" : "256Mi"));
    if (!engine.usesGpus()) {
      volumes.add(
          new VolumeBuilder()
              .withName(DATA_VOLUME)
              .withNewPersistentVolumeClaim(w.simulated().dataPvc(), true)
              .build());
      return volumes;
    }
    volumes.add(
        new VolumeBuilder()
            .withName(SHM_VOLUME)
            .withNewEmptyDir()
            .withMedium("Memory")
            .withSizeLimit(HostResources.forGpus(w.gpuCount()).sharedMemory())
            .endEmptyDir()
            .build());
    volumes.add(emptyDir(HOME_VOLUME, "10Gi"));
    ModelCache cache = w.modelCache();
    if (cache != null && cache.pvcName() != null) {
      volumes.add(
          new VolumeBuilder()
              .withName(CACHE_VOLUME)
              .withNewPersistentVolumeClaim(cache.pvcName(), false)
              .build());
    } else {
      String sizeLimit = cache == null ? null : cache.emptyDirSize();
      volumes.add(
          new VolumeBuilder()
              .withName(CACHE_VOLUME)
              .withNewEmptyDir()
              .withSizeLimit(sizeLimit == null ? null : new Quantity(sizeLimit))
              .endEmptyDir()
              .build());
    }
    return volumes;
  }

  private static Volume emptyDir(String name, String sizeLimit) {
    return new VolumeBuilder()
        .withName(name)
        .withNewEmptyDir()
        .withSizeLimit(new Quantity(sizeLimit))
        .endEmptyDir()
        .build();
  }

  /**
   * Downloads the weights into the cache before the engine starts, with {@code
   * huggingface_hub.snapshot_download} (the library behind {@code huggingface-cli download}/{@code
   * hf download}, present in all three engine images, and stable across the CLI's renames). The
   * model id comes from the environment, so it is never shell-quoted.
   *
   * <p>Only what an engine loads is fetched ({@link #PRELOAD_PATTERNS}): safetensors weights and
   * their index, configs, tokenizer files, chat templates and the model's own Python code (for
   * {@code --trust-remote-code}). Model repositories often carry the same weights again as {@code
   * .bin}, {@code .pth} ({@code original/}), GGUF or ONNX, which a whole-repository download
   * fetches too (twice the size for most Llama repositories). A model published only as {@code
   * .bin} is then downloaded by the engine itself at start.
   */
  private Container preloadContainer(ExpertWorkload w, ServingEngine engine) {
    List<EnvVar> env = new ArrayList<>();
    env.addAll(cacheEnv());
    env.add(new EnvVar("MODEL_ID", w.model(), null));
    env.add(new EnvVar("PRELOAD_PATTERNS", String.join(",", PRELOAD_PATTERNS), null));
    if (w.hfTokenSecret() != null) {
      env.add(hfToken(w));
    }
    return new ContainerBuilder()
        .withName("preload-weights")
        .withImage(image(w, engine))
        .withCommand(
            "python3",
            "-c",
            "import os; from huggingface_hub import snapshot_download; "
                + "snapshot_download(os.environ['MODEL_ID'], "
                + "allow_patterns=os.environ['PRELOAD_PATTERNS'].split(','))")
        .withEnv(env)
        .withVolumeMounts(
            mount(CACHE_VOLUME, ModelCache.MOUNT_PATH, false),
            mount(TMP_VOLUME, "/tmp", false),
            mount(HOME_VOLUME, HOME_DIR, false))
        .withSecurityContext(RestrictedContainer.securityContext())
        .build();
  }

  private static List<Toleration> tolerations(ExpertWorkload w) {
    List<Toleration> tolerations = new ArrayList<>();
    tolerations.add(
        new TolerationBuilder()
            .withKey(GPU_RESOURCE)
            .withOperator("Exists")
            .withEffect("NoSchedule")
            .build());
    tolerations.addAll(w.gpu().tolerations());
    return tolerations;
  }

  private static Affinity gpuProductAffinity(String product) {
    return new AffinityBuilder()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .addNewMatchExpression()
        .withKey(GPU_PRODUCT_LABEL)
        .withOperator("In")
        .withValues(product)
        .endMatchExpression()
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .build();
  }

  private Service service(ExpertWorkload w, ServingEngine engine) {
    return new ServiceBuilder()
        .withMetadata(metadata(w))
        .withNewSpec()
        .withSelector(selector(w))
        .addNewPort()
        .withName("http")
        .withPort(engine.port())
        .withTargetPort(new IntOrString("http"))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  /**
   * At most one pod of an expert is evicted at a time; with a single replica a drain may still
   * proceed.
   */
  private PodDisruptionBudget disruptionBudget(ExpertWorkload w) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(metadata(w))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(selector(w))
        .endSelector()
        .endSpec()
        .build();
  }
}
