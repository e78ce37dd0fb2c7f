package io.switchboard.simulated.http;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.switchboard.simulated.TestDataset;
import java.util.Map;

/**
 * Boots the simulated expert on the small test dataset at a fast time scale: a 100-token answer of
 * the 70B model on H100 (4 GPUs, ≈ 16 ms per token) takes ≈ 1.6 simulated seconds = ≈ 80 ms of
 * wall-clock time.
 */
public class SimulatedExpertResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return Map.ofEntries(
        Map.entry("quarkus.http.test-port", "0"),
        Map.entry("sim.data-dir", TestDataset.write().toString()),
        Map.entry("sim.dataset", TestDataset.NAME),
        Map.entry("sim.model", TestDataset.BIG),
        Map.entry("sim.served-model-name", "big"),
        Map.entry("sim.gpu-type", "H100"),
        Map.entry("sim.time-scale", "0.05"),
        Map.entry("sim.max-concurrency", "4"),
        Map.entry("sim.expose-recorded-score", "true"),
        // As the llm mode's router: names map to the test dataset's models, always the best value.
        Map.entry("sim.pool-models", "small=" + TestDataset.SMALL + ",big=" + TestDataset.BIG),
        Map.entry("sim.router-accuracy", "1.0"));
  }

  @Override
  public void stop() {}
}
