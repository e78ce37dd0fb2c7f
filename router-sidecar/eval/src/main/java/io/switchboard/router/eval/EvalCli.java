package io.switchboard.router.eval;

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
      LatencyCommand.class
    })
public final class EvalCli {

  public static void main(String[] args) {
    System.exit(new CommandLine(new EvalCli()).execute(args));
  }
}
