package io.switchboard.router.eval;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.dataset.DataDirectory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Runs {@code switchboard-eval} in-process on a recorded set, capturing what it prints; skips
 * without the data.
 */
record EvalCliRun(int exit, String printed, String errors) {

  /**
   * The recorded set's path prefix ({@code .../NAME}); the test is skipped when the shared data is
   * absent.
   */
  static Path dataset(String name) {
    Path dataDir =
        DataDirectory.locate(Path.of(System.getProperty("switchboard.repo.root", "../..")));
    assumeTrue(
        Files.exists(dataDir.resolve(name + ".prompts.jsonl")), "recorded data not available");
    return dataDir.resolve(name);
  }

  static EvalCliRun execute(String... args) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    PrintStream original = System.out;
    PrintStream originalErr = System.err;
    System.setOut(new PrintStream(printed, true));
    System.setErr(new PrintStream(errors, true));
    try {
      CommandLine cli = EvalCli.commandLine();
      cli.setErr(new PrintWriter(errors, true));
      int exit = cli.execute(args);
      return new EvalCliRun(exit, printed.toString(), errors.toString());
    } finally {
      System.setOut(original);
      System.setErr(originalErr);
    }
  }
}
