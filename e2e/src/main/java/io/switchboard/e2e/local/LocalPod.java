package io.switchboard.e2e.local;

import io.fabric8.kubernetes.api.model.HTTPGetAction;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The local process standing in for one of a Deployment's pods. Like a kubelet with {@code
 * restartPolicy: Always} it restarts a process that exits (backoff 1 s doubling to 10 s) unless
 * restarts were turned off for it; readiness follows the container's httpGet readiness probe.
 */
final class LocalPod {

  private final String name;
  private final AppCatalog.App app;
  private final PodSandbox sandbox;
  private final Supplier<Map<String, String>> environment;
  private final Consumer<Boolean> readinessListener;
  private final ScheduledExecutorService scheduler;
  private final HealthProbe probe = new HealthProbe();
  private final String templateFingerprint;

  private volatile ChildProcess process;
  private volatile boolean restartOnExit = true;
  private volatile boolean stopped;
  private volatile boolean ready;
  private volatile int restarts;
  private long backoffMs = 1000;

  LocalPod(
      String name,
      AppCatalog.App app,
      PodSandbox sandbox,
      String templateFingerprint,
      Supplier<Map<String, String>> environment,
      Consumer<Boolean> readinessListener,
      ScheduledExecutorService scheduler) {
    this.name = name;
    this.app = app;
    this.sandbox = sandbox;
    this.templateFingerprint = templateFingerprint;
    this.environment = environment;
    this.readinessListener = readinessListener;
    this.scheduler = scheduler;
  }

  String name() {
    return name;
  }

  String templateFingerprint() {
    return templateFingerprint;
  }

  PodSandbox sandbox() {
    return sandbox;
  }

  boolean ready() {
    return ready;
  }

  int restarts() {
    return restarts;
  }

  ChildProcess process() {
    return process;
  }

  void setRestartOnExit(boolean restart) {
    this.restartOnExit = restart;
  }

  synchronized void start() {
    if (stopped) {
      return;
    }
    try {
      process =
          ChildProcess.startJar(
              name,
              app.jar(),
              app.jvmOptions(),
              environment.get(),
              sandbox.dir(),
              sandbox.dir().getParent().getParent().resolve("logs").resolve(name + ".log"));
    } catch (IOException e) {
      System.err.println("[local-kubelet] cannot start " + name + ": " + e.getMessage());
      scheduleRestart();
      return;
    }
    ChildProcess started = process;
    started.process().onExit().thenRun(() -> onExit(started));
    scheduler.execute(() -> awaitReady(started));
  }

  private void awaitReady(ChildProcess started) {
    HTTPGetAction get = sandbox.readiness();
    boolean healthy =
        get == null
            ? started.isAlive()
            : probe.awaitHealthy(
                get.getPort().getIntVal(),
                get.getPath(),
                Duration.ofSeconds(120),
                started::isAlive);
    if (healthy && started == process && !stopped) {
      backoffMs = 1000;
      setReady(true);
    }
  }

  private void onExit(ChildProcess exited) {
    exited.close(); // already dead: only drops its shutdown hook
    if (exited != process || stopped) {
      return;
    }
    setReady(false);
    System.err.println(
        "[local-kubelet] "
            + name
            + " exited with "
            + exited.process().exitValue()
            + (restartOnExit
                ? "; restarting (restartPolicy Always)"
                : "; not restarting (restarts turned off)"));
    if (restartOnExit) {
      restarts++;
      scheduleRestart();
    }
  }

  private void scheduleRestart() {
    long delay = backoffMs;
    backoffMs = Math.min(backoffMs * 2, 10_000);
    scheduler.schedule(this::start, delay, TimeUnit.MILLISECONDS);
  }

  private void setReady(boolean value) {
    if (ready != value) {
      ready = value;
      readinessListener.accept(value);
    }
  }

  /** Kills the process without a graceful shutdown, as a crash would. */
  void kill() {
    ChildProcess current = process;
    if (current != null) {
      current.kill();
    }
  }

  synchronized void stop() {
    stop(Duration.ofSeconds(10));
  }

  /**
   * Terminates as the kubelet does: SIGTERM, SIGKILL after {@code grace}; the process serves what
   * it still gets meanwhile (a router through its shutdown delay).
   */
  void stop(Duration grace) {
    ChildProcess current;
    synchronized (this) {
      stopped = true;
      ready = false;
      current = process;
    }
    if (current != null) {
      current.close(grace);
    }
  }
}
