package io.switchboard.router.config;

/** Capability vector of an expert, each component in [0,1] (cost: 1 = cheapest). */
public record Capabilities(
    Double reasoning, Double knowledge, Double creativity, Double speed, Double cost) {
  public static final Capabilities NEUTRAL = new Capabilities(null, null, null, null, null);

  public Capabilities {
    reasoning = reasoning == null ? 0.5 : reasoning;
    knowledge = knowledge == null ? 0.5 : knowledge;
    creativity = creativity == null ? 0.5 : creativity;
    speed = speed == null ? 0.5 : speed;
    cost = cost == null ? 0.5 : cost;
  }

  /** Components in the fixed order reasoning, knowledge, creativity, speed, cost. */
  public double[] toArray() {
    return new double[] {reasoning, knowledge, creativity, speed, cost};
  }
}
