"""Writes the data of reference/features.md §4 (seed 0, init scale s = 1) for `hdlab features`:

X.npy (2000 x 30, float32), Y.npy (y = x_1 x_2), theta0.npy (the initial W (256 x 30) then a (256), hdlab's mlp layout
for widths [30, 256, 1] without biases) and theta10.npy (after 10 full-batch GD steps, lr 0.02, on (1/n) sum (f - y)^2).
Draw order as in the note: numpy default_rng(0) draws X, then W, then a.
"""
import numpy as np

d, n, h, s, lr = 30, 2000, 256, 1.0, 0.02
rng = np.random.default_rng(0)
X = rng.standard_normal((n, d))
W = s * rng.standard_normal((h, d)) / np.sqrt(d)
a = rng.standard_normal(h) / np.sqrt(h)
X = X.astype(np.float32).astype(np.float64)  # the file holds float32: use exactly what hdlab reads
y = X[:, 0] * X[:, 1]
np.save("X.npy", X.astype(np.float32))
np.save("Y.npy", y)
np.save("theta0.npy", np.concatenate([W.ravel(), a]))
for _ in range(10):
    H = X @ W.T
    A = np.maximum(H, 0)
    r = A @ a - y
    ga = 2 / n * A.T @ r
    gW = 2 / n * ((r[:, None] * (H > 0) * a).T @ X)
    W, a = W - lr * gW, a - lr * ga
np.save("theta10.npy", np.concatenate([W.ravel(), a]))
