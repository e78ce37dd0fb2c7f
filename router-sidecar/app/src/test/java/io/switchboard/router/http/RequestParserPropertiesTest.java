package io.switchboard.router.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.router.core.spi.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The byte-level parser and rewriter agree with a full JSON parse on arbitrary requests. */
class RequestParserPropertiesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private final RequestParser parser = new RequestParser();
  private final BodyRewriter rewriter = new BodyRewriter();

  record Request(
      String model,
      Boolean stream,
      List<String> extraKeys,
      List<JsonNode> extraValues,
      int modelPosition,
      String whitespace) {
    ObjectNode tree() {
      ObjectNode o = F.objectNode();
      int i = 0;
      for (; i < extraKeys.size(); i++) {
        if (i == modelPosition) {
          o.put("model", model);
        }
        o.set(extraKeys.get(i), extraValues.get(i));
      }
      if (modelPosition >= extraKeys.size()) {
        o.put("model", model);
      }
      ArrayNode messages = o.putArray("messages");
      messages.addObject().put("role", "user").put("content", model + " " + extraKeys);
      if (stream != null) {
        o.put("stream", stream);
      }
      return o;
    }

    byte[] bytes() throws Exception {
      String json = MAPPER.writeValueAsString(tree());
      return (whitespace + json + whitespace).getBytes(StandardCharsets.UTF_8);
    }
  }

  @Provide
  Arbitrary<Request> requests() {
    Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(24);
    Arbitrary<String> keys =
        Arbitraries.strings()
            .alpha()
            .numeric()
            .withChars('_', '-', 'é', '"', '\\')
            .ofMinLength(1)
            .ofMaxLength(10)
            .filter(
                k ->
                    !List.of(
                            "model",
                            "messages",
                            "stream",
                            "stream_options",
                            "max_tokens",
                            "max_completion_tokens",
                            "logprobs")
                        .contains(k));
    Arbitrary<JsonNode> values =
        Arbitraries.recursive(
            () ->
                Arbitraries.oneOf(
                    text.map(F::textNode),
                    Arbitraries.doubles().map(F::numberNode),
                    Arbitraries.integers().map(F::numberNode),
                    Arbitraries.of(F.booleanNode(true), F.nullNode())),
            inner ->
                Arbitraries.oneOf(
                    inner
                        .list()
                        .ofMaxSize(3)
                        .map(
                            l -> {
                              ArrayNode a = F.arrayNode();
                              l.forEach(a::add);
                              return a;
                            }),
                    Combinators.combine(text, inner)
                        .as((k, v) -> (JsonNode) F.objectNode().set(k, v))),
            3);
    return Combinators.combine(
            text,
            Arbitraries.of(Boolean.TRUE, Boolean.FALSE).injectNull(0.3),
            keys.list().uniqueElements().ofMaxSize(5),
            values.list().ofSize(5),
            Arbitraries.integers().between(0, 5),
            Arbitraries.of("", " ", "\n\t "))
        .as((m, s, k, v, p, w) -> new Request(m, s, k, v.subList(0, k.size()), p, w));
  }

  @Property(tries = 300)
  void findsTheRoutingFieldsAndRewritesOnlyTheModel(
      @ForAll("requests") Request request, @ForAll("models") String expertModel) throws Exception {
    byte[] body = request.bytes();

    ParsedRequest parsed = parser.parse(body, body.length, Endpoint.CHAT_COMPLETIONS);

    assertThat(parsed.model()).isEqualTo(MAPPER.readTree(body).get("model").asText());
    assertThat(parsed.stream()).isEqualTo(Boolean.TRUE.equals(request.stream()));
    JsonNode messages =
        MAPPER.readTree(
            new String(
                body,
                parsed.contentStart(),
                parsed.contentEnd() - parsed.contentStart(),
                StandardCharsets.UTF_8));
    assertThat(messages).isEqualTo(MAPPER.readTree(body).get("messages"));

    byte[] rewritten = rewriter.rewrite(body, parsed, expertModel, true, false).getBytes();
    // Compare with the body as a full parser reads it (lone surrogates in generated text became '?'
    // in UTF-8).
    ObjectNode expected = (ObjectNode) MAPPER.readTree(body);
    expected.put("model", expertModel);
    expected.putObject("stream_options").put("include_usage", true);
    assertThat(MAPPER.readTree(rewritten)).isEqualTo(expected);
  }

  @Provide
  Arbitrary<String> models() {
    return Arbitraries.strings()
        .all()
        .ofMaxLength(40)
        .filter(
            m -> new String(m.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(m));
  }

  @Property(tries = 500)
  void arbitraryBytesAreRefusedCleanlyOrParsed(@ForAll byte[] garbage) {
    try {
      parser.parse(garbage, garbage.length, Endpoint.CHAT_COMPLETIONS);
    } catch (InvalidRequestException e) {
      assertThat(e.status()).isEqualTo(400);
    }
  }

  @Property(tries = 200)
  void truncatedRequestsAreRefusedWith400(
      @ForAll("requests") Request request, @ForAll("cut") double cut) throws Exception {
    byte[] body = request.bytes();
    String trimmed = new String(body, StandardCharsets.UTF_8).strip();
    byte[] t = trimmed.getBytes(StandardCharsets.UTF_8);
    int length = (int) (t.length * cut);
    assertThatThrownBy(() -> parser.parse(t, length, Endpoint.CHAT_COMPLETIONS))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Provide
  Arbitrary<Double> cut() {
    return Arbitraries.doubles().between(0.0, 0.99);
  }

  @Example
  void wrongTypesAreNamed() {
    byte[] body = "{\"model\":5,\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> parser.parse(body, body.length, Endpoint.CHAT_COMPLETIONS))
        .hasMessage("'model' must be a string");
    byte[] dup =
        "{\"model\":\"a\",\"model\":\"b\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> parser.parse(dup, dup.length, Endpoint.CHAT_COMPLETIONS))
        .hasMessage("duplicate field 'model'");
  }
}
