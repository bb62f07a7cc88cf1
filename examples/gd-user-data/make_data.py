"""Writes X.npy, Y.npy and theta0.npy for spec.yaml: a tanh teacher on Gaussian inputs, and a standard init.

theta layout (docs/training.md): W1 (64 x 20, row-major), b1 (64), W2 (4 x 64, row-major); no output bias.
"""
import numpy as np

rng = np.random.default_rng(0)
n, d, h, k = 400, 20, 64, 4
X = rng.standard_normal((n, d))
Wt = rng.standard_normal((d, 32)) / np.sqrt(d)
Vt = rng.standard_normal((32, k)) / np.sqrt(32)
Y = 2 * np.tanh(2 * X @ Wt) @ Vt
W1 = rng.standard_normal((h, d)) / np.sqrt(d)
b1 = np.zeros(h)
W2 = rng.standard_normal((k, h)) / np.sqrt(h)
theta0 = np.concatenate([W1.ravel(), b1, W2.ravel()])
np.save("X.npy", X)
np.save("Y.npy", Y.astype(np.float32))
np.save("theta0.npy", theta0)
print("wrote X.npy", X.shape, "Y.npy", Y.shape, "theta0.npy", theta0.shape)
