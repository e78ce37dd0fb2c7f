package io.switchboard.router.core.features;

/** Small vector helpers shared by the encoders. */
final class Vectors {
  private Vectors() {}

  /** Scales {@code v} in place to unit L2 norm (a zero vector stays zero) and returns it. */
  static float[] normalised(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    float inverse = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inverse;
    }
    return v;
  }
}
