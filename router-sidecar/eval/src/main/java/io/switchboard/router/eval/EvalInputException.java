package io.switchboard.router.eval;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A missing or malformed input of an evaluation command: the CLI prints its message (which names
 * the file and what it should hold) and exits with 2, without a stack trace.
 */
final class EvalInputException extends RuntimeException {

  EvalInputException(String message) {
    super(message);
  }

  EvalInputException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code file} must be a readable regular file holding {@code what}. */
  static Path requireFile(Path file, String what) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new EvalInputException(
          (Files.exists(file) ? "cannot read " : "missing ") + file + ": expected " + what);
    }
    return file;
  }
}
