package io.switchboard.router.eval;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code switchboard-eval}: offline routing evaluation on recorded outcomes, with the same routing
 * code the router runs and no HTTP. See docs/routing-evaluation.md.
 */
@Command(
    name = "switchboard-eval",
    mixinStandardHelpOptions = true,
    description =
        "Offline evaluation and training of Switchboard routing strategies on recorded outcomes.",
    subcommands = {
      EmbedCommand.class,
      EvaluateCommand.class,
      TrainCommand.class,
      BanditCommand.class,
      FederatedCommand.class,
      ShiftCommand.class,
      LatencyCommand.class
    })
public final class EvalCli {

  /** Exit code of a command whose input files are missing or malformed (as for bad arguments). */
  static final int INPUT_ERROR = 2;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The CLI with its error handling: a missing or malformed input names the file and what it should
   * hold and exits with {@link #INPUT_ERROR}, without a stack trace; any other failure keeps
   * picocli's handling (a stack trace: that is a bug to report).
   */
  static CommandLine commandLine() {
    return new CommandLine(new EvalCli())
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              String message = inputError(e);
              if (message == null) {
                throw e;
              }
              cmd.getErr().println(cmd.getCommandName() + ": error: " + message);
              return INPUT_ERROR;
            });
  }

  private static String inputError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EvalInputException) {
        return t.getMessage();
      }
      if (t instanceof NoSuchFileException missing) {
        return "missing " + missing.getFile();
      }
      if (t instanceof AccessDeniedException denied) {
        return "cannot read " + denied.getFile();
      }
    }
    return null;
  }
}
