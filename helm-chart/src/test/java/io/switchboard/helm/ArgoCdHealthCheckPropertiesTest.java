package io.switchboard.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.helm.LuaHealthCheck.Health;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever status the operator (or a half-finished reconcile) leaves on a resource, every health
 * script answers with a status Argo CD knows and a message a person can read, and never errors.
 */
class ArgoCdHealthCheckPropertiesTest {

  private static final Set<String> ARGO_STATUSES =
      Set.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing");
  private static final ChartLocation LOCATION = ChartLocation.locate();
  private static final List<LuaHealthCheck> CHECKS =
      List.of(
          LuaHealthCheck.forKind(LOCATION, "ExpertPool"),
          LuaHealthCheck.forKind(LOCATION, "RoutingPolicy"),
          LuaHealthCheck.forKind(LOCATION, "Budget"));
  private static final JsonMapper JSON = new JsonMapper();

  @Property(tries = 300)
  void alwaysAnswersAKnownStatusWithAMessage(@ForAll("resources") JsonNode resource) {
    for (LuaHealthCheck check : CHECKS) {
      Health health = check.evaluate(resource);
      assertThat(health.status()).as("%s on %s", check, resource).isIn(ARGO_STATUSES);
      assertThat(health.message()).as("%s on %s", check, resource).isNotBlank();
    }
  }

  @Property(tries = 200)
  void neverHealthyBeforeTheCurrentGenerationIsObserved(@ForAll("resources") JsonNode resource) {
    JsonNode generation = resource.path("metadata").path("generation");
    JsonNode observed = resource.path("status").path("observedGeneration");
    boolean stale =
        resource.path("status").isMissingNode()
            || (!generation.isMissingNode()
                && (observed.isMissingNode() || observed.asLong() != generation.asLong()));
    for (LuaHealthCheck check : CHECKS) {
      if (stale) {
        assertThat(check.evaluate(resource).status())
            .as("%s on %s", check, resource)
            .isEqualTo("Progressing");
      }
    }
  }

  @Provide
  Arbitrary<JsonNode> resources() {
    Arbitrary<ObjectNode> condition =
        Combinators.combine(
                Arbitraries.of(
                    "Ready",
                    "Valid",
                    "Degraded",
                    "WithinBudget",
                    "Exceeded",
                    "SloMet",
                    "Progressing"),
                Arbitraries.of("True", "False", "Unknown"),
                Arbitraries.of(
                    "",
                    "InvalidExpert",
                    "ExpertsNotReady",
                    "PoolNotFound",
                    "LimitReached",
                    "UnderLimit",
                    "SloBreached"),
                Arbitraries.strings().alpha().ofMaxLength(20).injectNull(0.2))
            .as(
                (type, status, reason, message) -> {
                  ObjectNode node =
                      JSON.createObjectNode()
                          .put("type", type)
                          .put("status", status)
                          .put("reason", reason);
                  if (message != null) {
                    node.put("message", message);
                  }
                  return node;
                });
    return Combinators.combine(
            Arbitraries.longs().between(1, 5).injectNull(0.1),
            Arbitraries.longs().between(1, 5).injectNull(0.2),
            condition.list().ofMaxSize(5),
            Arbitraries.of(true, false))
        .as(
            (generation, observed, conditions, hasStatus) -> {
              ObjectNode resource = JSON.createObjectNode();
              ObjectNode metadata = resource.putObject("metadata").put("name", "x");
              if (generation != null) {
                metadata.put("generation", generation);
              }
              if (hasStatus) {
                ObjectNode status = resource.putObject("status");
                if (observed != null) {
                  status.put("observedGeneration", observed);
                }
                ArrayNode list = status.putArray("conditions");
                conditions.forEach(list::add);
              }
              return resource;
            });
  }
}
