package io.switchboard.router.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.router.config.InvalidRouterConfigException;
import io.switchboard.router.config.RouterConfig;
import io.switchboard.router.config.RouterConfigCodec;
import io.switchboard.router.core.engine.BuiltInStrategies;
import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.Embedder;
import io.switchboard.router.core.spi.Endpoint;
import io.switchboard.router.core.spi.EscalationPlan;
import io.switchboard.router.core.spi.ExpertClient;
import io.switchboard.router.core.spi.ExpertReply;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.RequestFeatures;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.spi.StaticExpertState;
import io.switchboard.router.core.spi.StrategyContext;
import io.switchboard.router.core.spi.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Replays recorded prompts through a strategy built the way the router builds it: a router config
 * (JSON, parsed by the router's codec) through the built-in strategy catalog, with the recorded
 * outcomes standing in for the experts. A cascade's escalation plan is carried out like the data
 * plane does (call, check, escalate until accepted or out of stages; the last stage is served
 * unchecked), every call counted in the cost. The recorded sets have no latencies, so {@code
 * maxAddedLatencyMs} never ends a cascade early here.
 */
final class StrategyReplay {

  /**
   * The experts called for one prompt, in order, the one whose answer was served, and what judge
   * calls cost.
   */
  record Outcome(List<String> called, String served, double extraCostUsd) {}

  /**
   * A judge's grade for a stage answer, from the recorded outcome of that expert on that prompt.
   */
  interface RecordedJudge {
    /** The judge's reply text (a lone score 1–10, as {@code AnswerGrader} expects). */
    String grade(EvalPrompt prompt, String expert);

    /** What one judge call costs on {@code prompt}. */
    double callCostUsd(EvalPrompt prompt);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Workbench bench;
  private final Embedder embedder;
  private final Path workDir;
  private EvalPrompt current;
  private String
      answering; // the stage being checked: the replay is sequential, so one field suffices
  private double judgeCostUsd;

  /**
   * @param embedder the encoder the recorded embeddings came from (a capability policy embeds its
   *     prototypes)
   * @param workDir where model files a policy references are written
   */
  StrategyReplay(Workbench bench, Embedder embedder, Path workDir) {
    this.bench = bench;
    this.embedder = embedder;
    this.workDir = workDir;
  }

  /**
   * Builds the strategy of {@code policy} (the router config's {@code policy} object) over {@code
   * experts}, each with the given capability vector (reasoning, knowledge, creativity, speed, cost)
   * when one is given.
   *
   * @param judge answers judge calls from the recorded outcomes; null when the policy calls no
   *     judge
   */
  /**
   * A built strategy and its candidates: the experts of its config, as the data plane would pass
   * them.
   */
  record Built(RoutingStrategy strategy, List<ExpertState> candidates) implements AutoCloseable {
    @Override
    public void close() {
      strategy.close();
    }
  }

  Built build(
      ObjectNode policy,
      List<String> experts,
      Map<String, double[]> capabilities,
      RecordedJudge judge) {
    ObjectNode root = JSON.createObjectNode();
    root.put("apiVersion", "switchboard.io/router-config/v1");
    root.set("policy", policy);
    ArrayNode list = root.putArray("experts");
    for (int i = 0; i < experts.size(); i++) {
      String name = experts.get(i);
      ObjectNode e =
          list.addObject()
              .put("name", name)
              .put("model", name)
              .put("endpoint", "http://127.0.0.1:" + (9000 + i));
      double[] c = capabilities.get(name);
      if (c != null) {
        e.putObject("capabilities")
            .put("reasoning", c[0])
            .put("knowledge", c[1])
            .put("creativity", c[2])
            .put("speed", c[3])
            .put("cost", c[4]);
      }
    }
    RouterConfig config;
    try {
      config = new RouterConfigCodec().parse(JSON.writeValueAsBytes(root));
    } catch (InvalidRouterConfigException | IOException e) {
      throw new IllegalArgumentException("replay config refused: " + e.getMessage(), e);
    }
    StrategyContext context =
        new StrategyContext(
            config,
            judgeClient(judge),
            embedder,
            Clock.systemUTC(),
            new SplittableRandom(1),
            workDir,
            BuiltInStrategies.catalog());
    return new Built(
        BuiltInStrategies.catalog().create(config.policy().mode(), context),
        config.experts().stream().map(e -> (ExpertState) StaticExpertState.idle(e)).toList());
  }

  /**
   * Routes {@code prompt} and, for a cascade, carries out the escalation plan on the recorded
   * outcomes.
   */
  Outcome run(Built built, EvalPrompt prompt) {
    current = prompt;
    judgeCostUsd = 0;
    RoutingRequest request = request(prompt);
    Decision decision =
        built
            .strategy()
            .route(request, Candidates.of(built.candidates()))
            .toCompletableFuture()
            .join();
    List<String> called = new ArrayList<>(List.of(decision.expert()));
    EscalationPlan plan = decision.escalation();
    if (plan == null) {
      return new Outcome(called, decision.expert(), 0);
    }
    List<String> chain = new ArrayList<>(called);
    chain.addAll(plan.escalateTo());
    for (int stage = 0; ; stage++) {
      String expert = chain.get(stage);
      if (stage + 1 >= chain.size()) {
        return new Outcome(
            called,
            expert,
            judgeCostUsd); // the last stage is served without a check, as in the data plane
      }
      answering = expert;
      ExpertReply reply =
          new ExpertReply(
              expert, "recorded answer of expert " + expert, new double[0], "stop", 0, 0, true, 0);
      Verdict verdict = plan.check().evaluate(request, reply, stage).toCompletableFuture().join();
      if (verdict.accept()) {
        return new Outcome(called, expert, judgeCostUsd);
      }
      called.add(chain.get(stage + 1));
    }
  }

  private RoutingRequest request(EvalPrompt prompt) {
    QueryFeatures features = bench.features(prompt);
    RequestFeatures recorded =
        new RequestFeatures() {
          @Override
          public String promptText() {
            return prompt.routingText();
          }

          @Override
          public String lastUserText() {
            return prompt.routingText();
          }

          @Override
          public String messagesJson() {
            return "[]";
          }

          @Override
          public int estimatedPromptTokens() {
            return (int)
                Math.max(1, prompt.routingText().getBytes(StandardCharsets.UTF_8).length / 4);
          }

          @Override
          public CompletionStage<float[]> embedding() {
            return CompletableFuture.completedFuture(features.requireEmbedding());
          }
        };
    return new RoutingRequest(
        prompt.id(), "replay", "auto", Endpoint.CHAT_COMPLETIONS, false, -1, "replay", recorded);
  }

  private ExpertClient judgeClient(RecordedJudge judge) {
    return (expertName, messagesJson, maxTokens, timeout) -> {
      if (judge == null) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("no expert is called in an offline replay"));
      }
      judgeCostUsd += judge.callCostUsd(current);
      return CompletableFuture.completedFuture(
          new ExpertReply(
              expertName, judge.grade(current, answering), new double[0], "stop", 0, 1, true, 0));
    };
  }
}
