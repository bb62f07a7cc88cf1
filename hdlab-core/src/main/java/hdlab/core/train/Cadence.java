package hdlab.core.train;

import java.util.Arrays;

/**
 * When probes run: a sorted set of step indices in [0, total] (containing 0 and total, except {@link Exactly} and
 * {@link Multiples}, which hold just what they name). Precomputed once, so the hot loop only compares the step
 * counter with the next entry.
 */
public sealed interface Cadence {
  /** The probe steps for a run of {@code total} steps (sorted, distinct, first 0, last total). */
  long[] steps(long total);

  /** Every {@code every} steps: 0, every, 2·every, ..., and the last step. */
  record Linear(long every) implements Cadence {
    public Linear {
      if (every < 1) throw new IllegalArgumentException("probes.every must be >= 1 step, got " + every);
    }

    public long[] steps(long total) {
      long n = total / every + 2;
      long[] s = new long[(int) Math.min(n, Integer.MAX_VALUE - 8)];
      int m = 0;
      for (long k = 0; k <= total; k += every) s[m++] = k;
      if (s[m - 1] != total) s[m++] = total;
      return Arrays.copyOf(s, m);
    }
  }

  /**
   * Log-spaced: {@code points} steps geometrically spaced in [1, total] (rounded, duplicates dropped), plus step 0.
   * Suits risk curves plotted on log-log axes.
   */
  record Log(int points) implements Cadence {
    public Log {
      if (points < 2) throw new IllegalArgumentException("probes.points must be >= 2, got " + points);
    }

    public long[] steps(long total) {
      long[] s = new long[points + 1];
      int m = 0;
      s[m++] = 0;
      if (total == 0) return Arrays.copyOf(s, 1);
      double lt = Math.log(total);
      for (int i = 0; i < points; i++) {
        long k = Math.round(Math.exp(lt * i / (points - 1)));
        k = Math.max(1, Math.min(total, k));
        if (k > s[m - 1]) s[m++] = k;
      }
      if (s[m - 1] != total) s[m++] = total;
      return Arrays.copyOf(s, m);
    }
  }

  /** Exactly the given steps (plus 0 and total), e.g. the steps k = t·N of requested times t. */
  record At(long[] steps) implements Cadence {
    public At {
      steps = steps.clone();
      for (long k : steps) if (k < 0) throw new IllegalArgumentException("probe step must be >= 0, got " + k);
    }

    public long[] steps(long total) {
      long[] s = Arrays.copyOf(steps, steps.length + 2);
      s[steps.length] = 0;
      s[steps.length + 1] = total;
      s = Arrays.stream(s).filter(k -> k <= total).sorted().distinct().toArray();
      return s;
    }
  }

  /** Exactly the given steps that lie in [0, total], sorted, nothing added. */
  record Exactly(long[] steps) implements Cadence {
    public Exactly {
      steps = steps.clone();
      for (long k : steps) if (k < 0) throw new IllegalArgumentException("probe step must be >= 0, got " + k);
    }

    public long[] steps(long total) {
      return Arrays.stream(steps).filter(k -> k <= total).sorted().distinct().toArray();
    }
  }

  /** 0, every, 2·every, … up to total; the last step only when it is a multiple ("every k steps"). */
  record Multiples(long every) implements Cadence {
    public Multiples {
      if (every < 1) throw new IllegalArgumentException("probe every must be >= 1 step, got " + every);
    }

    public long[] steps(long total) {
      long[] s = new long[(int) Math.min(total / every + 1, Integer.MAX_VALUE - 8)];
      for (int i = 0; i < s.length; i++) s[i] = i * every;
      return s;
    }
  }
}
