"""Benchmark nnbook against its peers, measured in one run (`make bench`).

1. Time per training step (forward + backward + SGD update, lr 0.1) of the same MLP 784-256-10,
   batch 128, float32, same initial weights (copied with ``nnbook.torch_bridge.to_torch``), on
   random MNIST-shaped data: nnbook (numpy) against PyTorch on the CPU, with the same number of
   threads for numpy's BLAS (set with threadpoolctl) and for torch (``torch.set_num_threads``),
   once with every core and once with one thread. Median over ``--steps`` steps after a warm-up.
2. scikit-learn's MLPClassifier against nnbook's Trainer on the digits (X / 16, a fixed
   stratified 80/20 split): the same architecture 64-64-10 with ReLU, epochs, batch size,
   constant learning rate, momentum (not Nesterov) and L2 penalty; wall time and test accuracy.
   scikit-learn adds ``alpha · W / B`` to the gradient of a batch of B samples, which is
   nnbook's ``L2(alpha / B)``. The initial weights differ (each library's own scheme), so the
   accuracies agree only to about a percent.

    python benchmarks/bench_mlp.py [--steps 300] [--threads 2] [--epochs 30] [--quick] [--profile]
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
import warnings

import numpy as np
import sklearn
import torch
from threadpoolctl import threadpool_info, threadpool_limits     # a scikit-learn dependency

from nnbook.data import load_digits, train_val_test_split
from nnbook.layers import Linear, ReLU, Sequential
from nnbook.losses import SoftmaxCrossEntropy
from nnbook.optim import SGD
from nnbook.regularizers import L2
from nnbook.torch_bridge import to_torch
from nnbook.training import Trainer


def median_time(step, steps: int, warmup: int = 20) -> float:
    """Median seconds of ``step()`` over ``steps`` calls, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def mnist_mlp():
    """The nnbook MLP 784-256-10 (float32), its torch twin and a random MNIST-shaped batch."""
    rng = np.random.default_rng(0)
    X = rng.random((128, 784), dtype=np.float32)              # MNIST-shaped inputs, no download
    y = rng.integers(0, 10, 128)
    model = Sequential(Linear(784, 256, dtype=np.float32, rng=1), ReLU(),
                       Linear(256, 10, dtype=np.float32, rng=2))
    return model, to_torch(model), X, y


def bench_step(steps: int) -> tuple[float, float]:
    """Seconds per training step: (nnbook, torch)."""
    model, twin, X, y = mnist_mlp()
    loss_fn, optimizer = SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1)

    model.needs_input_grad = False                # X is data: no dx in the first layer, as torch

    def nnbook_step():
        model.zero_grad()
        loss_fn.forward(model.forward(X), y)
        model.backward(loss_fn.backward())
        optimizer.step()

    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    torch_opt = torch.optim.SGD(twin.parameters(), lr=0.1)

    def torch_step():
        torch_opt.zero_grad()
        torch.nn.functional.cross_entropy(twin(Xt), yt).backward()
        torch_opt.step()

    # Alternate the two in rounds so that both see the same machine state; keep each one's best round.
    ours, theirs = [], []
    for _ in range(3):
        ours.append(median_time(nnbook_step, max(steps // 3, 1)))
        theirs.append(median_time(torch_step, max(steps // 3, 1)))
    return min(ours), min(theirs)


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
    W1 = fc1.W.value
    parts = [("Linear 784→256 forward: x W + b", lambda: fc1.forward(X)),
             ("ReLU forward", lambda: relu.forward(h)),
             ("Linear 256→10 forward", lambda: fc2.forward(a)),
             ("SoftmaxCrossEntropy forward", lambda: loss_fn.forward(s, y)),
             ("SoftmaxCrossEntropy backward", lambda: loss_fn.backward()),
             ("Linear 256→10 backward", lambda: fc2.backward(ds)),
             ("ReLU backward", lambda: relu.backward(da)),
             ("Linear 784→256 backward (dW and db; dx skipped)", lambda: fc1.backward(dh)),
             ("  of which dW = x^T dout", lambda: X.T @ dh),
             ("  the dx = dout W^T it skips", lambda: dh @ W1.T),
             ("zero_grad", lambda: model.zero_grad()),
             ("SGD step", lambda: optimizer.step())]
    return [(name, median_time(f, steps)) for name, f in parts]


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


def blas() -> str:
    """numpy's BLAS library and its thread count, as threadpoolctl sees it."""
    infos = [i for i in threadpool_info() if i["user_api"] == "blas"]
    mine = [i for i in infos if "numpy" in i["filepath"]] or infos
    described = [f"{i['internal_api']} {i.get('version') or ''}, {i['num_threads']} threads" for i in mine]
    return ", ".join(described) or "none found by threadpoolctl"


def print_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for k, row in enumerate(rows):
        cells = [cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        print("  ".join(cells))
        if k == 0:
            print("  ".join("-" * w for w in widths))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300, help="timed steps per framework (default 300)")
    parser.add_argument("--threads", type=int, default=os.cpu_count(),
                        help="threads for numpy's BLAS and torch (default: every CPU)")
    parser.add_argument("--epochs", type=int, default=30, help="epochs on the digits (default 30)")
    parser.add_argument("--quick", action="store_true", help="30 steps and 3 epochs (a smoke run)")
    parser.add_argument("--profile", action="store_true",
                        help="also time each part of nnbook's step (1 thread)")
    args = parser.parse_args()
    for name in ("steps", "threads", "epochs"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be ≥ 1, got {getattr(args, name)}")
    steps, epochs = (30, 3) if args.quick else (args.steps, args.epochs)

    torch.set_num_threads(args.threads)
    with threadpool_limits(limits=args.threads, user_api="blas"):
        used = f"numpy BLAS: {blas()}; torch: {torch.get_num_threads()} threads"
        ours, theirs = bench_step(steps)
        with threadpool_limits(limits=1, user_api="blas"):
            torch.set_num_threads(1)
            one = bench_step(steps)
            parts = profile_step(steps) if args.profile else []
            torch.set_num_threads(args.threads)
        fits = bench_sklearn(epochs)

    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; "
          f"Python {platform.python_version()}, numpy {np.__version__}, torch {torch.__version__}, "
          f"scikit-learn {sklearn.__version__}")
    print(f"# {used}; {steps} timed steps, best of 3 alternating rounds of medians")
    step = "train step 784-256-10, batch 128, float32"
    digits = f"digits 64-64-10, {epochs} epochs, batch 32"
    print_table([
        ("benchmark", "nnbook", "peer", "nnbook / peer"),
        (f"{step}, {args.threads} threads (peer: torch)",
         f"{ours * 1e3:.3f} ms", f"{theirs * 1e3:.3f} ms", f"{ours / theirs:.2f}x"),
        (f"{step}, 1 thread (peer: torch)",
         f"{one[0] * 1e3:.3f} ms", f"{one[1] * 1e3:.3f} ms", f"{one[0] / one[1]:.2f}x"),
        (f"{digits}: wall time (peer: sklearn MLPClassifier)",
         f"{fits['nnbook'][0]:.2f} s", f"{fits['scikit-learn'][0]:.2f} s",
         f"{fits['nnbook'][0] / fits['scikit-learn'][0]:.2f}x"),
        (f"{digits}: test accuracy (peer: sklearn MLPClassifier)",
         f"{fits['nnbook'][1]:.3f}", f"{fits['scikit-learn'][1]:.3f}", ""),
    ])
    if parts:
        print("\n# nnbook's step, part by part (1 thread, median)")
        print_table([("part", "time")] + [(name, f"{t * 1e3:.3f} ms") for name, t in parts])


if __name__ == "__main__":
    main()
