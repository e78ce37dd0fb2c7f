package io.switchboard.templates;

import java.util.ArrayList;
import java.util.List;

/** Small builder for engine command lines that skips options whose value is absent. */
final class EngineArgs {

  private final List<String> args = new ArrayList<>();

  EngineArgs add(String... values) {
    args.addAll(List.of(values));
    return this;
  }

  EngineArgs option(String flag, Object value) {
    if (value != null) {
      args.add(flag);
      args.add(String.valueOf(value));
    }
    return this;
  }

  /** Adds the option only when the value differs from the engine default of 1. */
  EngineArgs size(String flag, int value) {
    return value > 1 ? option(flag, value) : this;
  }

  EngineArgs flag(String flag, boolean present) {
    if (present) {
      args.add(flag);
    }
    return this;
  }

  List<String> build(ExpertWorkload workload) {
    args.addAll(workload.extraArgs());
    return List.copyOf(args);
  }
}
