#!/usr/bin/env python3
"""Benchmark peer: a numpy re-implementation of the Monte Carlo Euler Adam risk ODE of the public repository
nmarzz/adam (odes.py AdamODE, risks_and_discounts.py phi_from_B / cov_from_B), linear regression, diagonal K.

Its algorithm, as read there: state p_j, u_j, q_j (lam_j theta_j^2, lam_j theta_j theta*_j, lam_j theta*_j^2), B = sums;
at every explicit Euler step (dt) the drift factor phi = (1-b1) E[(z^2 f(Q) / S) Q B^+] over the current sample and a
window of 500 past independent samples (weights b1^i, second moment S = sqrt((1-b2)(sum_{i=1..500} b2^i f_i^2 z_i^2
+ f^2 z^2) + eps)), and the noise factor sigma = E[(sum_{l<100} (1-b1) b1^l f z / S_l)^2] with S_l built from a window
of 100 past samples (weights (1-b2) b2^l, the current gradient placed at lag l), each expectation a Monte Carlo mean
over n fresh samples of Q ~ N(0, B), z ~ N(0, 1); then p' = -2 eta sqrt(lam) (p phi1 + u phi2) + eta^2 lam sigma / d,
u' = -eta sqrt(lam) (phi1 u + phi2 q). f(Q) = q1 - q2 (no label noise in that code). R = (B11 - 2 B12 + B22)/2.

Usage: adam_peer.py D T DT SAMPLES B1 B2 ETA SEED  -> R(1,2,5,10,20) and the seconds taken.
"""
import sys
import time

import numpy as np


def sample_q(rng, b, shape):
    """Q ~ N(0, B) through the symmetric square root (B may be singular at theta0 = 0)."""
    w, v = np.linalg.eigh(b)
    root = v * np.sqrt(np.clip(w, 0, None))
    g = rng.standard_normal(shape + (2,))
    return g @ root.T


def phi_from_b(rng, b, b1, b2, eps, n, hist=500):
    binv = np.linalg.pinv(b, hermitian=True)
    q = sample_q(rng, b, (n,))
    z = rng.standard_normal(n)
    qh = sample_q(rng, b, (n, hist))
    zh = rng.standard_normal((n, hist))
    fq = q[:, 0] - q[:, 1]
    fh = qh[:, :, 0] - qh[:, :, 1]
    d1 = b1 ** np.arange(1, hist + 1)
    d2 = b2 ** np.arange(1, hist + 1)
    s = np.sqrt((1 - b2) * ((fh ** 2 * zh ** 2) @ d2 + z ** 2 * fq ** 2) + eps)
    cur = ((z ** 2 * fq / s)[:, None] * (q @ binv)).mean(axis=0)
    hw = (fh * zh ** 2 / s[:, None]) * d1[None, :]
    hav = np.einsum('ab,abc->c', hw, qh @ binv) / n
    return (1 - b1) * (cur + hav)


def cov_from_b(rng, b, b1, b2, eps, n, hist=100):
    q = sample_q(rng, b, (n,))
    z = rng.standard_normal(n)
    qh = sample_q(rng, b, (n, hist))
    zh = rng.standard_normal((n, hist))
    dec1 = b1 ** np.arange(hist) * (1 - b1)
    dec2 = b2 ** np.arange(hist) * (1 - b2)
    g = (q[:, 0] - q[:, 1]) * z
    g2h = ((qh[:, :, 0] - qh[:, :, 1]) * zh) ** 2
    base = g2h @ dec2
    update = np.zeros(n)
    for l in range(hist):
        s = np.sqrt(base - dec2[l] * g2h[:, l] + dec2[l] * g ** 2 + eps)
        update += dec1[l] * g / s
    return np.mean(update ** 2)


def main():
    d, t_end, dt, n = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    b1, b2, eta, seed = float(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8])
    eps = 1e-12
    lam = np.arange(1, d + 1) ** -0.5
    tstar = np.full(d, np.sqrt(2.0 / lam.sum()))   # flat theta*, R0 = 1
    p = np.zeros(d)
    u = np.zeros(d)
    qq = lam * tstar ** 2
    eig = np.sqrt(lam)
    rng = np.random.default_rng(seed)
    report = [1, 2, 5, 10, 20]
    out = {}
    start = time.perf_counter()
    steps = int(round(t_end / dt))
    for k in range(steps + 1):
        t = k * dt
        b = np.array([[p.sum(), u.sum()], [u.sum(), qq.sum()]])
        for r in report:
            if abs(t - r) < dt / 2:
                out[r] = 0.5 * (b[0, 0] - 2 * b[0, 1] + b[1, 1])
        if k == steps:
            break
        phi = phi_from_b(rng, b, b1, b2, eps, n)
        sig = cov_from_b(rng, b, b1, b2, eps, n)
        dp = -2 * eta * eig * (p * phi[0] + u * phi[1]) + eta ** 2 * lam * sig / d
        du = -eta * eig * (phi[0] * u + phi[1] * qq)
        p += dt * dp
        u += dt * du
    secs = time.perf_counter() - start
    print("peer n=%d dt=%g steps=%d seconds=%.2f" % (n, dt, steps, secs))
    print("t " + " ".join(str(r) for r in report if r in out))
    print("R " + " ".join("%.6g" % out[r] for r in report if r in out))


if __name__ == "__main__":
    main()
