package io.switchboard.api.v1alpha1.expertpool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.switchboard.api.v1alpha1.common.Names;

/**
 * The simulated expert (a test double): which recorded outcomes it answers from, how fast, and how
 * good the signals it simulates are. The signal defaults reproduce published figures (see
 * gpu-expert-pods/README.md): token-probability confidence separates right from wrong answers with
 * an AUROC of about 0.75 (Kuhn et al. 2023, length-normalised likelihood on open QA), and a GPT-4
 * judge agrees with human graders about 85% of the time (Zheng et al. 2023, MT-Bench).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SimulationSpec(
    @Required
        @Size(min = 1, max = 128)
        @Pattern("^[A-Za-z0-9_.-]+$")
        @JsonPropertyDescription("Recorded dataset name, e.g. routerbench_subset.")
        String dataset,
    @Size(max = 128)
        @JsonPropertyDescription("GPU the latency model imitates, e.g. A100-80GB or H100-80GB.")
        String gpuType,
    @Min(0.1)
        @Max(2000)
        @JsonPropertyDescription(
            "Model size in billions of parameters for the latency model (active parameters for MoE).")
        Double parametersBillions,
    @Default("1.0")
        @Min(0.0001)
        @Max(100)
        @JsonPropertyDescription("Multiplier on simulated time; < 1 runs faster than real time.")
        Double timeScale,
    @Default("switchboard-recorded-data")
        @Size(max = 253)
        @Pattern(Names.DNS_SUBDOMAIN)
        @JsonPropertyDescription(
            "PersistentVolumeClaim holding the recorded datasets (the files of shared/data).")
        String dataPvc,
    @Default("0.75")
        @Min(value = 0.5, inclusive = false)
        @Max(1)
        @JsonPropertyDescription(
            "AUROC with which the simulated token-logprob confidence separates correct from wrong"
                + " recorded answers (0.5 = no signal, 1 = an oracle). Default 0.75, a published"
                + " figure for sequence-likelihood confidence.")
        Double confidenceAuroc,
    @Default("0.85")
        @Min(value = 0.5, inclusive = false)
        @Max(1)
        @JsonPropertyDescription(
            "Probability that the simulated judge's pass/fail verdict (grade >= 6 of 10) agrees with"
                + " the recorded grade; otherwise it gives the mirrored grade. Default 0.85, GPT-4's"
                + " agreement with human judges on MT-Bench.")
        Double judgeAgreement,
    @Default("0.8")
        @Min(0)
        @Max(1)
        @JsonPropertyDescription(
            "When this expert serves as the llm mode's router: probability that it names the"
                + " recorded best-value expert for the prompt (the cheapest reaching the best"
                + " recorded score), else a random other candidate.")
        Double routerAccuracy) {}
