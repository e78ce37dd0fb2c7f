package io.switchboard.e2e.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training split the classifier is trained on: never a replayed prompt, only named models. */
class ClassifierArtifactTest {

  @TempDir Path data;
  @TempDir Path split;

  private void writeSet() throws Exception {
    Files.writeString(
        data.resolve("set.prompts.jsonl"),
        """
        {"dataset": "set", "prompt_id": "p1", "category": "c", "prompt": "one"}
        {"dataset": "set", "prompt_id": "p2", "category": "c", "prompt": "two"}
        {"dataset": "set", "prompt_id": "p3", "category": "c", "prompt": "three"}
        """);
    Files.writeString(
        data.resolve("set.outcomes.csv"),
        """
        dataset,prompt_id,model,score,cost_usd,input_tokens,output_tokens,output_chars
        set,p1,a,1.0,0.1,,,1
        set,p1,b,0.0,0.2,,,1
        set,p1,c,0.0,0.3,,,1
        set,p2,a,1.0,0.1,,,1
        set,p2,b,1.0,0.2,,,1
        set,p3,a,0.0,0.1,,,1
        set,p3,b,1.0,0.2,,,1
        """);
  }

  @Test
  void heldOutPromptsAndOtherModelsAreNotWritten() throws Exception {
    writeSet();
    int[] counts =
        ClassifierArtifact.writeTrainingSplit(data, "set", Set.of("a", "b"), Set.of("p2"), split);
    assertThat(counts).containsExactly(2, 1);
    assertThat(Files.readString(split.resolve("set.prompts.jsonl")))
        .contains("\"p1\"", "\"p3\"")
        .doesNotContain("\"p2\"");
    assertThat(Files.readAllLines(split.resolve("set.outcomes.csv")))
        .containsExactly(
            "dataset,prompt_id,model,score,cost_usd,input_tokens,output_tokens,output_chars",
            "set,p1,a,1.0,0.1,,,1",
            "set,p1,b,0.0,0.2,,,1",
            "set,p3,a,0.0,0.1,,,1",
            "set,p3,b,1.0,0.2,,,1");
  }

  @Test
  void aHeldOutIdOrAModelTheSetLacksIsRefused() throws Exception {
    writeSet();
    assertThatThrownBy(
            () ->
                ClassifierArtifact.writeTrainingSplit(
                    data, "set", Set.of("a"), Set.of("p2", "p9"), split))
        .hasMessageContaining("1 held-out prompt ids are not prompts of set");
    assertThatThrownBy(
            () ->
                ClassifierArtifact.writeTrainingSplit(
                    data, "set", Set.of("a", "z"), Set.of(), split))
        .hasMessageContaining("set has no outcomes of [z]");
  }
}
