package io.switchboard.templates;

import java.util.List;

/** The workload cannot be rendered; {@link #problems()} lists every reason, not only the first. */
public final class InvalidWorkloadException extends IllegalArgumentException {

  private final List<String> problems;

  public InvalidWorkloadException(String expert, List<String> problems) {
    super("expert '" + expert + "' is invalid: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
