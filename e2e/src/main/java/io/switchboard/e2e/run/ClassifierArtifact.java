package io.switchboard.e2e.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.switchboard.router.eval.EvalCli;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;

/**
 * A classifier router model trained at run time by {@code switchboard-eval train} (the same command
 * a user runs, in this JVM) on recorded outcomes of {@code ../shared/data}, and stored as the
 * ConfigMap a {@code classifier} policy references. Training sees only the prompts the caller does
 * not hold out (the ones it will replay) and only the models it names, so the model is judged on
 * prompts it never saw. The model keeps the dataset's model ids; the policy maps them to experts.
 *
 * @param file the artifact
 * @param trainingPrompts prompts written to the training split (before {@code limit})
 * @param heldOut prompts left out because the caller replays them
 * @param modelIds the model ids the artifact has predictors for
 * @param strongExpert the model id the "needs strong" score is measured against (best mean quality)
 * @param weakExpert the cheapest other model id
 * @param bytes size of the artifact (a ConfigMap holds at most 1 MiB)
 * @param cvApgr the trainer's cross-validated APGR on the training prompts
 * @param seconds wall time of the train command (embedding included; embeddings are cached)
 */
public record ClassifierArtifact(
    Path file,
    int trainingPrompts,
    int heldOut,
    List<String> modelIds,
    String strongExpert,
    String weakExpert,
    long bytes,
    double cvApgr,
    double seconds) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param dataDir recorded data directory
   * @param dataset recorded set to train on
   * @param models the dataset model ids to train predictors for (the pool's experts' models)
   * @param heldOutPromptIds prompts never trained on
   * @param limit train on at most this many of the remaining prompts (seeded sample; 0 = all)
   * @param workDir where the training split and the artifact are written
   * @param cacheDir embedding cache (shared across runs of a checkout)
   */
  public static ClassifierArtifact train(
      Path dataDir,
      String dataset,
      Collection<String> models,
      Set<String> heldOutPromptIds,
      int limit,
      long seed,
      Path workDir,
      Path cacheDir)
      throws IOException {
    Files.createDirectories(workDir);
    int[] counts =
        writeTrainingSplit(dataDir, dataset, Set.copyOf(models), heldOutPromptIds, workDir);
    Path output = workDir.resolve("model.json");
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--dataset",
                workDir.resolve(dataset).toString(),
                "--prices",
                dataDir.resolve("model_prices_for_datasets.csv").toString(),
                // Every written prompt is a training prompt: the held-out ones were never written.
                "--test-fraction",
                "0",
                "--seed",
                Long.toString(seed),
                "--limit",
                Integer.toString(limit),
                // A narrow grid (one l2, 3 folds, embedding and text features, linear model only):
                // seconds on 2 cores where the full search takes minutes, at a CV APGR of 0.52
                // instead of 0.55 on RouterBench's four quickstart models.
                "--folds",
                "3",
                "--l2",
                "1",
                "--buckets",
                "0",
                "--score-models",
                "DIFFERENCE",
                "--no-ensemble",
                "--cache-dir",
                cacheDir.toString(),
                "--output",
                output.toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long start = System.nanoTime();
    int exit =
        new CommandLine(new EvalCli())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args.toArray(String[]::new));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException(
          "switchboard-eval " + String.join(" ", args) + " exited " + exit + ": " + err + out);
    }
    JsonNode artifact = JSON.readTree(output.toFile());
    List<String> ids = new ArrayList<>();
    artifact.path("experts").forEach(e -> ids.add(e.path("name").asText()));
    return new ClassifierArtifact(
        output,
        counts[0],
        counts[1],
        List.copyOf(ids),
        artifact.path("strongExpert").asText(null),
        artifact.path("weakExpert").asText(null),
        Files.size(output),
        artifact.path("training").path("cvApgr").asDouble(Double.NaN),
        seconds);
  }

  /**
   * Creates or replaces ConfigMap {@code name} with the artifact under {@code key}, as {@code
   * kubectl create configmap NAME --from-file=KEY=model.json} does.
   */
  public ConfigMap store(KubernetesClient client, String namespace, String name, String key)
      throws IOException {
    ConfigMap configMap =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .addToData(key, Files.readString(file, StandardCharsets.UTF_8))
            .build();
    return client.resource(configMap).inNamespace(namespace).createOr(NonDeletingOperation::update);
  }

  /**
   * Writes {@code dataset}'s prompts and outcomes without the held-out prompts and with only {@code
   * models}' outcomes into {@code dir}; returns {written prompts, held-out prompts found}.
   */
  static int[] writeTrainingSplit(
      Path dataDir, String dataset, Set<String> models, Set<String> heldOut, Path dir)
      throws IOException {
    int written = 0;
    int skipped = 0;
    try (BufferedWriter prompts =
        Files.newBufferedWriter(dir.resolve(dataset + ".prompts.jsonl"), StandardCharsets.UTF_8)) {
      for (String line :
          Files.readAllLines(dataDir.resolve(dataset + ".prompts.jsonl"), StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode prompt = JSON.readTree(line);
        if (heldOut.contains(prompt.path("prompt_id").asText())) {
          skipped++;
          continue;
        }
        prompts.write(line);
        prompts.newLine();
        written++;
      }
    }
    if (skipped != heldOut.size()) {
      throw new IllegalArgumentException(
          (heldOut.size() - skipped) + " held-out prompt ids are not prompts of " + dataset);
    }
    List<String> lines =
        Files.readAllLines(dataDir.resolve(dataset + ".outcomes.csv"), StandardCharsets.UTF_8);
    try (BufferedWriter outcomes =
        Files.newBufferedWriter(dir.resolve(dataset + ".outcomes.csv"), StandardCharsets.UTF_8)) {
      outcomes.write(lines.get(0));
      outcomes.newLine();
      Set<String> found = new TreeSet<>();
      for (String line : lines.subList(1, lines.size())) {
        // The recorded files quote nothing; a quoted field could hide a comma, so it is refused
        // rather than misread.
        if (line.indexOf('"') >= 0) {
          throw new IllegalArgumentException(
              dataset
                  + ".outcomes.csv has a quoted field, which this filter does not read: "
                  + line);
        }
        String[] cells = line.split(",", -1);
        if (cells.length < 3 || heldOut.contains(cells[1]) || !models.contains(cells[2])) {
          continue;
        }
        found.add(cells[2]);
        outcomes.write(line);
        outcomes.newLine();
      }
      if (!found.equals(models)) {
        throw new IllegalArgumentException(
            dataset
                + " has no outcomes of "
                + models.stream().filter(m -> !found.contains(m)).toList());
      }
    }
    return new int[] {written, skipped};
  }
}
