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
    return Map.of(
        "quarkus.http.test-port", "0",
        "sim.data-dir", TestDataset.write().toString(),
        "sim.dataset", TestDataset.NAME,
        "sim.model", TestDataset.BIG,
        "sim.served-model-name", "big",
        "sim.gpu-type", "H100",
        "sim.time-scale", "0.05",
        "sim.max-concurrency", "4",
        "sim.expose-recorded-score", "true");
  }

  @Override
  public void stop() {}
}
