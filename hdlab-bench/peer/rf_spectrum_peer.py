#!/usr/bin/env python3
"""numpy peer of hdlab.bench.rf.RfSpectrumBench: exact random-feature covariance spectrum, end to end.

Same algorithm: W (v x d, N(0, 1/d)), rows scaled by sqrt(j^-alpha), S = W'^T W', K = (1/d) sum_m c_{p,m}
(s_i s_j)^m S^(p-2m) (reference/spectra.md sec. 1.1), eigvalsh. Different random numbers (numpy default_rng),
so compare times and slopes, not eigenvalues. Usage: rf_spectrum_peer.py [v d p reps]; set OPENBLAS_NUM_THREADS
(or OMP_NUM_THREADS) to 1 or 2 to match the Java run.
"""
import sys
import time
from math import factorial

import numpy as np


def main():
    v = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    d = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    p = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    reps = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    alpha = 1.5
    lam = np.arange(1, v + 1, dtype=float) ** -alpha
    c = [factorial(p) ** 2 / (4 ** m * factorial(m) ** 2 * factorial(p - 2 * m)) for m in range(p // 2 + 1)]
    print(f"# numpy {np.__version__} peer: v={v} d={d} p={p}")
    print(f"{'rep':>4} {'draw_s':>9} {'gram_s':>9} {'kernel_s':>9} {'eig_s':>9} {'total_s':>9} {'slope[4:64]':>12}")
    for rep in range(reps):
        t0 = time.perf_counter()
        w = np.random.default_rng(rep).standard_normal((v, d)) / np.sqrt(d)
        w *= np.sqrt(lam)[:, None]
        t1 = time.perf_counter()
        s = w.T @ w
        t2 = time.perf_counter()
        sd = np.diag(s).copy()
        t = np.outer(sd, sd)
        k = np.zeros_like(s)
        for m, cm in enumerate(c):
            k += cm * t ** m * s ** (p - 2 * m)
        k /= d
        t3 = time.perf_counter()
        ev = np.linalg.eigvalsh(k)[::-1]
        t4 = time.perf_counter()
        j = np.arange(4, 65)
        slope = np.polyfit(np.log(j), np.log(ev[3:64]), 1)[0]
        print(f"{rep if rep else 'warm':>4} {t1 - t0:9.3f} {t2 - t1:9.3f} {t3 - t2:9.3f} {t4 - t3:9.3f} {t4 - t0:9.3f} {slope:12.4f}")


if __name__ == "__main__":
    main()
