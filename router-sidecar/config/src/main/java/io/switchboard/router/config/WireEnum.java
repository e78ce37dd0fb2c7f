package io.switchboard.router.config;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Shared strict lookup of lower-case wire names for the small config enums. */
final class WireEnum {
  private WireEnum() {}

  static <E extends Enum<E>> E parse(
      Class<E> type, String name, Function<E, String> wireName, String what) {
    for (E e : type.getEnumConstants()) {
      if (wireName.apply(e).equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown "
            + what
            + " '"
            + name
            + "', expected one of "
            + Arrays.stream(type.getEnumConstants())
                .map(wireName)
                .collect(Collectors.joining(", ")));
  }
}
