package io.switchboard.operator.expertpool;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.operator.PolicyFiles;
import io.switchboard.templates.ExpertWorkload;
import io.switchboard.templates.Parallelism;
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

  /**
   * An expert that asks for several GPUs and declares no parallelism is sharded over all of them,
   * so every spec the CRD admits renders (before, it was accepted and then refused as a mismatch).
   */
  @Test
  void gpusWithoutAParallelismBlockAreTensorParallel() {
    ExpertPool pool =
        Serialization.unmarshal(
            """
            apiVersion: switchboard.io/v1alpha1
            kind: ExpertPool
            metadata: {name: tp, namespace: ml}
            spec:
              experts:
                - name: big
                  runtime: vllm
                  model: meta-llama/Llama-3.1-70B-Instruct
                  gpu: {count: 4}
                  pricing: {inputPerMillionTokens: 0.5, outputPerMillionTokens: 0.5}
            """,
            ExpertPool.class);
    var expert = pool.getSpec().experts().get(0);
    assertThat(ExpertWorkloads.workload(pool, expert, null).parallelism())
        .isEqualTo(Parallelism.tensor(4));
    var rendered = (RenderedExpert.SelfHosted) new ExpertWorkloads().render(pool, expert, null);
    var container = rendered.deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(String.join(" ", container.getArgs())).contains("--tensor-parallel-size 4");
  }

  /**
   * Once the SLO autoscaler acts on a live Deployment the operator applies no replicas (they are
   * the scale subresource's), unless its own apply still owns the field; a new Deployment starts at
   * the minimum; without autoscaling the range is applied.
   */
  @Test
  void anAutoscaledDeploymentLeavesItsReplicasToTheScaleSubresource() {
    ExpertPool pool = PolicyFiles.read("pools/vllm-moe-pool.yaml", ExpertPool.class);
    var llama = pool.getSpec().experts().get(0); // autoscaled, 1..6 replicas
    assertThat(ExpertWorkloads.appliedReplicas(llama, true, null, false)).isEqualTo(1);
    assertThat(ExpertWorkloads.appliedReplicas(llama, true, 4, false)).isNull();
    assertThat(ExpertWorkloads.appliedReplicas(llama, true, 4, true)).isEqualTo(4);
    assertThat(ExpertWorkloads.appliedReplicas(llama, false, 9, false)).isEqualTo(6);
    var rendered = (RenderedExpert.SelfHosted) new ExpertWorkloads().render(pool, llama, null);
    assertThat(rendered.deployment().getSpec().getReplicas()).isNull();
    var kept = (RenderedExpert.SelfHosted) new ExpertWorkloads().render(pool, llama, 4);
    assertThat(kept.deployment().getSpec().getReplicas()).isEqualTo(4);
  }

  /**
   * The managed fields tell whether the operator's apply still owns {@code spec.replicas}: after a
   * scale write changed them, the scaler's entry (subresource {@code scale}) owns them instead.
   */
  @Test
  void theOperatorsApplyOwnsReplicasUntilAScaleWriteTakesThem() {
    String created =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: x
          managedFields:
          - manager: expertpool
            operation: Apply
            fieldsType: FieldsV1
            fieldsV1: {"f:spec": {"f:replicas": {}, "f:template": {}}}
        """;
    String scaled =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: x
          managedFields:
          - manager: expertpool
            operation: Apply
            fieldsType: FieldsV1
            fieldsV1: {"f:spec": {"f:template": {}}}
          - manager: expertpool
            operation: Update
            subresource: scale
            fieldsType: FieldsV1
            fieldsV1: {"f:spec": {"f:replicas": {}}}
        """;
    assertThat(
            ExpertPoolReconciler.appliesReplicas(
                Serialization.unmarshal(created, Deployment.class), "expertpool"))
        .isTrue();
    assertThat(
            ExpertPoolReconciler.appliesReplicas(
                Serialization.unmarshal(created, Deployment.class), "someone-else"))
        .isFalse();
    assertThat(
            ExpertPoolReconciler.appliesReplicas(
                Serialization.unmarshal(scaled, Deployment.class), "expertpool"))
        .isFalse();
  }
}
