#!/usr/bin/env python3
"""numpy peer of hdlab's streaming SGD step (least squares, diagonal covariance, batch 1).

Same work per step as hdlab: d Gaussian draws, x = sqrt(lambda) * z, y = <x, theta*> + sigma * eps,
r = <x, theta> - y, theta -= (eta/N) * r * x. Prints one line: "steps_per_second <wall> final_risk <value>
steps_per_cpu_second <process CPU time>" (the CPU rate is the per-core one on a shared machine).
"""
import argparse
import time

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--d", type=int, default=1000)
    ap.add_argument("--steps", type=int, default=20000)
    ap.add_argument("--eta", type=float, default=4.0)
    ap.add_argument("--sigma", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    d = a.d
    lam = np.arange(1, d + 1, dtype=np.float64) ** -0.5
    sq = np.sqrt(lam)
    theta_star = np.full(d, np.sqrt(2.0 / lam.sum()))
    theta = np.zeros(d)
    rng = np.random.default_rng(a.seed)
    lr = a.eta / d
    # warm-up, then the timed loop
    for _ in range(200):
        x = sq * rng.standard_normal(d)
    t0 = time.perf_counter()
    c0 = time.process_time()
    for _ in range(a.steps):
        x = sq * rng.standard_normal(d)
        y = x @ theta_star + a.sigma * rng.standard_normal()
        r = x @ theta - y
        theta -= (lr * r) * x
    dt = time.perf_counter() - t0
    dc = time.process_time() - c0
    diff = theta - theta_star
    print(f"steps_per_second {a.steps / dt:.1f} final_risk {0.5 * np.dot(lam * diff, diff):.6g} "
          f"steps_per_cpu_second {a.steps / dc:.1f}")


if __name__ == "__main__":
    main()
