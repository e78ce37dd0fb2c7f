package io.switchboard.e2e.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One local JVM child process (operator, router or simulated expert). Output goes to a log file;
 * stopping destroys the whole process tree, and a JVM shutdown hook does the same if the parent
 * exits first.
 */
public final class ChildProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;
  private final Thread shutdownHook;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.shutdownHook = new Thread(() -> destroyTree(Duration.ofSeconds(10)), "stop-" + name);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts {@code java [jvmOptions] -jar jar} with exactly {@code env} added to this process's
   * environment.
   */
  public static ChildProcess startJar(
      String name,
      Path jar,
      List<String> jvmOptions,
      Map<String, String> env,
      Path workDir,
      Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    return start(name, command, env, workDir, log);
  }

  /**
   * Starts {@code java [jvmOptions] -cp <this JVM's classpath> mainClass [args]}: a helper of a
   * benchmark or test in a JVM of its own.
   */
  public static ChildProcess startMain(
      String name,
      Class<?> mainClass,
      List<String> jvmOptions,
      List<String> args,
      Path workDir,
      Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    // Absolute entries: the child runs in its own working directory.
    command.add(
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(entry -> Path.of(entry).toAbsolutePath().toString())
            .collect(Collectors.joining(File.pathSeparator)));
    command.add(mainClass.getName());
    command.addAll(args);
    return start(name, command, Map.of(), workDir, log);
  }

  private static ChildProcess start(
      String name, List<String> command, Map<String, String> env, Path workDir, Path log)
      throws IOException {
    Files.createDirectories(log.getParent());
    Files.createDirectories(workDir);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    return new ChildProcess(name, builder.start(), log);
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Process process() {
    return process;
  }

  /**
   * Kills the process tree at once, as the OOM killer or a node failure would (no graceful
   * shutdown).
   */
  public void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  /** SIGTERM to the tree, then SIGKILL once {@code grace} has passed (a pod's grace period). */
  public void close(Duration grace) {
    destroyTree(grace);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // already running hooks: nothing to remove
    }
  }

  private void destroyTree(Duration grace) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }
}
