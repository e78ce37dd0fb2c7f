package io.switchboard.router.core.strategy.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict parser of the router LLM's answer. Accepted: exactly one JSON object, optionally in a
 * single Markdown code fence, with a string field {@code "expert"} naming one of the candidates
 * exactly (other fields such as {@code "reason"} are ignored). Anything else — prose around the
 * JSON, two objects, a number, an unknown or unavailable expert — is rejected with the reason, and
 * the strategy falls back.
 */
public final class RouterReplyParser {

  private static final Pattern FENCE =
      Pattern.compile("^```(?:json)?\\s*\\n?(.*?)\\n?```$", Pattern.DOTALL);

  /** Parse outcome: the chosen expert, or why the reply was refused. */
  public record Parsed(Optional<String> expert, String problem) {
    static Parsed ok(String expert) {
      return new Parsed(Optional.of(expert), null);
    }

    static Parsed refused(String problem) {
      return new Parsed(Optional.empty(), problem);
    }
  }

  private final ObjectMapper json =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  public Parsed parse(String reply, Collection<String> candidates) {
    if (reply == null || reply.isBlank()) {
      return Parsed.refused("empty reply");
    }
    String body = reply.strip();
    Matcher fence = FENCE.matcher(body);
    if (fence.matches()) {
      body = fence.group(1).strip();
    }
    if (!body.startsWith("{")) {
      return Parsed.refused("reply is not a JSON object");
    }
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (JsonProcessingException e) {
      return Parsed.refused("malformed JSON: " + e.getOriginalMessage());
    }
    JsonNode expert = node.get("expert");
    if (expert == null || !expert.isTextual()) {
      return Parsed.refused("no string field \"expert\"");
    }
    String name = expert.asText().strip();
    if (!candidates.contains(name)) {
      return Parsed.refused("expert '" + name + "' is not an available candidate");
    }
    return Parsed.ok(name);
  }
}
