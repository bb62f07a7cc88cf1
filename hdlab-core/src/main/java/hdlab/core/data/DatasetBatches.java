package hdlab.core.data;

import hdlab.core.linalg.Mat;
import hdlab.core.random.RandomStream;

/**
 * Batch sources over a fixed {@link Dataset}: the full batch, fresh mini-batches of B examples drawn uniformly
 * without replacement at every step, or shuffled epochs cut into consecutive mini-batches. The batch gradient is
 * the mean over the batch (the models' mean-loss convention). Mini-batch sources copy rows into buffers they own,
 * so a training loop allocates nothing.
 */
public final class DatasetBatches {
  private DatasetBatches() {}

  /** Every step sees all n examples (full-batch GD). */
  public static BatchSource full(Dataset data) {
    Batch all = new Batch(data.x(), data.y());
    return new BatchSource() {
      public Batch next() {
        return all;
      }

      public int batchSize() {
        return all.size();
      }
    };
  }

  /**
   * Each step draws B distinct examples uniformly at random (a partial Fisher–Yates shuffle of an index array, O(B)
   * per step), independently of earlier steps.
   */
  public static BatchSource uniform(Dataset data, int batch, RandomStream rng) {
    checkBatch(data, batch);
    return new Copying(data, batch) {
      final int[] idx = identity(data.size());

      @Override
      void fill() {
        int n = idx.length;
        for (int i = 0; i < batch; i++) {
          int j = i + rng.nextInt(n - i);
          int tmp = idx[i];
          idx[i] = idx[j];
          idx[j] = tmp;
          copyRow(idx[i], i);
        }
      }
    };
  }

  /**
   * Epochs: a fresh random permutation of the n examples, cut into ⌊n/B⌋ consecutive batches of B; the last n mod B
   * examples of a permutation are skipped (every batch has exactly B examples, as PyTorch's drop_last).
   */
  public static BatchSource epochs(Dataset data, int batch, RandomStream rng) {
    checkBatch(data, batch);
    return new Copying(data, batch) {
      final int[] perm = identity(data.size());
      int pos = perm.length;   // forces a shuffle on the first call

      @Override
      void fill() {
        if (pos + batch > perm.length) {
          for (int i = perm.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
          }
          pos = 0;
        }
        for (int i = 0; i < batch; i++) copyRow(perm[pos + i], i);
        pos += batch;
      }
    };
  }

  private static void checkBatch(Dataset data, int batch) {
    if (batch < 1 || batch > data.size()) {
      throw new IllegalArgumentException("optimizer.batch must be in [1, " + data.size() + "] (the data set size), got " + batch);
    }
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = i;
    return a;
  }

  /** A source whose batch buffers are filled row by row from the data set. */
  private abstract static class Copying implements BatchSource {
    final Dataset data;
    final Batch buffer;
    final int d;
    final int k;

    Copying(Dataset data, int b) {
      this.data = data;
      this.d = data.inputDim();
      this.k = data.outputDim();
      this.buffer = new Batch(new Mat(b, d), new Mat(b, k));
    }

    abstract void fill();

    void copyRow(int from, int to) {
      System.arraycopy(data.x().data(), from * d, buffer.x().data(), to * d, d);
      System.arraycopy(data.y().data(), from * k, buffer.y().data(), to * k, k);
    }

    public Batch next() {
      fill();
      return buffer;
    }

    public int batchSize() {
      return buffer.size();
    }
  }
}
