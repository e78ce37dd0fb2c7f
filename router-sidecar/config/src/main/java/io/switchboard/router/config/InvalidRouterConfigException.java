package io.switchboard.router.config;

import java.util.List;

/**
 * A router config that cannot be used; {@link #problems()} lists every problem found, each prefixed
 * by its JSON path.
 */
public final class InvalidRouterConfigException extends Exception {
  private final List<String> problems;

  public InvalidRouterConfigException(List<String> problems) {
    super("invalid router config: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
