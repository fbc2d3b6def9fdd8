"""Data: built-in datasets, splits, standardization, mini-batches, and downloads on demand.

Chapter: Multilayer perceptrons. Nothing here downloads unless a downloadable dataset
("mnist", "fashion-mnist", "cifar10") is asked for by name.
"""
from nnbook.data.batches import BatchLoader, iterate_minibatches
from nnbook.data.datasets import (NAMES, Split, Standardizer, load, load_digits, make_blobs, make_moons,
                                  make_spirals, train_val_test_split)
from nnbook.data.download import DownloadError, data_home, fetch, load_cifar10, load_mnist

__all__ = ["BatchLoader", "DownloadError", "NAMES", "Split", "Standardizer", "data_home", "fetch",
           "iterate_minibatches", "load", "load_cifar10", "load_digits", "load_mnist", "make_blobs",
           "make_moons", "make_spirals", "train_val_test_split"]
