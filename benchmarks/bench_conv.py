"""Benchmark nnbook's convolution against PyTorch on the CPU (part of `make bench`).

1. conv2d forward + backward (dx, dW, db), float32, nnbook's im2col
   (:func:`nnbook.conv.conv2d_forward` / :func:`~nnbook.conv.conv2d_backward`) against
   ``torch.nn.functional.conv2d`` + autograd, for the two shapes of a small CIFAR-sized network:
   N=64, 3→32 channels, 32×32, 3×3, padding 1; and N=64, 32→64 channels, 16×16, 3×3, padding 1.
   Both libraries get the same thread count (numpy's BLAS through threadpoolctl, torch through
   ``torch.set_num_threads``). The two alternate in rounds so that both see the same load; the
   figure is the median over rounds of each round's median. Because two thread pools in one
   process can slow each other down, each library is also timed in a process of its own
   ("nnbook alone": torch never runs there; "torch alone": numpy does no BLAS work there), and
   the ratio of the two is the last column. Every process runs with fixed malloc thresholds
   (:func:`timing.steady_malloc`).
2. One training step (forward, loss, backward, SGD update) of the chapter's numpy CNN on
   digit canvases (batch 64, 1×20×20 images, float32) against the same network in torch.

    python benchmarks/bench_conv.py [--rounds 5] [--steps 15] [--threads 1 2] [--quick]
"""
from __future__ import annotations

import argparse
import os
import platform

import numpy as np

from timing import (alone, alternate, blas, malloc, print_table, rounds_median, steady_malloc,
                    torch_alone)

CONFIGS = {"3→32, 32×32": (64, 3, 32, 32), "32→64, 16×16": (64, 32, 64, 16)}   # N, C, F, H=W


def conv_data(N, C, F, H, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((N, C, H, H), dtype=np.float32)
    w = (rng.standard_normal((F, C, 3, 3), dtype=np.float32) * np.sqrt(2 / (9 * C))).astype(np.float32)
    b = np.zeros(F, np.float32)
    dout = rng.standard_normal((N, F, H, H), dtype=np.float32)
    return x, w, b, dout


def nnbook_conv_step(N, C, F, H):
    from nnbook.conv import conv2d_backward, conv2d_forward
    x, w, b, dout = conv_data(N, C, F, H)

    def step():
        _, cache = conv2d_forward(x, w, b, padding=1)
        conv2d_backward(dout, cache)                  # dx, dW and db
    return step


def torch_conv_step(N, C, F, H):
    import torch
    x, w, b, dout = conv_data(N, C, F, H)
    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    dt = torch.from_numpy(dout).clone()       # the gradient in torch's memory, as in its training

    def step():
        for t in (xt, wt, bt):
            t.grad = None
        torch.nn.functional.conv2d(xt, wt, bt, padding=1).backward(dt)   # dx, dW and db
    return step


def chapter_cnn(dtype=np.float32):
    """The chapter's numpy CNN for 1×20×20 digit canvases and a random batch of 64."""
    from nnbook.conv import Conv2d, Flatten, MaxPool2d
    from nnbook.layers import Linear, ReLU, Sequential
    model = Sequential(Conv2d(1, 8, 3, padding=1, dtype=dtype, rng=0), ReLU(), MaxPool2d(2),
                       Conv2d(8, 32, 3, padding=1, dtype=dtype, rng=1), ReLU(), MaxPool2d(2),
                       MaxPool2d(5), Flatten(), Linear(32, 10, dtype=dtype, rng=2))
    rng = np.random.default_rng(0)
    X = rng.random((64, 1, 20, 20), dtype=np.float32)
    y = rng.integers(0, 10, 64)
    return model, X, y


def nnbook_train_step():
    from nnbook.losses import SoftmaxCrossEntropy
    from nnbook.optim import SGD
    model, X, y = chapter_cnn()
    model.layers[0].needs_input_grad = False          # the input is data (as the Trainer sets it)
    loss_fn, opt = SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.05)

    def step():
        model.zero_grad()
        loss_fn.forward(model.forward(X), y)
        model.backward(loss_fn.backward())
        opt.step()
    return step


def torch_train_step():
    import torch
    from torch import nn
    model, X, y = chapter_cnn()
    twin = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(8, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.MaxPool2d(5), nn.Flatten(), nn.Linear(32, 10))
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    opt = torch.optim.SGD(twin.parameters(), lr=0.05)

    def step():
        opt.zero_grad()
        nn.functional.cross_entropy(twin(Xt), yt).backward()
        opt.step()
    return step


def torch_only(threads: int, rounds: int, steps: int) -> dict[str, float]:
    """Torch's times, for :func:`timing.torch_alone` to call in a process that runs torch only."""
    import torch
    torch.set_num_threads(threads)
    steps_by_name = {name: torch_conv_step(*shape) for name, shape in CONFIGS.items()}
    steps_by_name["train step"] = torch_train_step()
    return {name: rounds_median(f, rounds, steps) for name, f in steps_by_name.items()}


def nnbook_only(threads: int, rounds: int, steps: int) -> dict[str, float]:
    """nnbook's times, for :func:`timing.alone` to call in a process that never runs torch
    (two thread pools in one process can slow each other down)."""
    from threadpoolctl import threadpool_limits
    steps_by_name = {name: nnbook_conv_step(*shape) for name, shape in CONFIGS.items()}
    steps_by_name["train step"] = nnbook_train_step()
    with threadpool_limits(limits=threads, user_api="blas"):
        return {name: rounds_median(f, rounds, steps) for name, f in steps_by_name.items()}


def measure(threads: int, rounds: int, steps: int) -> list[tuple[str, float, float]]:
    """[(name, nnbook seconds, torch seconds)] with ``threads`` threads for both, alternating."""
    import torch
    torch.set_num_threads(threads)
    pairs = {name: (nnbook_conv_step(*shape), torch_conv_step(*shape)) for name, shape in CONFIGS.items()}
    pairs["train step"] = (nnbook_train_step(), torch_train_step())
    return alternate(pairs, threads, rounds, steps)


def main() -> None:
    steady_malloc()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds (default 5)")
    parser.add_argument("--steps", type=int, default=15, help="timed calls per round (default 15)")
    parser.add_argument("--threads", type=int, nargs="+", default=sorted({1, os.cpu_count() or 1}),
                        help="thread counts to measure (default: 1 and every CPU)")
    parser.add_argument("--quick", action="store_true", help="2 rounds of 3 calls (a smoke run)")
    args = parser.parse_args()
    for name in ("rounds", "steps"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be ≥ 1, got {getattr(args, name)}")
    if min(args.threads) < 1:
        parser.error("--threads must be ≥ 1")
    rounds, steps = (2, 3) if args.quick else (args.rounds, args.steps)

    import torch
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; "
          f"numpy {np.__version__} (BLAS {blas()}), torch {torch.__version__}; float32; "
          f"median of {rounds} alternating rounds of {steps}-call medians; {malloc()}"
          + (f"; OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']}"
             if "OPENBLAS_CORETYPE" in os.environ else ""))
    table = [("conv2d forward + backward (N=64, 3×3, pad 1)", "threads", "nnbook", "torch",
              "nnbook / torch", "nnbook alone", "torch alone", "alone / alone")]
    for threads in args.threads:
        torch_times = torch_alone("bench_conv", threads, rounds, steps)
        nnbook_times = alone("bench_conv", "nnbook_only", threads, rounds, steps)
        for name, ours, theirs in measure(threads, rounds, steps):
            label = name if name != "train step" else "chapter CNN train step (batch 64, 1×20×20)"
            table.append((label, str(threads), f"{ours * 1e3:.2f} ms", f"{theirs * 1e3:.2f} ms",
                          f"{ours / theirs:.2f}x", f"{nnbook_times[name] * 1e3:.2f} ms",
                          f"{torch_times[name] * 1e3:.2f} ms",
                          f"{nnbook_times[name] / torch_times[name]:.2f}x"))
    print_table(table)


if __name__ == "__main__":
    main()
