package io.switchboard.simulated.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.dataset.RecordedDataset;
import io.switchboard.simulated.TestDataset;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatedRouterTest {
  private static RecordedDataset dataset;
  private static final Map<String, String> POOL =
      Map.of("small", TestDataset.SMALL, "big", TestDataset.BIG);

  @BeforeAll
  static void load() throws IOException {
    dataset = RecordedDataset.load(TestDataset.write(), TestDataset.NAME);
  }

  /** The system message the router's RouterPrompt writes, followed by the query. */
  private static String routerPrompt(String query, String... experts) {
    StringBuilder text =
        new StringBuilder(
            "You are a request router. Pick the single expert best suited to answer the user's query,"
                + " preferring cheaper experts when they are likely good enough.\nExperts:\n");
    for (String expert : experts) {
      text.append("- ")
          .append(expert)
          .append(
              ": a model (reasoning 0.5, knowledge 0.5, creativity 0.5, speed 0.5, cheapness"
                  + " 0.5; $1.00/$2.00 per M tokens)\n");
    }
    text.append("Answer with exactly one JSON object and nothing else: {\"expert\": \"<name>\"}\n");
    return text.append(query).toString();
  }

  @Test
  void anAccurateRouterNamesTheRecordedBestValueExpertAsJson() {
    RecordedAnswers router =
        new RecordedAnswers(
            dataset,
            TestDataset.SMALL,
            256,
            new SimulatedJudge(dataset),
            new SimulatedRouter(dataset, POOL, 1.0));
    // math.1: big 1, small 0 -> big. capital.1: both 1, no recorded cost -> the first listed.
    SimulatedAnswer math =
        router.answer(routerPrompt(TestDataset.MATH, "small", "big"), TestDataset.MATH, 32);
    SimulatedAnswer capital =
        router.answer(routerPrompt(TestDataset.CAPITAL, "small", "big"), TestDataset.CAPITAL, 32);

    assertThat(math.text()).isEqualTo("{\"expert\": \"big\"}");
    assertThat(math.lengthSource()).isEqualTo(SimulatedAnswer.LengthSource.ROUTER);
    assertThat(math.route().best()).isEqualTo("big");
    assertThat(math.route().promptId()).isEqualTo("math.1");
    assertThat(math.completionTokens()).isBetween(1, 10);
    assertThat(capital.text()).isEqualTo("{\"expert\": \"small\"}");
  }

  @Test
  void anInaccurateRouterNamesAnotherCandidateAtTheDeclaredRate() throws IOException {
    int n = 4000;
    SimulatedRouter router =
        new SimulatedRouter(RecordedDataset.load(TestDataset.writeMany(n), "many"), POOL, 0.7);
    int right = 0;
    int other = 0;
    for (int i = 0; i < n; i++) {
      SimulatedRouter.Choice choice =
          router
              .choose(routerPrompt("question " + i, "small", "big", "other"), "p" + i)
              .orElseThrow();
      // Best value: small where it is right (odd prompts, cheaper), else big.
      assertThat(choice.best()).isEqualTo(i % 2 == 1 ? "small" : "big");
      right += choice.expert().equals(choice.best()) ? 1 : 0;
      other += choice.expert().equals("other") ? 1 : 0;
    }
    assertThat(right / (double) n).isCloseTo(0.7, within(0.025));
    // A wrong choice is uniform over the two other candidates.
    assertThat(other / (double) n).isCloseTo(0.15, within(0.02));
  }

  @Test
  void poolModelsParseAndTheRouterPromptIsRecognised() {
    assertThat(SimulatedRouter.parsePoolModels("big=acme/big-70b, small=acme/small-7b"))
        .containsEntry("big", "acme/big-70b")
        .containsEntry("small", "acme/small-7b");
    assertThat(SimulatedRouter.parsePoolModels("")).isEmpty();
    assertThat(SimulatedRouter.isRouterRequest(routerPrompt("q", "a"))).isTrue();
    assertThat(SimulatedRouter.isRouterRequest(TestDataset.STORY)).isFalse();
    assertThat(SimulatedRouter.candidates(routerPrompt("q", "a-1", "b.2")))
        .containsExactly("a-1", "b.2");
  }
}
