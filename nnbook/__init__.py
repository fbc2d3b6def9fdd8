"""nnbook: the reference package of the book "How neural networks learn".

Numpy from scratch, checked against PyTorch autograd. Import the submodules you need::

    from nnbook.layers import Linear, ReLU, Sequential
    from nnbook.losses import SoftmaxCrossEntropy
"""

__version__ = "0.1.0"
