"""numpy peer of hdlab.bench.signclip.SignClipBench (not used by the build or the tests).

(1) risk ODEs with d = 10^4 modes to t = 100, the same exponential Heun scheme (dt = 0.01), vectorised over modes;
(2) streaming steps/second at d = 1000 for SGD, sign-SGD and clip-by-norm in a plain numpy loop.
Usage: python3 signclip_peer.py [ode_dim] [sim_dim] [sim_steps]
"""
import sys
import time

import numpy as np
from scipy.special import erf


def mode_ode(a, b, w, q0, coef, t_max, dt):
    q = q0.copy()
    r = float(w @ q)
    steps = int(round(t_max / dt))
    for k in range(steps):
        t = k * dt
        a0, b0 = coef(t, r)
        x = a0 * a * dt
        e = np.exp(-x)
        g = np.where(x > 1e-4, (1 - e) / np.maximum(x, 1e-300), 1 - x * (0.5 - x / 6))
        pred = q * e + b0 * b * dt * g
        a1, b1 = coef(t + dt, float(w @ pred))
        x = 0.5 * (a0 + a1) * a * dt
        e = np.exp(-x)
        g = np.where(x > 1e-4, (1 - e) / np.maximum(x, 1e-300), 1 - x * (0.5 - x / 6))
        q = q * e + 0.5 * (b0 + b1) * b * dt * g
        r = float(w @ q)
    return r, steps


def main():
    d = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    ds = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 20_000
    lam = np.arange(1, d + 1) ** -0.5
    tr = lam.sum()
    d0 = np.full(d, 1 / tr)
    sigma2 = 0.25
    print(f"# numpy risk ODE, d = {d} modes, t <= 100, dt = 0.01")
    print(f"{'ode':36s} {'seconds':>10s} {'R(t_max)':>12s}")
    eta = 4.0

    def sgd(t, r):
        return 2 * eta, eta * eta / (2 * d) * (2 * r + sigma2)

    def clip_gauss(t, r, kappa=0.5):
        rho2 = 2 * r + sigma2
        u = kappa / np.sqrt(rho2)
        inside = erf(u / np.sqrt(2))
        nu = rho2 * (inside - 2 * u * np.exp(-u * u / 2) / np.sqrt(2 * np.pi)) + kappa * kappa * (1 - inside)
        return 2 * eta * inside, eta * eta / (2 * d) * nu

    def sign_gauss(t, r, eta_s=2.0):
        phi = (2 / np.pi) / np.sqrt(2 * r + sigma2)
        return 2 * eta_s * phi, eta_s * eta_s / (2 * d)

    for name, a, b, w, q0, coef in [
        ("sgd", lam, lam, lam, d0, sgd),
        ("clipped kappa=0.5, gaussian", lam, lam, lam, d0, clip_gauss),
        ("sign-sgd, gaussian", np.sqrt(lam), lam, np.ones(d), lam * d0, sign_gauss),
    ]:
        t0 = time.perf_counter()
        r, _ = mode_ode(a, b, w, q0, coef, 100.0, 0.01)
        print(f"{name:36s} {time.perf_counter() - t0:10.3f} {r:12.6g}")

    print(f"\n# numpy streaming loop, d = {ds}, B = 1, {steps} steps")
    print(f"{'optimizer':24s} {'steps/s':>12s}")
    rng = np.random.default_rng(1)
    sl = np.sqrt(np.arange(1, ds + 1) ** -0.5)
    trs = (np.arange(1, ds + 1) ** -0.5).sum()
    ts = np.full(ds, np.sqrt(2 / trs))
    c = 0.5 * np.sqrt(trs)
    for name in ["gaussian draws only", "sgd", "sign-sgd", "clip-by-norm"]:
        th = np.zeros(ds)
        lr = 1.0 / ds
        t0 = time.perf_counter()
        for _ in range(steps):
            z = rng.standard_normal(ds)
            if name == "gaussian draws only":
                continue
            x = sl * z
            y = x @ ts + 0.5 * rng.standard_normal()
            g = (x @ th - y) * x
            if name == "sign-sgd":
                g = np.sign(g)
            elif name == "clip-by-norm":
                n = np.linalg.norm(g)
                if n > c:
                    g *= c / n
            th -= lr * g
        print(f"{name:24s} {steps / (time.perf_counter() - t0):12.0f}")


if __name__ == "__main__":
    main()
