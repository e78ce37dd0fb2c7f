package io.switchboard.operator.routingpolicy;

import io.switchboard.api.v1alpha1.expertpool.Expert;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicySpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks what CEL cannot: that every expert a policy names exists in its pool. The API server
 * already refused everything checkable within one object.
 */
final class PolicyReferences {

  private PolicyReferences() {}

  /** Problems, each naming the field, in a stable order; empty when the policy fits the pool. */
  static List<String> problems(RoutingPolicySpec spec, ExpertPool pool) {
    Set<String> poolExperts = new LinkedHashSet<>();
    for (Expert e : pool.getSpec().experts()) {
      poolExperts.add(e.name());
    }
    List<String> problems = new ArrayList<>();
    Consumer<NamedRef> check =
        ref -> {
          if (ref.name() != null && !poolExperts.contains(ref.name())) {
            problems.add(
                ref.field()
                    + ": expert '"
                    + ref.name()
                    + "' is not in ExpertPool "
                    + pool.getMetadata().getName()
                    + " (has "
                    + String.join(", ", poolExperts)
                    + ")");
          }
        };
    each(spec.experts(), "spec.experts", check);
    each(spec.fallback(), "spec.fallback", check);
    if (spec.cascade() != null) {
      each(spec.cascade().order(), "spec.cascade.order", check);
      check.accept(new NamedRef("spec.cascade.judgeExpert", spec.cascade().judgeExpert()));
    }
    if (spec.bandit() != null) {
      check.accept(new NamedRef("spec.bandit.judgeExpert", spec.bandit().judgeExpert()));
    }
    if (spec.llm() != null) {
      check.accept(new NamedRef("spec.llm.routerExpert", spec.llm().routerExpert()));
    }
    if (spec.weighted() != null) {
      spec.weighted()
          .weights()
          .forEach(w -> check.accept(new NamedRef("spec.weighted.weights", w.expert())));
      if (spec.weighted().canary() != null) {
        check.accept(
            new NamedRef("spec.weighted.canary.expert", spec.weighted().canary().expert()));
      }
    }
    return problems;
  }

  private static void each(List<String> names, String field, Consumer<NamedRef> check) {
    if (names != null) {
      names.forEach(n -> check.accept(new NamedRef(field, n)));
    }
  }

  private record NamedRef(String field, String name) {}
}
