package hdlab.core.data;

import hdlab.core.linalg.Mat;

/**
 * A batch of n examples: inputs {@code x} (n×d, one example per row) and targets {@code y} (n×k).
 * Losses are means over the n examples (reference/curvature.md §1 convention).
 */
public record Batch(Mat x, Mat y) {
  public Batch {
    if (x.rows() != y.rows()) {
      throw new IllegalArgumentException("batch has " + x.rows() + " inputs but " + y.rows() + " targets");
    }
  }

  public int size() {
    return x.rows();
  }

  public int inputDim() {
    return x.cols();
  }

  public int outputDim() {
    return y.cols();
  }
}
