package io.switchboard.router.core.strategy.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouterReplyParserTest {

  private static final List<String> CANDIDATES = List.of("small", "large");
  private final RouterReplyParser parser = new RouterReplyParser();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"expert\": \"large\"}",
        "  {\"expert\":\"large\", \"reason\": \"needs maths\"}\n",
        "```json\n{\"expert\": \"large\"}\n```",
        "```\n{\"expert\": \"large\"}\n```",
        "{\"expert\": \" large \"}",
      })
  void acceptsOneJsonObjectNamingACandidate(String reply) {
    assertThat(parser.parse(reply, CANDIDATES).expert()).contains("large");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|empty reply",
        "large|not a JSON object",
        "I choose {\"expert\": \"large\"}|not a JSON object",
        "{\"expert\": \"large\"} because it is smart|malformed JSON",
        "{\"expert\": \"large\"}{\"expert\": \"small\"}|malformed JSON",
        "{\"expert\": \"large\"|malformed JSON",
        "{\"model\": \"large\"}|no string field",
        "{\"expert\": 1}|no string field",
        "{\"expert\": [\"large\"]}|no string field",
        "{\"expert\": \"gpt-5\"}|not an available candidate",
        "{\"expert\": \"LARGE\"}|not an available candidate",
        "[{\"expert\": \"large\"}]|not a JSON object",
      })
  void refusesEverythingElseWithAReason(String reply, String problem) {
    RouterReplyParser.Parsed parsed = parser.parse(reply, CANDIDATES);
    assertThat(parsed.expert()).isEmpty();
    assertThat(parsed.problem()).contains(problem);
  }
}
