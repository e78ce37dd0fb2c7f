package io.switchboard.e2e.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.dataset.RecordedDataset;
import io.switchboard.e2e.local.LocalCluster;
import io.switchboard.e2e.local.MockApiServer;
import io.switchboard.e2e.local.RepoLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./switchboard-local.sh}: the whole system on one machine, then a replay of real prompts
 * through each routing mode, with a table and an HTML report. Every latency and quality number
 * comes from the SIMULATED experts (test doubles answering from recorded outcomes), never from real
 * models.
 */
@Command(
    name = "switchboard-local",
    mixinStandardHelpOptions = true,
    description =
        "Runs operator, router and simulated experts locally against the "
            + MockApiServer.LABEL
            + " and replays recorded prompts through each routing mode.")
public final class LocalSwitchboard implements Callable<Integer> {

  private static final String NAMESPACE = LocalCluster.NAMESPACE;
  private static final String POLICY = "quickstart";

  @Option(
      names = "--prompts",
      defaultValue = "200",
      description = "Prompts replayed per mode (default ${DEFAULT-VALUE}).")
  int prompts;

  @Option(
      names = "--dataset",
      defaultValue = "routerbench_subset",
      description =
          "Recorded dataset the prompts come from; must be the one the quickstart pool simulates.")
  String dataset;

  @Option(
      names = "--modes",
      split = ",",
      defaultValue = "weighted,capability,cascade,bandit,llm,classifier",
      description = "Routing modes to replay, comma-separated (default ${DEFAULT-VALUE}).")
  List<String> modes;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Seed of the prompt sample (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--concurrency",
      defaultValue = "4",
      description = "Requests in flight (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--max-seconds-per-mode",
      defaultValue = "120",
      description =
          "Replay time bound per mode; prompts not started by then are skipped (default ${DEFAULT-VALUE}).")
  int maxSecondsPerMode;

  @Option(
      names = "--feedback",
      description =
          "After each reply, post the recorded score of the chosen expert's model "
              + "to /v1/feedback as a user rating would arrive (learning modes such as bandit use it). Off by default: then "
              + "the router never sees any recorded score.")
  boolean feedback;

  @Option(
      names = "--confidence-auroc",
      description =
          "Set simulation.confidenceAuroc on every simulated expert (default: the pool's, else 0.75).")
  Double confidenceAuroc;

  @Option(
      names = "--judge-agreement",
      description =
          "Set simulation.judgeAgreement on every simulated expert (default: the pool's, else 0.85).")
  Double judgeAgreement;

  @Option(
      names = "--router-accuracy",
      description =
          "Set simulation.routerAccuracy on every simulated expert (default: the pool's, else 0.8).")
  Double routerAccuracy;

  @Option(
      names = "--report",
      description = "Directory for report.html and results.md (default target/local-run).")
  Path report;

  @Override
  public Integer call() throws Exception {
    RepoLayout repo = RepoLayout.locate();
    Path runDir = repo.root().resolve("target/local-run");
    Path reportDir = report != null ? report : runDir;
    for (String mode : modes) {
      if (!ModeSettings.known(mode)) {
        throw new CommandLine.ParameterException(new CommandLine(this), "unknown mode " + mode);
      }
    }
    Set<String> simulated = simulatedDatasets(repo);
    if (!simulated.equals(Set.of(dataset))) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--dataset "
              + dataset
              + ": the quickstart pool's"
              + " simulated experts answer from "
              + simulated
              + "; prompts must come from the same recorded set");
    }
    boolean builtIn = !repo.hasData(dataset);
    Path dataDir =
        builtIn ? Workload.writeBuiltIn(runDir.resolve("builtin-data"), dataset) : repo.dataDir();
    if (builtIn) {
      System.out.println(
          "NOTE: recorded data not found in "
              + repo.dataDir()
              + " — using the small BUILT-IN workload "
              + "(12 hand-written prompts with illustrative outcomes; see e2e/src/main/resources/builtin-workload/README.md)."
              + " Numbers below are NOT measurements.");
    }
    Workload workload =
        Workload.sample(RecordedDataset.load(dataDir, dataset), prompts, seed, builtIn);
    System.out.println(
        "Workload: "
            + workload.prompts().size()
            + " prompts of "
            + dataset
            + " (seed "
            + seed
            + "), the same for every mode.");
    if (builtIn && modes.contains("classifier")) {
      // Its 12 prompts are all replayed: none is left to train on without training on the replay.
      System.out.println(
          "NOTE: mode classifier left out: the built-in workload has no prompts beyond the replayed"
              + " ones to train a router on.");
      modes = modes.stream().filter(m -> !m.equals("classifier")).toList();
    }
    ClassifierArtifact classifier =
        modes.contains("classifier") ? trainClassifier(repo, dataDir, workload, runDir) : null;

    try (LocalCluster cluster = LocalCluster.start(repo, runDir, dataDir)) {
      SignalOverrides overrides =
          new SignalOverrides(confidenceAuroc, judgeAgreement, routerAccuracy);
      cluster.apply(
          overrides.any()
              ? overrides.write(repo.policies("quickstart"), runDir.resolve("policies-quickstart"))
              : repo.policies("quickstart"));
      System.out.println(
          "Applied policies/quickstart/*.yaml"
              + (overrides.any() ? " with simulated signal quality " + overrides : "")
              + "; waiting for RoutingPolicy "
              + POLICY
              + " to be Ready ...");
      PolicyEditor editor = new PolicyEditor(cluster.client(), NAMESPACE, POLICY);
      ExpertPool pool =
          cluster
              .client()
              .resources(ExpertPool.class)
              .inNamespace(NAMESPACE)
              .withName(POLICY)
              .get();
      List<PoolExpert> experts = PoolExpert.of(pool);
      awaitReady(editor, experts.size(), Duration.ofMinutes(3));
      if (classifier != null) {
        classifier.store(
            cluster.client(),
            NAMESPACE,
            ModeSettings.CLASSIFIER_CONFIG_MAP,
            ModeSettings.CLASSIFIER_KEY);
        System.out.println(
            "Stored the classifier model as ConfigMap "
                + ModeSettings.CLASSIFIER_CONFIG_MAP
                + " (key "
                + ModeSettings.CLASSIFIER_KEY
                + ")");
      }
      List<String> expertNames = experts.stream().map(PoolExpert::name).toList();
      String virtualModel = editor.current().getSpec().virtualModel();
      // Resolved per mode: a mode whose router pod template differs (classifier mounts its model)
      // gets a new pod, and the local kubelet a new loopback port behind the same Service.
      Supplier<RouterClient> routers =
          () ->
              new RouterClient(
                  cluster.kubelet().serviceUrl("quickstart-router", 80).orElseThrow(),
                  virtualModel,
                  QuickstartTenant.apiKey(repo));
      System.out.println(
          "Router (gateway Service quickstart-router) at "
              + cluster.kubelet().serviceUrl("quickstart-router", 80).orElseThrow());
      List<ModeSummary> rows = new ArrayList<>();
      StringBuilder decisions = new StringBuilder();
      SimulatedSignals signals =
          new SimulatedSignals(
              cluster.kubelet(), expertNames.stream().map(name -> POLICY + "-" + name).toList());
      List<SimulatedSignals.Measured> measured = new ArrayList<>();
      Map<String, String> signalLabels = new HashMap<>();
      LlmRouterReport llmPath = null;
      for (String mode : modes) {
        RouterClient router = switchMode(editor, routers, mode);
        Replay replay =
            new Replay(
                concurrency,
                Duration.ofSeconds(maxSecondsPerMode),
                feedback
                    ? new RecordedScoreFeedback(router, workload.dataset(), experts)
                    : sample -> {});
        signals.clear();
        long start = System.nanoTime();
        List<Replay.Sample> samples = replay.run(router, workload.prompts(), mode);
        ModeSummary row = ModeSummary.of(mode, samples, workload.dataset(), experts);
        rows.add(row);
        SimulatedSignals.Measured m = signals.measure();
        measured.add(m);
        signalLabels.put(
            mode,
            mode.equals("classifier")
                ? "none: trained on "
                    + classifier.trainingPrompts()
                    + " recorded prompts, not these"
                : SimulatedSignals.label(m));
        if (mode.equals("llm")) {
          llmPath = LlmRouterReport.of(samples, m);
        }
        decisions
            .append("- ")
            .append(mode)
            .append(": ")
            .append(ModeSummary.topDecisions(samples, 3))
            .append('\n');
        System.out.printf(
            "%s: %d replies in %.1f s, %d errors%s%n",
            mode,
            samples.size(),
            (System.nanoTime() - start) / 1e9,
            row.errors(),
            samples.size() < workload.prompts().size()
                ? " (time bound hit: "
                    + (workload.prompts().size() - samples.size())
                    + " prompts skipped)"
                : "");
      }
      rows.addAll(new Baselines(workload.dataset(), experts).compute(workload.prompts()));

      ResultTable table = new ResultTable(expertNames);
      String markdown =
          table.render(rows, signalLabels)
              + "\nSIMULATED signals, declared vs measured on this run's prompts (from the simulated"
              + " experts' own logs of what they emitted, against the recorded outcomes):\n\n"
              + SimulatedSignals.table(modes, measured)
              + (llmPath == null ? "" : "\n" + llmPath.markdown());
      String notes =
          "All latency and quality numbers come from SIMULATED experts (test doubles answering from "
              + "recorded outcomes of "
              + dataset
              + "), behind the real router and operator, against the "
              + MockApiServer.LABEL
              + ". Quality = recorded score of the chosen expert's model on each prompt, looked up by "
              + "the harness (never by the router). Latency = client-side, SIMULATED with time scale 0.2. "
              + (feedback
                  ? "--feedback: the router received the recorded score of each answer as user feedback. "
                  : "No client feedback was sent. ")
              + "Recorded scores reach the router only through SIMULATED signals of declared quality: token logprobs "
              + "(cascade; confidence separating right from wrong answers with a declared AUROC, default 0.75), a "
              + "SIMULATED judge grading half of the bandit's answers (its verdict agreeing with the recorded one "
              + "with a declared probability, default 0.85), and a SIMULATED router LLM (llm; naming the recorded "
              + "best-value expert with a declared accuracy, default 0.8). The tables below print what each "
              + "signal measured on this run. "
              + (classifier == null
                  ? ""
                  : "The classifier mode's router was trained at start-up (switchboard-eval train, "
                      + ResultTable.number(classifier.seconds(), 1)
                      + " s) on the recorded outcomes of the pool's "
                      + classifier.modelIds().size()
                      + " models on the "
                      + classifier.trainingPrompts()
                      + " prompts of "
                      + dataset
                      + " this run does not replay (the "
                      + classifier.heldOut()
                      + " replayed ones held out); it reads no recorded score at serving time. ")
              + budgetLine(cluster)
              + (builtIn
                  ? "BUILT-IN workload: hand-written illustrative outcomes, not measurements. "
                  : "")
              + workload.prompts().size()
              + " prompts per mode, seed "
              + seed
              + ", concurrency "
              + concurrency
              + ".";
      System.out.println();
      System.out.println(notes);
      System.out.println();
      System.out.print(markdown);
      System.out.println();
      System.out.println(
          "Most frequent router decisions (x-switchboard-decision, numbers masked):");
      System.out.print(decisions);
      Files.createDirectories(reportDir);
      Files.writeString(
          reportDir.resolve("results.md"),
          notes
              + "\n\n"
              + markdown
              + "\nMost frequent router decisions (x-switchboard-decision, numbers masked):\n\n"
              + decisions);
      Files.writeString(
          reportDir.resolve("report.html"),
          new HtmlReport(expertNames).render("Switchboard local run", notes, rows, markdown));
      System.out.println();
      System.out.println(
          "Report: " + reportDir.resolve("report.html") + "; logs: " + runDir.resolve("logs"));
      return rows.stream().filter(r -> !r.baseline()).anyMatch(r -> r.requests() == 0) ? 1 : 0;
    }
  }

  /**
   * Trains the classifier mode's router on the recorded outcomes of the quickstart pool's models
   * for every prompt of the dataset except the workload's, so its row is measured on prompts it
   * never saw.
   */
  private ClassifierArtifact trainClassifier(
      RepoLayout repo, Path dataDir, Workload workload, Path runDir) throws IOException {
    var pool =
        new ObjectMapper(new YAMLFactory())
            .readTree(repo.policies("quickstart").resolve("pool.yaml").toFile());
    List<String> models = new ArrayList<>();
    pool.path("spec").path("experts").forEach(e -> models.add(e.path("model").asText()));
    Set<String> replayed = new TreeSet<>();
    workload.prompts().forEach(p -> replayed.add(p.promptId()));
    System.out.println(
        "Training the classifier mode's router (switchboard-eval train) on "
            + dataset
            + " without the "
            + replayed.size()
            + " replayed prompts ...");
    ClassifierArtifact artifact =
        ClassifierArtifact.train(
            dataDir,
            dataset,
            models,
            replayed,
            0,
            seed,
            runDir.resolve("classifier"),
            repo.root().resolve("target/encoder-cache/embeddings"));
    System.out.printf(
        Locale.ROOT,
        "Trained in %.1f s on %d prompts (%d held out): %d bytes, CV APGR %.3f, model ids %s,"
            + " strong %s, weak %s%n",
        artifact.seconds(),
        artifact.trainingPrompts(),
        artifact.heldOut(),
        artifact.bytes(),
        artifact.cvApgr(),
        artifact.modelIds(),
        artifact.strongExpert(),
        artifact.weakExpert());
    return artifact;
  }

  /** The recorded datasets the quickstart pool's simulated experts answer from. */
  private static Set<String> simulatedDatasets(RepoLayout repo) throws IOException {
    var pool =
        new ObjectMapper(new YAMLFactory())
            .readTree(repo.policies("quickstart").resolve("pool.yaml").toFile());
    Set<String> datasets = new TreeSet<>();
    pool.path("spec")
        .path("experts")
        .forEach(
            e -> {
              if (e.path("simulation").hasNonNull("dataset")) {
                datasets.add(e.path("simulation").path("dataset").asText());
              }
            });
    return datasets;
  }

  /**
   * Waits for Ready with every expert of the pool active, so no mode is measured on a partly
   * started pool.
   */
  private static void awaitReady(PolicyEditor editor, int experts, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      RoutingPolicy policy = editor.current();
      if (policy != null
          && policy.getStatus() != null
          && policy.getStatus().isTrue("Ready")
          && policy.getStatus().getActiveExperts().size() >= experts) {
        System.out.println(
            "RoutingPolicy "
                + POLICY
                + " is Ready: "
                + policy.getStatus().getActiveExpertCount()
                + " active experts, config "
                + policy.getStatus().getConfigHash().substring(0, 12));
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "RoutingPolicy "
            + POLICY
            + " not Ready within "
            + timeout
            + ": "
            + editor.current().getStatus());
  }

  /** Switches the policy to {@code mode}; returns the router once it decides in that mode. */
  private static RouterClient switchMode(
      PolicyEditor editor, Supplier<RouterClient> router, String mode) throws InterruptedException {
    RoutingPolicy current = editor.current();
    if (!mode.equals(current.getSpec().mode().wireName())) {
      String previousHash = current.getStatus().getConfigHash();
      long generation = editor.editSpec(ModeSettings.switchTo(mode));
      String hash = editor.awaitRendered(generation, previousHash, Duration.ofSeconds(60));
      System.out.println(
          "Switched RoutingPolicy to mode " + mode + " (config " + hash.substring(0, 12) + ")");
    }
    return PolicyEditor.awaitRouterMode(router, mode, Duration.ofSeconds(60));
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new LocalSwitchboard()).execute(args));
  }

  /**
   * The quickstart Budget as the operator sees it, once it has caught up with the current router
   * pod's own accounting (it reads the router's counters every 2 s in a local run).
   */
  private static String budgetLine(LocalCluster cluster) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    io.switchboard.api.v1alpha1.budget.Budget budget = null;
    double routerCost = Double.NaN;
    while (System.nanoTime() < deadline) {
      budget =
          cluster
              .client()
              .resources(io.switchboard.api.v1alpha1.budget.Budget.class)
              .inNamespace(NAMESPACE)
              .withName(POLICY)
              .get();
      try {
        // Usage is the operator's to read: it takes the policy's control token, not a tenant key.
        routerCost =
            new RouterClient(
                    cluster.kubelet().serviceUrl("quickstart-router", 80).orElseThrow(),
                    POLICY,
                    ControlToken.of(cluster.client(), NAMESPACE, POLICY))
                .usage()
                .path("totalCostUsd")
                .asDouble();
      } catch (java.io.IOException | IllegalStateException e) {
        routerCost = Double.NaN;
      }
      if (budget != null
          && budget.getStatus() != null
          && budget.getStatus().getSpentUsdUnrounded() != null
          // Caught up with the current pod; earlier pods' spend (a mode whose router got a new
          // pod) is in the Budget only.
          && budget.getStatus().getSpentUsdUnrounded() >= routerCost - 1e-9) {
        break;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (budget == null
        || budget.getStatus() == null
        || budget.getStatus().getSpentUsdUnrounded() == null) {
      return "Budget " + POLICY + ": no status. ";
    }
    var status = budget.getStatus();
    // The unrounded sum, not the rounded spentUsd: both figures are then rounded once, the same
    // way, for printing.
    return String.format(
        java.util.Locale.ROOT,
        "Budget %s (aggregated by the operator from the router's counters, across router pods): "
            + "$%.6f spent (the current router pod's own ledger, since it started: $%.6f), %d"
            + " tokens, enforcement %s. ",
        POLICY,
        status.getSpentUsdUnrounded(),
        routerCost,
        status.getSpentTokens(),
        status.getEnforcementLevel());
  }
}
