"""Benchmark nnbook against its peers, measured in one run (`make bench`).

1. Time per training step (zero_grad, forward, loss, backward, SGD update, lr 0.1) of the same
   MLP 784-256-10, batch 128, float32, same initial weights (copied with
   ``nnbook.torch_bridge.to_torch``), on random MNIST-shaped data: nnbook (numpy) against PyTorch
   on the CPU, each with 1 thread and with every core (the same count for numpy's BLAS and for
   torch). The rules of :mod:`timing`: alternating rounds, the median over rounds of each round's
   median, torch also timed alone in a fresh process, fixed malloc thresholds.
2. scikit-learn's MLPClassifier against nnbook's Trainer on the digits (X / 16, a fixed
   stratified 80/20 split): the same architecture 64-64-10 with ReLU, epochs, batch size,
   constant learning rate, momentum (not Nesterov) and L2 penalty; wall time and test accuracy.
   scikit-learn adds ``alpha · W / B`` to the gradient of a batch of B samples, which is
   nnbook's ``L2(alpha / B)``. The initial weights differ (each library's own scheme), so the
   accuracies agree only to about a percent.

    python benchmarks/bench_mlp.py [--rounds 9] [--steps 60] [--threads 1 2] [--epochs 30] [--quick] [--profile]
"""
from __future__ import annotations

import argparse
import os
import platform
import time
import warnings

import numpy as np
import sklearn
import torch
from threadpoolctl import threadpool_limits                   # a scikit-learn dependency

from nnbook.data import load_digits, train_val_test_split
from nnbook.layers import Linear, ReLU, Sequential
from nnbook.losses import SoftmaxCrossEntropy
from nnbook.optim import SGD
from nnbook.regularizers import L2
from nnbook.torch_bridge import to_torch
from nnbook.training import Trainer
from timing import (alternate, blas, malloc, median_time, print_table, rounds_median, steady_malloc,
                    torch_alone)

WARMUP = 20                                                   # untimed steps before each round


def mnist_mlp():
    """The nnbook MLP 784-256-10 (float32), its torch twin and a random MNIST-shaped batch."""
    rng = np.random.default_rng(0)
    X = rng.random((128, 784), dtype=np.float32)              # MNIST-shaped inputs, no download
    y = rng.integers(0, 10, 128)
    model = Sequential(Linear(784, 256, dtype=np.float32, rng=1), ReLU(),
                       Linear(256, 10, dtype=np.float32, rng=2))
    return model, to_torch(model), X, y


def nnbook_step():
    """nnbook's training step, as the Trainer runs it."""
    model, _, X, y = mnist_mlp()
    loss_fn, optimizer = SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1)
    model.needs_input_grad = False                # X is data: no dx in the first layer, as torch

    def step():
        model.zero_grad()
        loss_fn.forward(model.forward(X), y)
        model.backward(loss_fn.backward())
        optimizer.step()
    return step


def torch_step():
    """The same step of the torch twin (same initial weights and data)."""
    _, twin, X, y = mnist_mlp()
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    optimizer = torch.optim.SGD(twin.parameters(), lr=0.1)

    def step():
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(twin(Xt), yt).backward()
        optimizer.step()
    return step


def torch_only(threads: int, rounds: int, steps: int) -> dict[str, float]:
    """Torch's step time, for :func:`timing.torch_alone` to call in a process that runs torch only."""
    torch.set_num_threads(threads)
    return {"train step": rounds_median(torch_step(), rounds, steps, WARMUP)}


def profile_step(steps: int) -> list[tuple[str, float]]:
    """Median seconds of each part of nnbook's training step, in the order they run."""
    model, _, X, y = mnist_mlp()
    model.needs_input_grad = False                # as in a training step: fc1 skips dx
    loss_fn, optimizer = SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1)
    fc1, relu, fc2 = model.layers
    h = fc1.forward(X)
    a = relu.forward(h)
    s = fc2.forward(a)
    loss_fn.forward(s, y)
    ds = loss_fn.backward()
    da = fc2.backward(ds)
    dh = relu.backward(da)
    W1, dW1 = fc1.W.value, fc1.W.grad

    def after_zero_grad(layer, dout):             # as in a step: the gradients were just cleared
        def run():
            layer.zero_grad()
            layer.backward(dout)
        return run

    parts = [("zero_grad (marks the gradients cleared)", lambda: model.zero_grad()),
             ("Linear 784→256 forward: x W + b", lambda: fc1.forward(X)),
             ("ReLU forward", lambda: relu.forward(h)),
             ("Linear 256→10 forward", lambda: fc2.forward(a)),
             ("SoftmaxCrossEntropy forward", lambda: loss_fn.forward(s, y)),
             ("SoftmaxCrossEntropy backward", lambda: loss_fn.backward()),
             ("Linear 256→10 backward", after_zero_grad(fc2, ds)),
             ("ReLU backward", lambda: relu.backward(da)),
             ("Linear 784→256 backward (dW and db; dx skipped)", after_zero_grad(fc1, dh)),
             ("  of which dW = x^T dout, into W.grad", lambda: np.matmul(X.T, dh, out=dW1)),
             ("  the dx = dout W^T it skips", lambda: dh @ W1.T),
             ("SGD step", lambda: optimizer.step())]
    return [(name, median_time(f, steps, WARMUP)) for name, f in parts]


def bench_sklearn(epochs: int) -> dict[str, tuple[float, float]]:
    """{name: (seconds, test accuracy)} for the same MLP 64-64-10 on the digits."""
    from sklearn.neural_network import MLPClassifier

    X, y = load_digits()                                       # X / 16, in [0, 1]
    split = train_val_test_split(X, y, val=0.0, test=0.2, rng=0)
    H, lr, momentum, batch, alpha = 64, 0.05, 0.9, 32, 1e-4

    start = time.perf_counter()
    clf = MLPClassifier(hidden_layer_sizes=(H,), activation="relu", solver="sgd",
                        learning_rate="constant", learning_rate_init=lr, momentum=momentum,
                        nesterovs_momentum=False, batch_size=batch, max_iter=epochs, alpha=alpha,
                        shuffle=True, random_state=0, tol=0.0, n_iter_no_change=epochs,
                        early_stopping=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")           # "did not converge": the epochs are fixed on purpose
        clf.fit(split.X_train, split.y_train)
    assert clf.n_iter_ == epochs, clf.n_iter_
    sk = (time.perf_counter() - start, clf.score(split.X_test, split.y_test))

    start = time.perf_counter()
    model = Sequential(Linear(64, H, rng=0), ReLU(), Linear(H, 10, rng=1))
    trainer = Trainer(model, SoftmaxCrossEntropy(), SGD(model.parameters(), lr=lr, momentum=momentum),
                      regularizer=L2(alpha / batch), rng=0)
    trainer.fit(split.X_train, split.y_train, epochs=epochs, batch_size=batch, progress=False)
    ours = (time.perf_counter() - start, trainer.evaluate(split.X_test, split.y_test)[1])
    return {"nnbook": ours, "scikit-learn": sk}


def main() -> None:
    steady_malloc()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="alternating rounds (default 9)")
    parser.add_argument("--steps", type=int, default=60, help="timed steps per round (default 60)")
    parser.add_argument("--threads", type=int, nargs="+", default=sorted({1, os.cpu_count() or 1}),
                        help="thread counts for numpy's BLAS and torch (default: 1 and every CPU)")
    parser.add_argument("--epochs", type=int, default=30, help="epochs on the digits (default 30)")
    parser.add_argument("--quick", action="store_true", help="2 rounds of 10 steps and 3 epochs (a smoke run)")
    parser.add_argument("--profile", action="store_true",
                        help="also time each part of nnbook's step (1 thread)")
    args = parser.parse_args()
    for name in ("rounds", "steps", "epochs"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be ≥ 1, got {getattr(args, name)}")
    if min(args.threads) < 1:
        parser.error("--threads must be ≥ 1")
    rounds, steps, epochs = (2, 10, 3) if args.quick else (args.rounds, args.steps, args.epochs)

    step = "train step 784-256-10, batch 128, float32"
    table = [("benchmark", "threads", "nnbook", "peer", "nnbook / peer", "torch alone",
              "nnbook / torch alone")]
    used = []
    for threads in args.threads:
        alone = torch_alone("bench_mlp", threads, rounds, steps)["train step"]
        with threadpool_limits(limits=threads, user_api="blas"):
            used.append(f"{threads}: numpy BLAS {blas()}")
        (_, ours, theirs), = alternate({"train step": (nnbook_step(), torch_step())}, threads,
                                       rounds, steps, WARMUP)
        table.append((f"{step} (peer: torch)", str(threads), f"{ours * 1e3:.3f} ms",
                      f"{theirs * 1e3:.3f} ms", f"{ours / theirs:.2f}x", f"{alone * 1e3:.3f} ms",
                      f"{ours / alone:.2f}x"))
    torch.set_num_threads(1)
    with threadpool_limits(limits=1, user_api="blas"):
        parts = profile_step(steps) if args.profile else []
    torch.set_num_threads(max(args.threads))
    with threadpool_limits(limits=max(args.threads), user_api="blas"):
        fits = bench_sklearn(epochs)
    digits = f"digits 64-64-10, {epochs} epochs, batch 32"
    threads = str(max(args.threads))
    table += [
        (f"{digits}: wall time (peer: sklearn MLPClassifier)", threads,
         f"{fits['nnbook'][0]:.2f} s", f"{fits['scikit-learn'][0]:.2f} s",
         f"{fits['nnbook'][0] / fits['scikit-learn'][0]:.2f}x", "", ""),
        (f"{digits}: test accuracy (peer: sklearn MLPClassifier)", threads,
         f"{fits['nnbook'][1]:.3f}", f"{fits['scikit-learn'][1]:.3f}", "", "", ""),
    ]

    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; "
          f"Python {platform.python_version()}, numpy {np.__version__}, torch {torch.__version__}, "
          f"scikit-learn {sklearn.__version__}")
    print(f"# threads {'; '.join(used)}; torch as many; median of {rounds} alternating rounds "
          f"of {steps}-step medians; {malloc()}")
    print_table(table)
    if parts:
        print("\n# nnbook's step, part by part (1 thread, median)")
        print_table([("part", "time")] + [(name, f"{t * 1e3:.3f} ms") for name, t in parts])


if __name__ == "__main__":
    main()
