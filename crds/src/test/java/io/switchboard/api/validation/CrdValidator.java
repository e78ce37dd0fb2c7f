package io.switchboard.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates a custom resource the way the API server does on create: apply schema defaults, check
 * the structural OpenAPI schema (unknown fields refused, as with {@code kubectl
 * --validate=strict}), then run every {@code x-kubernetes-validations} CEL rule with {@code self}
 * bound to its node.
 *
 * <p>Transition rules ({@code oldSelf}) are not evaluated: there is no previous object on create.
 * Kubernetes' CEL extension libraries are not loaded, so rules must stay within standard CEL; a
 * rule that does not compile here is reported as an error, which keeps the CRDs portable.
 */
public final class CrdValidator {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String group;
  private final String kind;
  private final String version;
  private final JsonNode openApiSchema;
  private final Schema structuralSchema;
  private final CelCompiler compiler;
  private final CelRuntime runtime;
  private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

  private CrdValidator(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    this.group = spec.path("group").asText();
    this.kind = spec.path("names").path("kind").asText();
    JsonNode served = spec.path("versions").get(0);
    this.version = served.path("name").asText();
    this.openApiSchema = served.path("schema").path("openAPIV3Schema");
    this.structuralSchema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
            .getSchema(toStrictJsonSchema(openApiSchema));
    CelOptions options = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
    this.compiler =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(options)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .build();
    this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(options).build();
  }

  public static CrdValidator fromCrdFile(Path crdYaml) throws IOException {
    return new CrdValidator(YAML.readTree(Files.readString(crdYaml)));
  }

  public String kind() {
    return kind;
  }

  public String apiVersion() {
    return group + "/" + version;
  }

  /** Returns the problems found; an empty list means the API server would accept the object. */
  public List<String> validate(JsonNode resource) {
    List<String> errors = new ArrayList<>();
    if (!apiVersion().equals(resource.path("apiVersion").asText())
        || !kind.equals(resource.path("kind").asText())) {
      errors.add("apiVersion/kind: expected " + apiVersion() + " " + kind);
      return errors;
    }
    String name = resource.path("metadata").path("name").asText("");
    if (!name.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
        || name.length() > 253) {
      errors.add(
          "metadata.name: Invalid value: \"" + name + "\": must be a lowercase RFC 1123 subdomain");
    }
    ObjectNode defaulted = resource.deepCopy();
    applyDefaults(openApiSchema, defaulted);
    structuralSchema
        .validate(defaulted)
        .forEach(
            e ->
                errors.add(
                    display(pointerToPath(e.getInstanceLocation().toString()))
                        + ": Invalid value: "
                        + e.getMessage()));
    if (errors.isEmpty()) {
      evaluateRules(openApiSchema, defaulted, "", errors);
    }
    return errors;
  }

  /**
   * A copy of {@code resource} as the API server stores it: schema defaults filled in. What a
   * controller reads back, so what the operator's producers should be given in tests.
   */
  public ObjectNode defaulted(JsonNode resource) {
    ObjectNode copy = resource.deepCopy();
    applyDefaults(openApiSchema, copy);
    return copy;
  }

  /** The {@code openAPIV3Schema} of the served version. */
  public JsonNode openApiSchema() {
    return openApiSchema;
  }

  /**
   * Sets {@code default} values of absent properties, recursively, as the API server does before
   * validation.
   */
  static void applyDefaults(JsonNode schema, JsonNode value) {
    if (value instanceof ObjectNode object) {
      JsonNode properties = schema.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        if (!object.has(property.getKey()) && property.getValue().has("default")) {
          object.set(property.getKey(), property.getValue().get("default").deepCopy());
        }
        if (object.has(property.getKey())) {
          applyDefaults(property.getValue(), object.get(property.getKey()));
        }
      }
      JsonNode additional = schema.path("additionalProperties");
      if (additional.isObject()) {
        object.forEach(child -> applyDefaults(additional, child));
      }
    } else if (value instanceof ArrayNode array && schema.has("items")) {
      array.forEach(item -> applyDefaults(schema.get("items"), item));
    }
  }

  private void evaluateRules(JsonNode schema, JsonNode value, String path, List<String> errors) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      String expression = rule.path("rule").asText();
      String where = path + rule.path("fieldPath").asText("");
      try {
        Object result = program(expression).eval(Map.of("self", toCelValue(schema, value)));
        if (!Boolean.TRUE.equals(result)) {
          errors.add(
              display(where)
                  + ": Invalid value: "
                  + rule.path("message").asText("failed rule: " + expression));
        }
      } catch (CelValidationException | CelEvaluationException e) {
        errors.add(
            display(where) + ": rule " + expression + " cannot be evaluated: " + e.getMessage());
      }
    }
    if (value.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        evaluateRules(
            property.getValue(),
            value.get(property.getKey()),
            path + "." + property.getKey(),
            errors);
      }
      JsonNode additional = schema.path("additionalProperties");
      if (additional.isObject()) {
        value
            .fields()
            .forEachRemaining(
                e -> evaluateRules(additional, e.getValue(), path + "." + e.getKey(), errors));
      }
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        evaluateRules(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
      }
    }
  }

  private CelRuntime.Program program(String expression)
      throws CelValidationException, CelEvaluationException {
    CelRuntime.Program cached = programs.get(expression);
    if (cached != null) {
      return cached;
    }
    CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
    CelRuntime.Program program = runtime.createProgram(ast);
    programs.put(expression, program);
    return program;
  }

  /**
   * Kubernetes hands CEL int64 for {@code integer} and double for {@code number}, whatever the YAML
   * spelled.
   */
  private static Object toCelValue(JsonNode schema, JsonNode value) {
    String type = schema.path("type").asText("");
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      value
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode childSchema =
                    schema.path("properties").has(e.getKey())
                        ? schema.path("properties").get(e.getKey())
                        : schema.path("additionalProperties");
                map.put(e.getKey(), toCelValue(childSchema, e.getValue()));
              });
      return map;
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.forEach(item -> list.add(toCelValue(schema.path("items"), item)));
      return list;
    }
    if (value.isNumber()) {
      return "integer".equals(type) || (type.isEmpty() && value.isIntegralNumber())
          ? value.asLong()
          : value.asDouble();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    return value.asText();
  }

  /** "/spec/experts/0/name" to ".spec.experts[0].name", the way the API server names fields. */
  private static String pointerToPath(String pointer) {
    StringBuilder path = new StringBuilder();
    for (String segment : pointer.split("/")) {
      if (segment.isEmpty() || "$".equals(segment)) {
        continue;
      }
      path.append(
          segment.chars().allMatch(Character::isDigit) ? "[" + segment + "]" : "." + segment);
    }
    return path.toString();
  }

  private static String display(String path) {
    return path.isEmpty() ? "<root>" : path.substring(1);
  }

  /** The CRD schema with unknown fields refused and Kubernetes-only keywords translated. */
  static JsonNode toStrictJsonSchema(JsonNode openApi) {
    ObjectNode root = (ObjectNode) strict(openApi.deepCopy());
    ObjectNode properties = (ObjectNode) root.path("properties");
    properties.set("apiVersion", JsonNodeFactory.instance.objectNode().put("type", "string"));
    properties.set("kind", JsonNodeFactory.instance.objectNode().put("type", "string"));
    properties.set("metadata", JsonNodeFactory.instance.objectNode().put("type", "object"));
    return root;
  }

  private static JsonNode strict(JsonNode schema) {
    if (!(schema instanceof ObjectNode node)) {
      return schema;
    }
    node.remove("x-kubernetes-validations");
    if (node.path("x-kubernetes-int-or-string").asBoolean(false)) {
      node.remove("type");
      ArrayNode anyOf = node.putArray("anyOf");
      anyOf.addObject().put("type", "integer");
      anyOf.addObject().put("type", "string");
    }
    if (node.path("nullable").asBoolean(false) && node.has("type")) {
      ArrayNode types =
          JsonNodeFactory.instance.arrayNode().add(node.get("type").asText()).add("null");
      node.set("type", types);
    }
    if (node.has("properties")) {
      node.get("properties").forEach(CrdValidator::strict);
      if (!node.has("additionalProperties")
          && !node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
        node.put("additionalProperties", false);
      }
    }
    if (node.get("additionalProperties") instanceof ObjectNode additional) {
      strict(additional);
    }
    if (node.has("items")) {
      strict(node.get("items"));
    }
    return node;
  }
}
