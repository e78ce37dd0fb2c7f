package io.switchboard.router.core.strategy.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.router.config.ExpertConfig;
import java.util.List;
import java.util.Locale;

/**
 * The chat messages sent to the router LLM: a system message listing every candidate with its
 * description, capability vector and price, and the instruction to answer one JSON object; then the
 * user's query (its last {@value #MAX_QUERY_CHARS} characters).
 */
public final class RouterPrompt {

  static final int MAX_QUERY_CHARS = 4000;

  private final ObjectMapper json = new ObjectMapper();

  public String messagesJson(List<ExpertConfig> candidates, String query) {
    StringBuilder system =
        new StringBuilder(
            """
                You are a request router. Pick the single expert best suited to answer the user's query, \
                preferring cheaper experts when they are likely good enough.
                Experts:
                """);
    for (ExpertConfig expert : candidates) {
      double[] c = expert.capabilities().toArray();
      system.append(
          String.format(
              Locale.ROOT,
              "- %s: %s (reasoning %.1f, knowledge %.1f, creativity %.1f, speed %.1f, cheapness %.1f; $%.2f/$%.2f per M tokens)%n",
              expert.name(),
              expert.description().isBlank() ? "no description" : expert.description(),
              c[0],
              c[1],
              c[2],
              c[3],
              c[4],
              expert.inputUsdPerMillion(),
              expert.outputUsdPerMillion()));
    }
    system.append("Answer with exactly one JSON object and nothing else: {\"expert\": \"<name>\"}");
    String clipped =
        query.length() <= MAX_QUERY_CHARS
            ? query
            : query.substring(query.length() - MAX_QUERY_CHARS);
    ArrayNode messages = json.createArrayNode();
    messages.addObject().put("role", "system").put("content", system.toString());
    messages.addObject().put("role", "user").put("content", clipped);
    return messages.toString();
  }
}
