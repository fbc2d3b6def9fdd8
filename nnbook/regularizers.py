r"""Penalties on the weights, added to the data loss: L2 (weight decay) and L1.

Chapter: Backpropagation (the L2 term in the two-layer network) and Regularization.

Only weight matrices are penalised, not biases: the parameters whose name ends in ``W``
(``"W"``, ``"0.W"``, ...). Usage in a training step::

    loss = data_loss + reg.penalty(model.parameters())
    model.backward(loss_fn.backward())
    reg.backward(model.parameters())      # adds the penalty's gradient to each W.grad
"""
from __future__ import annotations

import numpy as np

from nnbook import _validate as check

from nnbook.layers import Parameter


def weights(params: dict[str, Parameter]) -> dict[str, Parameter]:
    """The parameters a regularizer acts on: those named ``W`` or ``<prefix>.W``."""
    if not isinstance(params, dict) or not all(isinstance(p, Parameter) for p in params.values()):
        raise TypeError("regularizers: params must be the dict name -> Parameter that "
                        f"model.parameters() returns (regularizers take it), got {type(params).__name__}")
    return {name: p for name, p in params.items() if name.rsplit(".", 1)[-1] == "W"}


def _weight(W, where: str) -> np.ndarray:
    """A finite weight array (float ndarrays, the Trainer's case, pass without a copy)."""
    if type(W) is np.ndarray and W.dtype.kind == "f":
        return W
    return check.array(W, "W", where, kind="float", dtype=float, finite=True)


class Regularizer:
    def __init__(self, lam: float):
        self.lam = check.number(lam, "lam (the penalty's strength λ)", type(self).__name__, low=0)

    def penalty(self, params: dict[str, Parameter]) -> float:
        return float(sum(self._penalty(p.value) for p in weights(params).values()))

    def backward(self, params: dict[str, Parameter]) -> None:
        """Add the penalty's gradient to the ``grad`` of every weight matrix, in place."""
        for p in weights(params).values():
            p.grad += self.grad(p.value).astype(p.grad.dtype, copy=False)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lam={self.lam})"


class L2(Regularizer):
    r""":math:`R(W) = \frac{\lambda}{2}\lVert W\rVert_2^2`, :math:`\nabla R = \lambda W`.

    With the 1/2, the gradient step is PyTorch's ``weight_decay=λ`` exactly. (CS231n's
    assignments write :math:`\lambda\lVert W\rVert^2` with gradient :math:`2\lambda W`: the same
    penalty with λ doubled.)
    """

    def _penalty(self, W: np.ndarray) -> float:
        return 0.5 * self.lam * float(np.sum(W * W))

    def grad(self, W: np.ndarray) -> np.ndarray:
        return self.lam * _weight(W, "L2.grad")


class L1(Regularizer):
    r""":math:`R(W) = \lambda\lVert W\rVert_1`, :math:`\nabla R = \lambda\,\mathrm{sign}(W)`
    (the subgradient 0 at W = 0)."""

    def _penalty(self, W: np.ndarray) -> float:
        return self.lam * float(np.sum(np.abs(W)))

    def grad(self, W: np.ndarray) -> np.ndarray:
        return self.lam * np.sign(_weight(W, "L1.grad"))
