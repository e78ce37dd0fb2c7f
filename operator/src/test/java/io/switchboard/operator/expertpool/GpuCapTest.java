package io.switchboard.operator.expertpool;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.v1alpha1.expertpool.Expert;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.operator.PolicyFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuCapTest {
  private final ExpertPool pool = PolicyFiles.read("pools/vllm-moe-pool.yaml", ExpertPool.class);
  private final Expert llama = pool.getSpec().experts().get(0); // 1 GPU per replica
  private final Expert qwen = pool.getSpec().experts().get(1); // 4 GPUs per replica

  @Test
  void scaleUpsShareWhatTheCapLeavesOneReplicaAtATime() {
    var fitted =
        GpuCap.fit(List.of(new GpuCap.Want(llama, 1, 1, 4), new GpuCap.Want(qwen, 1, 1, 2)), 8);
    // 5 GPUs in use; 3 left: llama +1 (6), qwen +1 does not fit (10), llama +1 (7), llama +1 (8).
    assertThat(fitted).containsEntry("llama-8b", 4).containsEntry("qwen-moe", 1);
  }

  @Test
  void neverScalesDownToMeetTheCapAndKeepsTheMinimum() {
    var fitted =
        GpuCap.fit(List.of(new GpuCap.Want(llama, 3, 2, 5), new GpuCap.Want(qwen, 2, 1, 2)), 4);
    assertThat(fitted).containsEntry("llama-8b", 3).containsEntry("qwen-moe", 2);
    assertThat(GpuCap.fit(List.of(new GpuCap.Want(llama, 1, 2, 1)), 0))
        .containsEntry("llama-8b", 2);
  }
}
