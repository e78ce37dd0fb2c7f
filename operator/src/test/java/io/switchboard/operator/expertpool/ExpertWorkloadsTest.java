package io.switchboard.operator.expertpool;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.operator.PolicyFiles;
import io.switchboard.templates.ExpertWorkload;
import io.switchboard.templates.RenderedExpert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every example pool maps onto the templates without errors. */
class ExpertWorkloadsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"pools/hybrid-pool.yaml", "pools/vllm-moe-pool.yaml", "quickstart/pool.yaml"})
  void examplePoolsRender(String file) {
    ExpertPool pool = PolicyFiles.read(file, ExpertPool.class);
    ExpertWorkloads workloads = new ExpertWorkloads();
    for (var expert : pool.getSpec().experts()) {
      RenderedExpert rendered = workloads.render(pool, expert, null);
      assertThat(rendered.baseUrl())
          .startsWith(expert.runtime().name().equals("EXTERNAL") ? "https://" : "http://");
    }
  }

  /**
   * A simulated expert learns the pool's name-to-model map (to answer router prompts) and gets the
   * signal quality only where the spec sets it.
   */
  @Test
  void simulatedExpertsGetThePoolsModelsAndTheirSignalQuality() {
    ExpertPool pool = PolicyFiles.read("quickstart/pool.yaml", ExpertPool.class);
    var first = pool.getSpec().experts().get(0);
    ExpertWorkload workload = ExpertWorkloads.workload(pool, first, null);
    assertThat(workload.simulated().poolModels())
        .containsEntry("mistral-7b", "mistralai/mistral-7b-chat")
        .containsEntry("gpt-4", "gpt-4-1106-preview")
        .hasSize(4);
    // The quickstart leaves the signals at their defaults (the API server would fill them in).
    assertThat(workload.simulated().confidenceAuroc()).isNull();
    assertThat(workload.simulated().poolModelsValue())
        .isEqualTo(
            "gpt-35=gpt-3.5-turbo-1106,gpt-4=gpt-4-1106-preview,"
                + "mistral-7b=mistralai/mistral-7b-chat,mixtral=mistralai/mixtral-8x7b-chat");
  }

  @Test
  void replicasStayWithinTheSpecBounds() {
    ExpertPool pool = PolicyFiles.read("pools/vllm-moe-pool.yaml", ExpertPool.class);
    var llama = pool.getSpec().experts().get(0); // replicas 1..6
    assertThat(ExpertWorkloads.replicas(llama, null)).isEqualTo(1);
    assertThat(ExpertWorkloads.replicas(llama, 4)).isEqualTo(4);
    assertThat(ExpertWorkloads.replicas(llama, 9)).isEqualTo(6);
    assertThat(ExpertWorkloads.replicas(llama, 0)).isEqualTo(1);
  }
}
