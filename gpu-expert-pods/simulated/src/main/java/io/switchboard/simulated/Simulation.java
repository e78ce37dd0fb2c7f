package io.switchboard.simulated;

import io.quarkus.runtime.Startup;
import io.switchboard.dataset.DataDirectory;
import io.switchboard.dataset.RecordedDataset;
import io.switchboard.simulated.answer.RecordedAnswers;
import io.switchboard.simulated.answer.SimulatedConfidence;
import io.switchboard.simulated.answer.SimulatedJudge;
import io.switchboard.simulated.answer.SimulatedRouter;
import io.switchboard.simulated.engine.BatchingEngine;
import io.switchboard.simulated.engine.DataParallelEngines;
import io.switchboard.simulated.engine.VertxTimers;
import io.switchboard.simulated.faults.FaultInjector;
import io.switchboard.simulated.faults.Faults;
import io.switchboard.simulated.latency.GpuProfile;
import io.switchboard.simulated.latency.LatencyModel;
import io.switchboard.simulated.latency.ModelProfile;
import io.switchboard.simulated.metrics.VllmMetrics;
import io.switchboard.simulated.signals.SignalLog;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Builds the simulated expert from configuration at startup: recorded answers, latency model,
 * engine, metrics, faults.
 */
@Startup
@Singleton
public class Simulation {

  private static final Logger LOG = Logger.getLogger(Simulation.class);

  private final SimConfig config;
  private final RecordedAnswers answers;
  private final SimulatedConfidence confidence;
  private final SignalLog signals;
  private final LatencyModel latency;
  private final DataParallelEngines engines;
  private final List<VllmMetrics> metrics;
  private final FaultInjector faults;

  public Simulation(SimConfig config, Vertx vertx) {
    this.config = config;
    Path dataDir =
        config
            .dataDir()
            .map(Path::of)
            .orElseGet(
                () ->
                    DataDirectory.locate(
                        Path.of(System.getProperty("switchboard.repo.root", "."))));
    RecordedDataset dataset;
    try {
      dataset = RecordedDataset.load(dataDir, config.dataset());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot load dataset '"
              + config.dataset()
              + "' from "
              + dataDir
              + " (set sim.data-dir or SWITCHBOARD_DATA_DIR)",
          e);
    }
    this.confidence = new SimulatedConfidence(config.confidenceAuroc());
    this.answers =
        new RecordedAnswers(
            dataset,
            config.model(),
            config.defaultOutputTokens(),
            new SimulatedJudge(dataset, config.judgeAgreement()),
            new SimulatedRouter(
                dataset,
                SimulatedRouter.parsePoolModels(config.poolModels().orElse("")),
                config.routerAccuracy()));
    this.signals =
        new SignalLog(config.confidenceAuroc(), config.judgeAgreement(), config.routerAccuracy());

    ModelProfile guessed = ModelProfile.fromName(config.model());
    double total = config.paramsBillions().orElse(guessed.totalParamsBillions());
    double active =
        config
            .activeParamsBillions()
            .orElse(config.paramsBillions().isPresent() ? total : guessed.activeParamsBillions());
    ModelProfile model = new ModelProfile(total, active);
    GpuProfile gpu = GpuProfile.named(config.gpuType());
    this.latency =
        new LatencyModel(model, gpu, config.gpus().orElse(LatencyModel.gpusToFit(model, gpu)));

    long kvTokens = config.kvCacheTokens().orElse(config.maxConcurrency() * 4096L);
    if (config.dataParallelSize() < 1) {
      throw new IllegalArgumentException(
          "sim.data-parallel-size must be >= 1, got " + config.dataParallelSize());
    }
    List<VllmMetrics> perEngine = new ArrayList<>();
    List<BatchingEngine> cores = new ArrayList<>();
    for (int rank = 0; rank < config.dataParallelSize(); rank++) {
      VllmMetrics engineMetrics = new VllmMetrics(servedModelName(), rank);
      perEngine.add(engineMetrics);
      cores.add(
          new BatchingEngine(
              latency,
              config.maxConcurrency(),
              config.timeScale(),
              config.stepMillis() * 1_000_000L,
              kvTokens,
              new VertxTimers(vertx),
              engineMetrics));
    }
    this.metrics = List.copyOf(perEngine);
    this.engines = new DataParallelEngines(cores);

    SimConfig.FaultsConfig f = config.faults();
    this.faults =
        new FaultInjector(
            new Faults(
                f.errorRate(),
                f.addedLatencyMs(),
                f.hang(),
                f.disconnectRate(),
                f.slowStartSeconds(),
                f.crash()),
            f.allowCrash(),
            config.seed(),
            System::nanoTime,
            Simulation::crash);

    LOG.infof(
        "SIMULATED expert (test double) serving '%s' from %s/%s model %s: %.1fB params (%.1fB active) on %d x %s,"
            + " TTFT(500 tok) %.0f ms, TPOT %.1f ms at batch 1, %d engine(s) of max concurrency %d,"
            + " time scale %s;"
            + " SIMULATED signals: confidence AUROC %s, judge agreement %s, router accuracy %s",
        servedModelName(),
        dataDir,
        dataset.name(),
        config.model(),
        total,
        active,
        latency.gpus(),
        gpu.name(),
        latency.timeToFirstTokenSeconds(500, 1) * 1000,
        latency.timePerOutputTokenSeconds(1) * 1000,
        config.dataParallelSize(),
        config.maxConcurrency(),
        config.timeScale(),
        config.confidenceAuroc(),
        config.judgeAgreement(),
        config.routerAccuracy());
  }

  /**
   * A crash fault imitates an engine dying (CUDA error, OOM kill): no shutdown hooks, no response.
   */
  private static void crash() {
    LOG.error("crash fault injected: halting the process");
    java.lang.Runtime.getRuntime().halt(1);
  }

  public String servedModelName() {
    return config.servedModelName().orElse(config.model());
  }

  public boolean servesModel(String requested) {
    return requested == null
        || requested.equals(servedModelName())
        || requested.equals(config.model());
  }

  public boolean exposeRecordedScore() {
    return config.exposeRecordedScore();
  }

  public RecordedAnswers answers() {
    return answers;
  }

  public SimulatedConfidence confidence() {
    return confidence;
  }

  /** What the simulated signals emitted, for measuring them ({@code /admin/signals}). */
  public SignalLog signals() {
    return signals;
  }

  public LatencyModel latency() {
    return latency;
  }

  /** The replica's engines (one unless data parallel). */
  public DataParallelEngines engines() {
    return engines;
  }

  /** The exposition of every engine's vLLM metrics. */
  public String scrapeMetrics() {
    return VllmMetrics.scrape(metrics, engines.loads());
  }

  public FaultInjector faults() {
    return faults;
  }
}
