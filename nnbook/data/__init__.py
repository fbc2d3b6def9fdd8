"""Data: built-in datasets, splits, standardization, mini-batches, and downloads on demand.

Chapter: Multilayer perceptrons. Nothing here downloads unless a downloadable dataset
("mnist", "fashion-mnist", "cifar10") is asked for by name.

Modules: :mod:`~nnbook.data.datasets` (built-in sets, :func:`load`, splits, :class:`Standardizer`),
:mod:`~nnbook.data.batches` (mini-batches), :mod:`~nnbook.data.download` (the verified cache),
:mod:`~nnbook.data.idx` (MNIST's file format), :mod:`~nnbook.data.cifar` (CIFAR-10's batches).
"""
from nnbook.data.batches import BatchLoader, iterate_minibatches
from nnbook.data.cifar import load_cifar10_batches, read_cifar_batch
from nnbook.data.datasets import (NAMES, Split, Standardizer, load, load_digits, make_blobs, make_moons,
                                  make_spirals, train_val_test_split)
from nnbook.data.download import DownloadError, data_home, fetch, load_cifar10, load_mnist
from nnbook.data.idx import read_idx

__all__ = ["BatchLoader", "DownloadError", "NAMES", "Split", "Standardizer", "data_home", "fetch",
           "iterate_minibatches", "load", "load_cifar10", "load_cifar10_batches", "load_digits", "load_mnist",
           "make_blobs", "make_moons", "make_spirals", "read_cifar_batch", "read_idx", "train_val_test_split"]
