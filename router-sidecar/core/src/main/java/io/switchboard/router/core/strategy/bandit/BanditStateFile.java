package io.switchboard.router.core.strategy.bandit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.router.config.EncoderSpec;
import io.switchboard.router.core.support.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Persists a {@link BanditState} as JSON, atomically (write a sibling temp file, then move), so a
 * crash mid-write never leaves a torn state for the next start. The file records the embedding
 * space the contexts came from ({@code {"embeddingSpace": ..., "state": ...}}): after a policy
 * switches its prompt encoder, the old statistics describe other vectors and are not restored.
 * Files written before the field existed hold a bare state of the default encoder.
 */
public final class BanditStateFile {

  private final Path file;
  private final ObjectMapper json;
  private final String embeddingSpace;

  public BanditStateFile(Path file, ObjectMapper json) {
    this(file, json, EncoderSpec.DEFAULT.toString());
  }

  public BanditStateFile(Path file, ObjectMapper json, String embeddingSpace) {
    this.file = file;
    this.json = json;
    this.embeddingSpace = embeddingSpace;
  }

  /**
   * The saved state, or empty when there is none or it was learned over another embedding space.
   */
  public Optional<BanditState> read() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode root = json.readTree(file.toFile());
      JsonNode state = root.has("state") ? root.get("state") : root;
      String space =
          root.has("state")
              ? root.path("embeddingSpace").asText("")
              : EncoderSpec.DEFAULT.toString();
      if (!space.equals(embeddingSpace)) {
        return Optional.empty();
      }
      return Optional.of(json.treeToValue(state, BanditState.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bandit state " + file, e);
    }
  }

  public void write(BanditState state) {
    try {
      ObjectNode root = json.createObjectNode().put("embeddingSpace", embeddingSpace);
      root.set("state", json.valueToTree(state));
      AtomicFile.writeJson(file, json, root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write bandit state " + file, e);
    }
  }
}
