package io.switchboard.router.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpertIdMapTest {

  private static final String BENCH_MIXTRAL = "mistralai/mixtral-8x7b-chat";
  private static final String ROUTELLM_MIXTRAL = "mistralai/Mixtral-8x7B-Instruct-v0.1";

  private final ExpertIdMap map =
      ExpertIdMap.parse(List.of(BENCH_MIXTRAL + "=" + ROUTELLM_MIXTRAL));

  @Test
  void aDeclaredStandInJoinsTwoSetsOnTheSharedExperts() {
    List<String> bench =
        map.canonicalExperts(
            "routerbench", List.of("gpt-4-1106-preview", "claude-v2", BENCH_MIXTRAL));
    List<String> routellm =
        map.canonicalExperts("routellm", List.of("gpt-4-1106-preview", ROUTELLM_MIXTRAL));
    assertThat(bench).containsExactly("gpt-4-1106-preview", "claude-v2", ROUTELLM_MIXTRAL);
    assertThat(ExpertIdMap.shared(List.of(bench, routellm)))
        .containsExactly("gpt-4-1106-preview", ROUTELLM_MIXTRAL);
    // Without the declaration the ids differ and only GPT-4 is shared: nothing is guessed from
    // names.
    assertThat(
            ExpertIdMap.shared(
                List.of(
                    ExpertIdMap.none()
                        .canonicalExperts("b", List.of("gpt-4-1106-preview", BENCH_MIXTRAL)),
                    routellm)))
        .containsExactly("gpt-4-1106-preview");
  }

  @Test
  void outcomesAreReKeyedAndRestrictedToTheSharedExperts() {
    EvalPrompt prompt =
        new EvalPrompt(
            "p1",
            "mbpp",
            "write a function",
            Map.of("gpt-4-1106-preview", 1.0, BENCH_MIXTRAL, 0.0, "claude-v2", 1.0),
            Map.of("gpt-4-1106-preview", 0.01, BENCH_MIXTRAL, 0.001, "claude-v2", 0.008));
    EvalPrompt mapped = map.apply(prompt, Set.of("gpt-4-1106-preview", ROUTELLM_MIXTRAL));
    assertThat(mapped.quality())
        .containsOnly(Map.entry("gpt-4-1106-preview", 1.0), Map.entry(ROUTELLM_MIXTRAL, 0.0));
    assertThat(mapped.costUsd()).containsOnlyKeys("gpt-4-1106-preview", ROUTELLM_MIXTRAL);
    assertThat(mapped.costUsd().get(ROUTELLM_MIXTRAL)).isEqualTo(0.001);
    assertThat(mapped.id()).isEqualTo("p1");
    assertThat(mapped.category()).isEqualTo("mbpp");
  }

  @Test
  void malformedContradictoryOrChainedEntriesAreRefused() {
    assertThatThrownBy(() -> ExpertIdMap.parse(List.of("no-equals-sign")))
        .isInstanceOf(EvalInputException.class)
        .hasMessageContaining("FROM=TO");
    assertThatThrownBy(() -> ExpertIdMap.parse(List.of("a=a")))
        .isInstanceOf(EvalInputException.class);
    assertThatThrownBy(() -> ExpertIdMap.parse(List.of("a=b", "a=c")))
        .isInstanceOf(EvalInputException.class)
        .hasMessageContaining("both b and c");
    assertThatThrownBy(() -> ExpertIdMap.parse(List.of("a=b", "b=c")))
        .isInstanceOf(EvalInputException.class)
        .hasMessageContaining("chains b");
  }

  @Test
  void aMappingThatWouldMergeTwoExpertsOfOneSetIsRefused() {
    assertThatThrownBy(
            () -> map.canonicalExperts("mixed", List.of(BENCH_MIXTRAL, ROUTELLM_MIXTRAL)))
        .isInstanceOf(EvalInputException.class)
        .hasMessageContaining("would merge");
  }

  @Test
  void aMistypedIdIsAnErrorNotASilentlyEmptyJoin() {
    assertThatThrownBy(() -> map.requireKnown(Set.of("gpt-4-1106-preview", ROUTELLM_MIXTRAL)))
        .isInstanceOf(EvalInputException.class)
        .hasMessageContaining(BENCH_MIXTRAL);
    map.requireKnown(Set.of(BENCH_MIXTRAL, ROUTELLM_MIXTRAL));
  }
}
