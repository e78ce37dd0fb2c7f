package io.switchboard.e2e.run;

import io.switchboard.dataset.RecordedPrompt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Sends the workload's prompts through the router with fixed concurrency and a time bound per mode.
 */
public final class Replay {

  /** One prompt and what the router answered. */
  public record Sample(RecordedPrompt prompt, RouterClient.Reply reply) {}

  private final int concurrency;
  private final Duration budget;
  private final java.util.function.Consumer<Sample> afterReply;

  /**
   * @param afterReply runs after each reply on the sending thread (e.g. posting user feedback)
   */
  public Replay(int concurrency, Duration budget, java.util.function.Consumer<Sample> afterReply) {
    this.concurrency = concurrency;
    this.budget = budget;
    this.afterReply = afterReply;
  }

  /**
   * Replays in order; prompts not started within the time budget are skipped (and counted by the
   * caller).
   */
  public List<Sample> run(RouterClient router, List<RecordedPrompt> prompts, String runId)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long deadline = System.nanoTime() + budget.toNanos();
    List<Future<Sample>> futures = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      RecordedPrompt prompt = prompts.get(i);
      String requestId = runId + "-" + i;
      futures.add(
          pool.submit(
              () -> {
                if (System.nanoTime() > deadline) {
                  return null;
                }
                Sample sample = new Sample(prompt, router.chat(prompt.text(), requestId, 0));
                afterReply.accept(sample);
                return sample;
              }));
    }
    pool.shutdown();
    pool.awaitTermination(budget.toSeconds() + 120, TimeUnit.SECONDS);
    List<Sample> samples = new ArrayList<>();
    for (Future<Sample> future : futures) {
      try {
        if (future.isDone() && future.get() != null) {
          samples.add(future.get());
        }
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("replay task failed", e.getCause());
      }
    }
    pool.shutdownNow();
    return samples;
  }
}
