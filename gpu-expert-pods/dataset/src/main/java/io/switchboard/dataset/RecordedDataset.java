package io.switchboard.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One recorded routing dataset in the uniform format of {@code shared/data/README.md}: the prompts
 * of {@code NAME.prompts.jsonl} (in file order) and the per-(prompt, model) outcomes of {@code
 * NAME.outcomes.csv}. Immutable once loaded and safe to share between threads.
 */
public final class RecordedDataset {

  static final String PROMPTS_SUFFIX = ".prompts.jsonl";
  static final String OUTCOMES_SUFFIX = ".outcomes.csv";

  private static final ObjectReader JSON = new ObjectMapper().reader();

  private final String name;
  private final List<RecordedPrompt> prompts;
  private final Map<String, RecordedPrompt> promptsById;
  private final Map<String, Map<String, RecordedOutcome>> outcomesByPrompt;
  private final List<String> models;

  private RecordedDataset(
      String name,
      List<RecordedPrompt> prompts,
      Map<String, RecordedPrompt> promptsById,
      Map<String, Map<String, RecordedOutcome>> outcomesByPrompt,
      List<String> models) {
    this.name = name;
    this.prompts = prompts;
    this.promptsById = promptsById;
    this.outcomesByPrompt = outcomesByPrompt;
    this.models = models;
  }

  /**
   * Loads {@code NAME.prompts.jsonl} and {@code NAME.outcomes.csv} from {@code dataDir}.
   *
   * @throws IOException when a file is missing or malformed (the message names file and line), or
   *     when an outcome refers to a prompt id the prompts file does not contain
   */
  public static RecordedDataset load(Path dataDir, String name) throws IOException {
    Path promptsFile = dataDir.resolve(name + PROMPTS_SUFFIX);
    Path outcomesFile = dataDir.resolve(name + OUTCOMES_SUFFIX);
    List<RecordedPrompt> prompts = readPrompts(promptsFile);
    Map<String, RecordedPrompt> byId = new HashMap<>(prompts.size() * 2);
    for (RecordedPrompt prompt : prompts) {
      if (byId.putIfAbsent(prompt.promptId(), prompt) != null) {
        throw new IOException(promptsFile + ": duplicate prompt_id '" + prompt.promptId() + "'");
      }
    }
    Map<String, Map<String, RecordedOutcome>> outcomes = new HashMap<>(prompts.size() * 2);
    TreeSet<String> models = new TreeSet<>();
    for (RecordedOutcome outcome : new OutcomesCsv(outcomesFile).read()) {
      if (!byId.containsKey(outcome.promptId())) {
        throw new IOException(
            outcomesFile + ": outcome for unknown prompt_id '" + outcome.promptId() + "'");
      }
      outcomes
          .computeIfAbsent(outcome.promptId(), id -> new LinkedHashMap<>())
          .put(outcome.model(), outcome);
      models.add(outcome.model());
    }
    outcomes.replaceAll((id, perModel) -> Collections.unmodifiableMap(perModel));
    return new RecordedDataset(
        name,
        List.copyOf(prompts),
        Collections.unmodifiableMap(byId),
        Collections.unmodifiableMap(outcomes),
        List.copyOf(models));
  }

  /**
   * Sorted names of the datasets in {@code dataDir} that have both a prompts and an outcomes file.
   */
  public static List<String> available(Path dataDir) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dataDir, "*" + PROMPTS_SUFFIX)) {
      for (Path file : files) {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - PROMPTS_SUFFIX.length());
        if (Files.isRegularFile(dataDir.resolve(name + OUTCOMES_SUFFIX))) {
          names.add(name);
        }
      }
    }
    return List.copyOf(names);
  }

  public String name() {
    return name;
  }

  /** All prompts in file order. */
  public List<RecordedPrompt> prompts() {
    return prompts;
  }

  /** Every model with at least one outcome, sorted. */
  public List<String> models() {
    return models;
  }

  public Optional<RecordedPrompt> prompt(String promptId) {
    return Optional.ofNullable(promptsById.get(promptId));
  }

  public Optional<RecordedOutcome> outcome(String promptId, String model) {
    return Optional.ofNullable(outcomes(promptId).get(model));
  }

  /** Outcomes of one prompt by model name, in file order; empty for an unknown prompt. */
  public Map<String, RecordedOutcome> outcomes(String promptId) {
    return outcomesByPrompt.getOrDefault(promptId, Map.of());
  }

  private static List<RecordedPrompt> readPrompts(Path file) throws IOException {
    List<RecordedPrompt> prompts = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        try {
          prompts.add(toPrompt(JSON.readTree(line)));
        } catch (IOException | IllegalArgumentException e) {
          throw new IOException(file + ":" + lineNumber + ": " + e.getMessage(), e);
        }
      }
    }
    return prompts;
  }

  private static RecordedPrompt toPrompt(JsonNode node) {
    return new RecordedPrompt(
        required(node, "dataset"),
        required(node, "prompt_id"),
        required(node, "category"),
        required(node, "prompt"),
        node.path("contaminated").asBoolean(false),
        node.hasNonNull("turn") ? node.get("turn").asInt() : null,
        node.hasNonNull("question_id") ? node.get("question_id").asText() : null);
  }

  private static String required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing required field '" + field + "'");
    }
    return value.asText();
  }
}
