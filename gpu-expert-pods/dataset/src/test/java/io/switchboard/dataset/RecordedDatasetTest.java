package io.switchboard.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordedDatasetTest {

  @TempDir Path dir;

  private void write(String file, String content) throws IOException {
    Files.writeString(dir.resolve(file), content);
  }

  private void writeSmallSet() throws IOException {
    write(
        "tiny.prompts.jsonl",
        """
                {"dataset": "tiny", "prompt_id": "87.t1", "question_id": 87, "turn": 1, "category": "writing", "contaminated": true, "prompt": "Write a story."}
                {"dataset": "tiny", "prompt_id": "a.2", "category": "math", "prompt": "What is 2+2?", "extra": [1, 2]}
                """);
    // CRLF line endings and empty cells, as in the real files.
    write(
        "tiny.outcomes.csv",
        "dataset,prompt_id,model,score,cost_usd,input_tokens,output_tokens,output_chars\r\n"
            + "tiny,87.t1,zeta/big,10,,,,\r\n"
            + "tiny,87.t1,alpha,1.0,0.0001551,12,30,1\r\n"
            + "tiny,a.2,alpha,,,,,233.0\r\n");
  }

  @Test
  void loadsPromptsInFileOrderWithOptionalFields() throws IOException {
    writeSmallSet();
    RecordedDataset set = RecordedDataset.load(dir, "tiny");

    assertThat(set.name()).isEqualTo("tiny");
    assertThat(set.prompts())
        .containsExactly(
            new RecordedPrompt("tiny", "87.t1", "writing", "Write a story.", true, 1, "87"),
            new RecordedPrompt("tiny", "a.2", "math", "What is 2+2?", false, null, null));
    assertThat(set.prompt("a.2")).map(RecordedPrompt::category).contains("math");
    assertThat(set.prompt("missing")).isEmpty();
  }

  @Test
  void loadsOutcomesWithEmptyCellsAsNotRecorded() throws IOException {
    writeSmallSet();
    RecordedDataset set = RecordedDataset.load(dir, "tiny");

    assertThat(set.models()).containsExactly("alpha", "zeta/big");
    assertThat(set.outcome("87.t1", "alpha"))
        .contains(new RecordedOutcome("87.t1", "alpha", 1.0, 0.0001551, 12, 30, 1));
    assertThat(set.outcome("87.t1", "zeta/big"))
        .contains(new RecordedOutcome("87.t1", "zeta/big", 10.0, null, null, null, null));
    assertThat(set.outcome("a.2", "alpha"))
        .contains(new RecordedOutcome("a.2", "alpha", null, null, null, null, 233));
    assertThat(set.outcomes("87.t1")).containsOnlyKeys("zeta/big", "alpha");
    assertThat(set.outcomes("unknown")).isEmpty();
    assertThat(set.outcome("a.2", "zeta/big")).isEmpty();
  }

  @Test
  void availableListsOnlyNamesWithBothFiles() throws IOException {
    writeSmallSet();
    write("half.prompts.jsonl", "");
    write("other.outcomes.csv", "");
    assertThat(RecordedDataset.available(dir)).containsExactly("tiny");
  }

  @Test
  void malformedJsonNamesFileAndLine() throws IOException {
    writeSmallSet();
    write(
        "tiny.prompts.jsonl",
        "{\"dataset\":\"tiny\",\"prompt_id\":\"x\",\"category\":\"c\",\"prompt\":\"p\"}\n{not json\n");
    assertThatThrownBy(() -> RecordedDataset.load(dir, "tiny"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("tiny.prompts.jsonl:2");
  }

  @Test
  void missingRequiredFieldIsAnError() throws IOException {
    writeSmallSet();
    write("tiny.prompts.jsonl", "{\"dataset\":\"tiny\",\"prompt_id\":\"x\",\"category\":\"c\"}\n");
    assertThatThrownBy(() -> RecordedDataset.load(dir, "tiny"))
        .hasMessageContaining("tiny.prompts.jsonl:1")
        .hasMessageContaining("'prompt'");
  }

  @Test
  void outcomeForUnknownPromptIsAnError() throws IOException {
    writeSmallSet();
    write(
        "tiny.outcomes.csv",
        "dataset,prompt_id,model,score,cost_usd,input_tokens,output_tokens,output_chars\n"
            + "tiny,nope,alpha,1,,,,\n");
    assertThatThrownBy(() -> RecordedDataset.load(dir, "tiny"))
        .hasMessageContaining("unknown prompt_id 'nope'");
  }

  @Test
  void wrongHeaderOrBadNumberIsAnError() throws IOException {
    writeSmallSet();
    write("tiny.outcomes.csv", "prompt_id,model,score\n87.t1,alpha,1\n");
    assertThatThrownBy(() -> RecordedDataset.load(dir, "tiny"))
        .hasMessageContaining("header must be");

    write(
        "tiny.outcomes.csv",
        "dataset,prompt_id,model,score,cost_usd,input_tokens,output_tokens,output_chars\n"
            + "tiny,87.t1,alpha,high,,,,\n");
    assertThatThrownBy(() -> RecordedDataset.load(dir, "tiny"))
        .hasMessageContaining("tiny.outcomes.csv:2");
  }

  @Test
  void duplicatePromptIdIsAnError() throws IOException {
    writeSmallSet();
    write(
        "tiny.prompts.jsonl",
        """
                {"dataset": "tiny", "prompt_id": "x", "category": "c", "prompt": "p"}
                {"dataset": "tiny", "prompt_id": "x", "category": "c", "prompt": "q"}
                """);
    assertThatThrownBy(() -> RecordedDataset.load(dir, "tiny"))
        .hasMessageContaining("duplicate prompt_id 'x'");
  }
}
