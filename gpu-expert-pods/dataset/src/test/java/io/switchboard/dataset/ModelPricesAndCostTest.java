package io.switchboard.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPricesAndCostTest {

  @TempDir Path dir;

  private ModelPrices prices() throws IOException {
    Path csv = dir.resolve("prices.csv");
    Files.writeString(
        csv,
        """
                datasets,dataset_model,litellm_key,litellm_provider,price_file,input_usd_per_mtok,output_usd_per_mtok,match_type,note
                a,gpt-4-1106-preview,gpt-4-1106-preview,openai,f.json,10.0,30.0,exact,
                a,claude-instant-v1,claude-instant-1,anthropic,f.json,1.63,5.51,exact-family,note
                a,claude-instant-v1,anthropic.claude-instant-v1,bedrock,f.json,0.8,2.4,alt-provider,Bedrock
                a,claude-v2 / claude-2,claude-2,anthropic,f.json,8.0,24.0,exact,
                b,"mistralai/Mistral-7B-v0.1 (+ Mistral-7B fine-tunes: MetaMath-Mistral-7B, zephyr-7b-beta)",k,deepinfra,f.json,0.13,0.13,proxy-size-class,x
                b,meta-llama/Meta-Llama-3-8B (+ dolphin-2.9-llama3-8b),k,deepinfra,f.json,0.08,0.08,proxy-size-class,
                """);
    return ModelPrices.load(csv);
  }

  @Test
  void matchesAliasesFamiliesAndShortNames() throws IOException {
    ModelPrices prices = prices();
    assertThat(prices.price("gpt-4-1106-preview"))
        .contains(new ModelPrice("gpt-4-1106-preview", 10.0, 30.0));
    assertThat(prices.price("claude-2")).map(ModelPrice::inputUsdPerMillion).contains(8.0);
    assertThat(prices.price("claude-v2")).map(ModelPrice::inputUsdPerMillion).contains(8.0);
    assertThat(prices.price("meta-math/MetaMath-Mistral-7B"))
        .map(ModelPrice::outputUsdPerMillion)
        .contains(0.13);
    assertThat(prices.price("HuggingFaceH4/zephyr-7b-beta")).isPresent();
    assertThat(prices.price("mistralai/Mistral-7B-v0.1")).isPresent();
    assertThat(prices.price("cognitivecomputations/dolphin-2.9-llama3-8b"))
        .map(ModelPrice::inputUsdPerMillion)
        .contains(0.08);
    assertThat(prices.price("martian")).isEmpty();
  }

  @Test
  void closerMatchTypeWinsOverAltProvider() throws IOException {
    assertThat(prices().price("claude-instant-v1"))
        .map(ModelPrice::inputUsdPerMillion)
        .contains(1.63);
  }

  @Test
  void recordedCostWins() throws IOException {
    CostEstimator costs = new CostEstimator(prices());
    RecordedPrompt prompt = new RecordedPrompt("d", "p", "c", "x".repeat(400), false, null, null);
    CostEstimate cost =
        costs
            .cost(prompt, new RecordedOutcome("p", "gpt-4-1106-preview", 1.0, 0.5, null, null, 4))
            .orElseThrow();
    assertThat(cost.usd()).isEqualTo(0.5);
    assertThat(cost.basis()).isEqualTo(CostEstimate.Basis.RECORDED);
  }

  @Test
  void estimatesTokensFromCharactersWhenMissing() throws IOException {
    CostEstimator costs = new CostEstimator(prices());
    RecordedPrompt prompt = new RecordedPrompt("d", "p", "c", "x".repeat(401), false, null, null);
    CostEstimate cost =
        costs
            .cost(
                prompt, new RecordedOutcome("p", "gpt-4-1106-preview", 1.0, null, null, null, 262))
            .orElseThrow();
    // 401 chars -> 101 tokens in, 262 chars -> 66 tokens out
    assertThat(cost.inputTokens()).isEqualTo(101);
    assertThat(cost.outputTokens()).isEqualTo(66);
    assertThat(cost.usd()).isCloseTo((101 * 10.0 + 66 * 30.0) / 1e6, within(1e-12));
    assertThat(cost.basis()).isEqualTo(CostEstimate.Basis.PRICED_ESTIMATED_TOKENS);
  }

  @Test
  void usesRecordedTokensAndFlagsInputOnly() throws IOException {
    CostEstimator costs = new CostEstimator(prices());
    RecordedPrompt prompt = new RecordedPrompt("d", "p", "c", "abcd", false, null, null);
    CostEstimate recorded =
        costs
            .cost(prompt, new RecordedOutcome("p", "claude-2", null, null, 1000, 2000, null))
            .orElseThrow();
    assertThat(recorded.usd()).isCloseTo(0.008 + 0.048, within(1e-12));
    assertThat(recorded.basis()).isEqualTo(CostEstimate.Basis.PRICED_RECORDED_TOKENS);

    CostEstimate inputOnly =
        costs
            .cost(prompt, new RecordedOutcome("p", "claude-2", null, null, null, null, null))
            .orElseThrow();
    assertThat(inputOnly.basis()).isEqualTo(CostEstimate.Basis.PRICED_INPUT_ONLY);
    assertThat(inputOnly.usd()).isCloseTo(8.0 / 1e6, within(1e-15));

    assertThat(costs.cost(prompt, new RecordedOutcome("p", "unify", 9.0, null, null, null, null)))
        .isEmpty();
  }
}
