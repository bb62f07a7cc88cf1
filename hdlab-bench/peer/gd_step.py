#!/usr/bin/env python3
"""numpy peer of hdlab.bench.train.GdStepBench: one full-batch GD step on an MLP (tanh hidden layers, linear
outputs, biases everywhere, MSE L = (1/2n) sum ||f - y||^2), float64: forward, backward, update.

Reads x.npy (n x d0), y.npy (n x k), theta0.npy (hdlab's flat layout: per layer vec(W_l) row-major d_{l+1} x d_l,
then b_l) and widths.txt from DIR (written by the Java benchmark, so both start from the same point), times
`steps` single steps after `warmup`, prints
  "ms_per_step <median> ms_mean <mean> dgemm_gflops_1000 <rate> dgemm_gflops_first <rate> loss0 <loss> lossK <loss>"
where loss0/lossK are the full-batch losses before the first and after the last of `check` steps from theta0 (a
numerics check against Java). Usage: gd_step.py DIR [eta=0.05] [warmup=3] [steps=15] [check=5].
Set OPENBLAS_NUM_THREADS=1 (the Java launcher does) so numpy's BLAS runs on one thread as hdlab's does.
"""
import os
import sys
import time

import numpy as np


def unpack(theta, widths):
    ws, bs, off = [], [], 0
    for l in range(len(widths) - 1):
        o, i = widths[l + 1], widths[l]
        ws.append(theta[off:off + o * i].reshape(o, i))
        off += o * i
        bs.append(theta[off:off + o])
        off += o
    assert off == theta.size, (off, theta.size)
    return ws, bs


def step(x, y, ws, bs, eta):
    """One GD step in place on ws, bs; returns the loss at the weights before the step."""
    n = x.shape[0]
    depth = len(ws)
    acts = [x]
    a = x
    for l in range(depth):
        z = a @ ws[l].T
        z += bs[l]
        if l + 1 < depth:
            np.tanh(z, out=z)
        a = z
        acts.append(a)
    r = acts[-1] - y                     # f - y
    loss = 0.5 * np.vdot(r, r) / n
    delta = r
    delta *= 1.0 / n                     # D_L = (f - y) / n
    for l in range(depth - 1, -1, -1):
        gw = delta.T @ acts[l]
        gb = delta.sum(axis=0)
        if l > 0:
            back = delta @ ws[l]
            al = acts[l]
            back *= 1.0 - al * al        # tanh' = 1 - tanh^2
            delta = back
        ws[l] -= eta * gw                # update after W_l was used for the backward product
        bs[l] -= eta * gb
    return loss


def full_loss(x, y, ws, bs):
    a = x
    for l in range(len(ws)):
        a = a @ ws[l].T + bs[l]
        if l + 1 < len(ws):
            a = np.tanh(a)
    r = a - y
    return 0.5 * np.vdot(r, r) / x.shape[0]


def gemm_rate(m, k, n, reps=5):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((m, k))
    b = rng.standard_normal((n, k))
    c = np.empty((m, n))
    np.matmul(a, b.T, out=c)
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        np.matmul(a, b.T, out=c)
        ts.append(time.perf_counter() - t0)
    return 2.0 * m * k * n / np.median(ts) / 1e9


def main():
    d = sys.argv[1]
    eta = float(sys.argv[2]) if len(sys.argv) > 2 else 0.05
    warmup = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    steps = int(sys.argv[4]) if len(sys.argv) > 4 else 15
    check = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    x = np.load(os.path.join(d, "x.npy"))
    y = np.load(os.path.join(d, "y.npy"))
    theta0 = np.load(os.path.join(d, "theta0.npy"))
    widths = [int(v) for v in open(os.path.join(d, "widths.txt")).read().split()]
    # numerics check: `check` steps from theta0
    theta = theta0.copy()
    ws, bs = unpack(theta, widths)
    loss0 = None
    for k in range(check):
        lk = step(x, y, ws, bs, eta)
        if k == 0:
            loss0 = lk
    loss_k = full_loss(x, y, ws, bs)
    # timing
    theta = theta0.copy()
    ws, bs = unpack(theta, widths)
    for _ in range(warmup):
        step(x, y, ws, bs, eta)
    ts = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step(x, y, ws, bs, eta)
        ts.append(time.perf_counter() - t0)
    med = 1e3 * float(np.median(ts))
    mean = 1e3 * float(np.mean(ts))
    g1000 = gemm_rate(1000, 1000, 1000)
    gfirst = gemm_rate(x.shape[0], widths[0], widths[1])
    print(f"ms_per_step {med:.3f} ms_mean {mean:.3f} dgemm_gflops_1000 {g1000:.2f} dgemm_gflops_first {gfirst:.2f} "
          f"loss0 {loss0:.17g} lossK {loss_k:.17g} numpy {np.__version__}")


if __name__ == "__main__":
    main()
