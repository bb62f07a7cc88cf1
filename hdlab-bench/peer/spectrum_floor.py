#!/usr/bin/env python3
"""Eigenvalue floor of `hdlab spectrum` in numpy: for every 2-D F32/F64 tensor of a .safetensors file, eigvalsh of the
smaller Gram matrix (W^T W or W W^T) in float64 and a Hill alpha with the median as xmin (PL_Alpha_Hill).
Usage: spectrum_floor.py FILE. Prints one line per layer and `seconds WALL CPU`."""
import json
import struct
import sys
import time

import numpy as np


def tensors(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        base = 8 + n
    data = np.memmap(path, dtype=np.uint8, mode="r")
    for name, meta in header.items():
        if name == "__metadata__" or len(meta["shape"]) != 2 or meta["dtype"] not in ("F32", "F64"):
            continue
        lo, hi = meta["data_offsets"]
        dt = np.float32 if meta["dtype"] == "F32" else np.float64
        yield name, np.frombuffer(data[base + lo:base + hi], dtype=dt).reshape(meta["shape"])


def main(path):
    t0, c0 = time.perf_counter(), time.process_time()
    for name, w in tensors(path):
        w = w.astype(np.float64)
        g = w.T @ w if w.shape[0] >= w.shape[1] else w @ w.T
        ev = np.clip(np.linalg.eigvalsh(g), 0, None)
        ev = ev[ev > 1e-5]
        i = len(ev) // 2
        alpha = 1 + (len(ev) - i) / np.sum(np.log(ev[i:] / ev[i]))
        print(f"{name} {len(ev)} {alpha:.6f}")
    print(f"seconds {time.perf_counter() - t0:.3f} {time.process_time() - c0:.3f}")


if __name__ == "__main__":
    main(sys.argv[1])
