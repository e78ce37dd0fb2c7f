package io.switchboard.operator.expertpool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadGiniTest {

  @Test
  void evenLoadIsZeroAndOneExpertTakingAllIsMaximal() {
    List<String> experts = List.of("a", "b", "c", "d");
    assertThat(LoadGini.of(experts, Map.of("a", 5L, "b", 5L, "c", 5L, "d", 5L))).isEqualTo(0.0);
    // n experts, one takes all: (n-1)/n
    assertThat(LoadGini.of(experts, Map.of("b", 40L))).isEqualTo(0.75);
  }

  @Test
  void idleExpertsCountAsZerosAndRequestsOutsideThePoolAreIgnored() {
    // 3:1 between two experts: sum|xi-xj| = 2*2 = 4, / (2 * 2 * 4) = 0.25
    assertThat(LoadGini.of(List.of("a", "b"), Map.of("a", 3L, "b", 1L, "elsewhere", 100L)))
        .isEqualTo(0.25);
    assertThat(LoadGini.of(List.of("a", "b", "c"), Map.of("a", 3L, "b", 1L))).isGreaterThan(0.25);
  }

  @Test
  void aQuietWindowIsNotMeasured() {
    assertThat(LoadGini.of(List.of("a", "b"), Map.of())).isNull();
    assertThat(LoadGini.of(List.of(), Map.of("a", 1L))).isNull();
  }
}
