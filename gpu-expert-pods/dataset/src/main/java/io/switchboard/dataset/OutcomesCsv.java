package io.switchboard.dataset;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads {@code NAME.outcomes.csv}; empty cells become {@code null} ("not recorded"). */
final class OutcomesCsv {

  static final List<String> HEADER =
      List.of(
          "dataset",
          "prompt_id",
          "model",
          "score",
          "cost_usd",
          "input_tokens",
          "output_tokens",
          "output_chars");

  private static final CsvMapper CSV =
      CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

  private final Path file;

  OutcomesCsv(Path file) {
    this.file = file;
  }

  List<RecordedOutcome> read() throws IOException {
    List<RecordedOutcome> outcomes = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<String[]> rows = CSV.readerFor(String[].class).readValues(reader)) {
      if (!rows.hasNextValue() || !Arrays.asList(rows.nextValue()).equals(HEADER)) {
        throw new IOException(file + ": header must be " + String.join(",", HEADER));
      }
      while (rows.hasNextValue()) {
        long line = rows.getCurrentLocation().getLineNr();
        String[] row = rows.nextValue();
        if (row.length == 1 && row[0].isBlank()) {
          continue;
        }
        if (row.length != HEADER.size()) {
          throw new IOException(
              file + ":" + line + ": expected " + HEADER.size() + " columns, got " + row.length);
        }
        try {
          outcomes.add(
              new RecordedOutcome(
                  row[1],
                  row[2],
                  decimal(row[3]),
                  decimal(row[4]),
                  count(row[5]),
                  count(row[6]),
                  count(row[7])));
        } catch (NumberFormatException e) {
          throw new IOException(file + ":" + line + ": " + e.getMessage(), e);
        }
      }
    }
    return outcomes;
  }

  private static Double decimal(String cell) {
    return cell.isBlank() ? null : Double.valueOf(cell.trim());
  }

  /**
   * Counts may be written as {@code 233} or {@code 233.0} depending on the converter that produced
   * the file.
   */
  private static Integer count(String cell) {
    if (cell.isBlank()) {
      return null;
    }
    String trimmed = cell.trim();
    try {
      return Integer.valueOf(trimmed);
    } catch (NumberFormatException notAnInteger) {
      double value = Double.parseDouble(trimmed);
      if (value != Math.rint(value) || value < 0 || value > Integer.MAX_VALUE) {
        throw new NumberFormatException("not a count: '" + cell + "'");
      }
      return (int) value;
    }
  }
}
