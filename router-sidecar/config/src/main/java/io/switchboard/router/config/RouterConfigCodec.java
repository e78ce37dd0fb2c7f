package io.switchboard.router.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads and writes {@link RouterConfig} JSON strictly: unknown fields, unknown enum values,
 * trailing content and nulls for required numbers are errors, and every parsed config is run
 * through {@link RouterConfigValidator}. The operator uses {@link #write} to render the ConfigMap,
 * the router uses {@link #parse} to load it.
 */
public final class RouterConfigCodec {
  private final ObjectMapper mapper;
  private final RouterConfigValidator validator;

  public RouterConfigCodec() {
    this(new RouterConfigValidator());
  }

  public RouterConfigCodec(RouterConfigValidator validator) {
    this.validator = validator;
    this.mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(SerializationFeature.INDENT_OUTPUT)
            // Map.copyOf iterates in a per-JVM random order; sorted keys keep the operator's config
            // hash stable.
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
  }

  /** Parses and validates; throws with every problem found. */
  public RouterConfig parse(byte[] json) throws InvalidRouterConfigException {
    RouterConfig config;
    try {
      config = mapper.readValue(json, RouterConfig.class);
    } catch (JsonMappingException e) {
      throw new InvalidRouterConfigException(List.of(describe(e)));
    } catch (JsonProcessingException e) {
      throw new InvalidRouterConfigException(
          List.of(
              "malformed JSON: "
                  + e.getOriginalMessage()
                  + (e.getLocation() == null
                      ? ""
                      : " at line "
                          + e.getLocation().getLineNr()
                          + " column "
                          + e.getLocation().getColumnNr())));
    } catch (IOException e) {
      throw new InvalidRouterConfigException(List.of("cannot read config: " + e.getMessage()));
    }
    if (config == null) {
      throw new InvalidRouterConfigException(List.of("config is empty"));
    }
    List<String> problems = validator.validate(config);
    if (!problems.isEmpty()) {
      throw new InvalidRouterConfigException(problems);
    }
    return config;
  }

  public RouterConfig parse(String json) throws InvalidRouterConfigException {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Serialises with defaults materialised, so the rendered file shows every effective value. */
  public String write(RouterConfig config) {
    try {
      return mapper.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("router config records are always serialisable", e);
    }
  }

  private static String describe(JsonMappingException e) {
    String path =
        e.getPath().stream()
            .map(
                ref ->
                    ref.getFieldName() != null
                        ? "." + ref.getFieldName()
                        : "[" + ref.getIndex() + "]")
            .collect(Collectors.joining())
            .replaceFirst("^\\.", "");
    if (e instanceof UnrecognizedPropertyException u) {
      String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
      return (parent.isEmpty() ? "" : parent + ": ")
          + "unknown field '"
          + u.getPropertyName()
          + "', known fields: "
          + u.getKnownPropertyIds();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
    return (path.isEmpty() ? "" : path + ": ") + message;
  }
}
