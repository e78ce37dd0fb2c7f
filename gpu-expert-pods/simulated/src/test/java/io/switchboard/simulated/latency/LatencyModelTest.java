package io.switchboard.simulated.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencyModelTest {

  @Test
  void eightBillionOnH100MatchesPublishedSingleRequestFigures() {
    LatencyModel model = new LatencyModel(new ModelProfile(8, 8), GpuProfile.named("H100"), 1);
    assertThat(model.timePerOutputTokenSeconds(1) * 1000).isBetween(7.0, 9.0);
    assertThat(model.timeToFirstTokenSeconds(500, 1) * 1000).isBetween(20.0, 45.0);
  }

  @Test
  void seventyBillionOnFourA100s() {
    ModelProfile llama70 = ModelProfile.fromName("meta/llama-2-70b-chat");
    GpuProfile a100 = GpuProfile.named("NVIDIA-A100-SXM4-80GB");
    assertThat(LatencyModel.gpusToFit(llama70, a100)).isEqualTo(4);
    assertThat(new LatencyModel(llama70, a100, 4).timePerOutputTokenSeconds(1) * 1000)
        .isBetween(22.0, 30.0);
  }

  @Test
  void moeDecodesAtActiveParameters() {
    ModelProfile mixtral = ModelProfile.fromName("mistralai/Mixtral-8x7B-Instruct-v0.1");
    assertThat(mixtral).isEqualTo(new ModelProfile(46.7, 12.9));
    GpuProfile h100 = GpuProfile.named("H100");
    double moe = new LatencyModel(mixtral, h100, 2).timePerOutputTokenSeconds(1);
    double dense =
        new LatencyModel(new ModelProfile(46.7, 46.7), h100, 2).timePerOutputTokenSeconds(1);
    assertThat(moe).isLessThan(dense / 3);
  }

  @Test
  void perTokenTimeGrowsMildlyWithBatchAndOrdersGpus() {
    LatencyModel h100 = new LatencyModel(new ModelProfile(8, 8), GpuProfile.named("H100"), 1);
    double ratio = h100.timePerOutputTokenSeconds(64) / h100.timePerOutputTokenSeconds(1);
    assertThat(ratio).isBetween(1.3, 2.0);
    double a100 =
        new LatencyModel(new ModelProfile(8, 8), GpuProfile.named("A100"), 1)
            .timePerOutputTokenSeconds(1);
    double l4 =
        new LatencyModel(new ModelProfile(8, 8), GpuProfile.named("NVIDIA-L4"), 1)
            .timePerOutputTokenSeconds(1);
    assertThat(h100.timePerOutputTokenSeconds(1)).isLessThan(a100);
    assertThat(a100).isLessThan(l4);
  }

  @Test
  void namesAndUnknowns() {
    assertThat(GpuProfile.named("NVIDIA-L40S").name()).isEqualTo("L40S");
    assertThat(ModelProfile.fromName("WizardLM/WizardLM-13B-V1.2"))
        .isEqualTo(new ModelProfile(13, 13));
    assertThat(ModelProfile.fromName("gpt-4-1106-preview")).isEqualTo(ModelProfile.UNKNOWN_HOSTED);
    assertThatThrownBy(() -> GpuProfile.named("TPU-v5")).hasMessageContaining("known");
  }
}
