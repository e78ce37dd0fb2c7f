package io.switchboard.dataset;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Model prices of {@code model_prices_for_datasets.csv} (LiteLLM's public table, matched to dataset
 * model names).
 *
 * <p>The {@code dataset_model} column names models loosely: aliases separated by {@code " / "}
 * ({@code claude-v2 / claude-2}) and families with a parenthesised list of fine-tunes that share
 * the price ({@code mistralai/Mistral-7B-v0.1 (+ Mistral-7B fine-tunes: MetaMath-Mistral-7B,
 * zephyr-7b-beta)}). Every listed name is an alias. A lookup matches the full model name first,
 * then the part after the last {@code /} (so {@code meta-math/MetaMath-Mistral-7B} finds {@code
 * MetaMath-Mistral-7B}), both ignoring case. When a model has several rows the closest {@code
 * match_type} wins (exact, exact-family, proxy-provider, proxy-size-class, alt-provider, anything
 * else).
 */
public final class ModelPrices {

  private static final List<String> MATCH_TYPE_PREFERENCE =
      List.of("exact", "exact-family", "proxy-provider", "proxy-size-class", "alt-provider");

  private final Map<String, RankedPrice> byFullName;
  private final Map<String, RankedPrice> byShortName;

  private ModelPrices(Map<String, RankedPrice> byFullName, Map<String, RankedPrice> byShortName) {
    this.byFullName = byFullName;
    this.byShortName = byShortName;
  }

  public static ModelPrices load(Path csv) throws IOException {
    ObjectReader reader =
        new CsvMapper().readerFor(Map.class).with(CsvSchema.emptySchema().withHeader());
    Map<String, RankedPrice> byFullName = new HashMap<>();
    Map<String, RankedPrice> byShortName = new HashMap<>();
    try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        MappingIterator<Map<String, String>> rows = reader.readValues(in)) {
      while (rows.hasNextValue()) {
        long line = rows.getCurrentLocation().getLineNr();
        Map<String, String> row = rows.nextValue();
        String names = row.get("dataset_model");
        if (names == null || names.isBlank()) {
          throw new IOException(csv + ":" + line + ": missing dataset_model");
        }
        double input;
        double output;
        try {
          input = Double.parseDouble(row.getOrDefault("input_usd_per_mtok", "").trim());
          output = Double.parseDouble(row.getOrDefault("output_usd_per_mtok", "").trim());
        } catch (NumberFormatException e) {
          throw new IOException(csv + ":" + line + ": bad price: " + e.getMessage(), e);
        }
        int rank = rank(row.get("match_type"));
        for (String alias : aliases(names)) {
          RankedPrice price = new RankedPrice(input, output, rank);
          byFullName.merge(key(alias), price, RankedPrice::better);
          byShortName.merge(key(shortName(alias)), price, RankedPrice::better);
        }
      }
    }
    return new ModelPrices(byFullName, byShortName);
  }

  /**
   * The price of {@code model} (the returned record carries the name asked for), or empty if
   * unpriced.
   */
  public Optional<ModelPrice> price(String model) {
    RankedPrice found = byFullName.get(key(model));
    if (found == null) {
      found = byShortName.get(key(shortName(model)));
    }
    return Optional.ofNullable(found).map(p -> new ModelPrice(model, p.input(), p.output()));
  }

  static List<String> aliases(String datasetModel) {
    List<String> aliases = new ArrayList<>();
    String main = datasetModel;
    int paren = datasetModel.indexOf('(');
    if (paren >= 0) {
      main = datasetModel.substring(0, paren);
      String family = datasetModel.substring(paren + 1).replace(")", "").replace("+", "");
      int colon = family.indexOf(':');
      for (String member : family.substring(colon + 1).split(",")) {
        addIfPresent(aliases, member);
      }
    }
    for (String alias : main.split(" / ")) {
      addIfPresent(aliases, alias);
    }
    return aliases;
  }

  private static void addIfPresent(List<String> aliases, String candidate) {
    String trimmed = candidate.trim();
    if (!trimmed.isEmpty()) {
      aliases.add(trimmed);
    }
  }

  private static String shortName(String model) {
    return model.substring(model.lastIndexOf('/') + 1);
  }

  private static String key(String model) {
    return model.trim().toLowerCase(Locale.ROOT);
  }

  private static int rank(String matchType) {
    int index = MATCH_TYPE_PREFERENCE.indexOf(matchType == null ? "" : matchType.trim());
    return index < 0 ? MATCH_TYPE_PREFERENCE.size() : index;
  }

  private record RankedPrice(double input, double output, int rank) {
    RankedPrice better(RankedPrice other) {
      return other.rank < rank ? other : this;
    }
  }
}
