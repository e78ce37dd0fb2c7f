package io.switchboard.templates;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a workload before rendering and collects every problem, so a bad spec is reported in one
 * go.
 */
final class WorkloadValidator {

  private static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");

  List<String> problems(ExpertWorkload w) {
    List<String> problems = new ArrayList<>();
    if (!DNS_1035.matcher(w.name()).matches()) {
      problems.add(
          "name must be a DNS-1035 label (lower-case letters, digits, '-', at most 63), got '"
              + w.name()
              + "'");
    }
    if (w.runtime() == Runtime.EXTERNAL) {
      if (w.external() == null || blank(w.external().url())) {
        problems.add("runtime external needs external.url");
      } else if (blank(w.external().secretName()) != blank(w.external().secretKey())) {
        problems.add(
            "external API key needs both a Secret name and a key (or neither, for an API without auth)");
      }
      return problems;
    }
    if (w.replicas() < 0) {
      problems.add("replicas must not be negative, got " + w.replicas());
    }
    if (w.maxModelLen() != null && w.maxModelLen() < 2) {
      problems.add("maxModelLen must be at least 2, got " + w.maxModelLen());
    }
    if (w.gpuMemoryUtilization() != null
        && (w.gpuMemoryUtilization() <= 0 || w.gpuMemoryUtilization() > 1)) {
      problems.add("gpuMemoryUtilization must be in (0, 1], got " + w.gpuMemoryUtilization());
    }
    ServingEngine engine = ServingEngine.of(w.runtime());
    Parallelism p = w.parallelism();
    String runtime = w.runtime().name().toLowerCase();
    if (p.expertParallel() && !engine.supportsExpertParallel()) {
      problems.add("runtime " + runtime + " does not support expert parallelism");
    }
    if (p.data() > 1 && !engine.supportsDataParallel()) {
      problems.add(
          "runtime " + runtime + " does not support data parallelism inside a pod (use replicas)");
    }
    if (w.runtime() == Runtime.TGI && p.pipeline() > 1) {
      problems.add("runtime tgi does not support pipeline parallelism");
    }
    if (engine.usesGpus() && w.gpu().count() > 0 && w.gpu().count() != p.gpus()) {
      problems.add(
          "gpu count "
              + w.gpu().count()
              + " does not match tensor x data x pipeline = "
              + p.gpus());
    }
    if (w.runtime() == Runtime.SIMULATED) {
      if (w.simulated() == null
          || blank(w.simulated().dataset())
          || blank(w.simulated().recordedModel())) {
        problems.add("runtime simulated needs simulated.dataset and simulated.recordedModel");
      } else if (blank(w.simulated().dataPvc())) {
        problems.add("runtime simulated needs simulated.dataPvc holding the recorded data");
      }
    }
    return problems;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
