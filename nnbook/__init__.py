"""nnbook: the reference package of the book "How neural networks learn".

Numpy from scratch, checked against PyTorch autograd. One module per concept, in the order
the book teaches them::

    from nnbook.layers import Linear, ReLU, Sequential
    from nnbook.losses import SoftmaxCrossEntropy
    from nnbook.gradcheck import check_layer, compare_with_torch
"""

__version__ = "0.1.0"

from nnbook import (data, gradcheck, init, layers, losses, metrics, optim, regularizers,  # noqa: E402,F401
                    schedules, training)
from nnbook import augment, checkpoint, gradflow, norm  # noqa: E402,F401
