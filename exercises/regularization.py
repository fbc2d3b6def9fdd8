# Generated from solutions/regularization.py by `make exercises`: fill in the stubs, then
# grade your work with `make grade CHAPTER=regularization`.
"""Exercises of the chapter "Regularization".

The package already has L2 and L1 penalties, weight decay in the optimizers, early stopping,
dropout and shift/flip/noise augmentation; these exercises ask for what lies beside them.
``GaussianNoiseLayer`` and ``DropConnect`` are layers (subclasses of ``nnbook.layers.Layer``:
``forward`` caches what ``backward`` needs, ``backward`` returns dx and *adds* into each
parameter's ``.grad``); the others are functions of arrays.

Randomness is explicit: a layer draws from its own ``self.rng`` (a ``numpy.random.Generator``
made from the ``rng`` argument), a function from the generator it is given, in exactly the
order its docstring says, so that a seed gives the same result as the reference.

Write vectorised numpy (no Python loops over samples), keep the dtype of the input (float32 in,
float32 out) and never modify an input array in place. Grade your work with
``make grade CHAPTER=regularization`` or one exercise with ``make grade EXERCISE=4.1``.

Shapes use fixed letters: N samples, D input features, M output features (units), C classes or
channels, H, W image height and width, K stochastic passes.
"""
from __future__ import annotations

import numpy as np

from nnbook.layers import Layer, Linear, softmax


# --- Exercise 4.1: Elastic-net penalty (2 points) -------------------------------------------------
# implement · ★☆☆ · about 20 minutes
# Task: Compute the elastic-net penalty of a weight matrix and its gradient.
# Taught in book/regularization/02_weight_decay.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 4.1`). Grade it with `make grade EXERCISE=4.1`.

def elastic_net(W: np.ndarray, lam: float, alpha: float = 0.5) -> tuple[float, np.ndarray]:
    r"""The elastic-net penalty of a weight matrix and its gradient (Zou & Hastie, 2005):

    .. math:: R(W) = \lambda\Big(\alpha \sum |w| + \frac{1 - \alpha}{2} \sum w^2\Big)

    α = 1 is nnbook's ``L1(λ)``, α = 0 its ``L2(λ)``; where a weight is exactly 0, |w| has no
    derivative: use the subgradient 0 there, as nnbook's ``L1`` does.

    Parameters: ``W`` an array of any shape; ``lam`` λ ≥ 0; ``alpha`` α in [0, 1] (default 0.5).
    Returns ``(penalty, dW)``: R(W) as a Python float and dW = ∇R, an array shaped and typed
    like W.
    Raises ValueError for λ < 0 or α outside [0, 1].
    """
    raise NotImplementedError("Exercise 4.1 (Elastic-net penalty): implement elastic_net")


# --- Exercise 4.2: Max-norm constraint (2 points) -------------------------------------------------
# implement · ★☆☆ · about 20 minutes
# Task: Apply the max-norm constraint: scale back every unit's incoming weights whose norm exceeds
# c.
# Taught in book/regularization/02_weight_decay.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 4.2`). Grade it with `make grade EXERCISE=4.2`.

def max_norm(W: np.ndarray, c: float) -> np.ndarray:
    r"""The max-norm constraint of the dropout paper (Srivastava et al., 2014, section 5.1).

    In nnbook a ``Linear`` layer's W has shape (D, M): column m holds the D incoming weights of
    unit m. Every column whose Euclidean norm exceeds ``c`` is scaled back to norm ``c``; the
    other columns are left exactly as they are:

    .. math:: w_{:,m} \leftarrow w_{:,m} \cdot \min\Big(1, \frac{c}{\lVert w_{:,m}\rVert_2}\Big)

    Applied after every optimizer step, it bounds each unit's weights without a penalty.

    Parameters: ``W`` (D, M); ``c`` > 0. Returns a new array (D, M) of W's dtype; W is not changed.
    Raises ValueError for c ≤ 0 or a W that is not 2-D.
    """
    raise NotImplementedError("Exercise 4.2 (Max-norm constraint): implement max_norm")


# --- Exercise 4.3: Label-smoothing cross-entropy (2 points) ---------------------------------------
# derive · ★★☆ · about 35 minutes
# Task: Write the softmax cross-entropy against label-smoothed targets, and derive its gradient with
# respect to the scores.
# Taught in book/regularization/03_early_stopping.ipynb; its hints are in the exercise's box there
# (or `nnbook hint 4.3`). Grade it with `make grade EXERCISE=4.3`.

def label_smoothing_cross_entropy(scores: np.ndarray, y: np.ndarray,
                                  eps: float = 0.1) -> tuple[float, np.ndarray]:
    r"""Softmax cross-entropy against smoothed targets (Szegedy et al., 2016), as
    ``torch.nn.CrossEntropyLoss(label_smoothing=eps)``:

    .. math:: t_{nj} = (1 - \varepsilon)\,[j = y_n] + \frac{\varepsilon}{C}, \qquad
              L = -\frac{1}{N}\sum_n \sum_j t_{nj} \log p_{nj}

    where :math:`p = \mathrm{softmax}(s)` row by row. The correct class gets
    :math:`1 - \varepsilon + \varepsilon/C`, every class (the correct one included) ε/C.
    Compute :math:`\log p` stably (scores of 1000 must give a finite loss).

    Parameters: ``scores`` (N, C); ``y`` (N,) integer labels in [0, C); ``eps`` ε in [0, 1)
    (default 0.1). Returns ``(loss, dscores)``: a Python float and an array (N, C) of the scores'
    dtype: dscores = ∂L/∂scores, which you derive. Raises ValueError for ε outside [0, 1).
    """
    raise NotImplementedError("Exercise 4.3 (Label-smoothing cross-entropy): implement label_smoothing_cross_entropy")


# --- Exercise 4.4: Gaussian-noise layer (2 points) ------------------------------------------------
# implement · ★☆☆ · about 15 minutes
# Task: Write a layer that adds Gaussian noise in training mode and is the identity in evaluation
# mode.
# Taught in book/regularization/05_augmentation.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 4.4`). Grade it with `make grade EXERCISE=4.4`.

class GaussianNoiseLayer(Layer):
    r"""Additive Gaussian noise, a regularizing layer (Keras' ``GaussianNoise``).

    Training mode: :math:`\mathrm{out} = x + \sigma\,\varepsilon` with
    ``ε = self.rng.standard_normal(x.shape)`` drawn once per forward (new noise each call),
    cast to x's dtype. Evaluation mode: out = x (a copy or x itself), nothing drawn.
    ``backward(dout)`` in either mode returns dx = ∂L/∂x, a new array shaped and typed like dout.

    Parameters: ``std`` σ ≥ 0 (ValueError otherwise), kept as ``self.std``; ``rng`` a seed or
    Generator, kept as ``self.rng = np.random.default_rng(rng)``.
    """

    def __init__(self, std: float, *, rng=None):
        super().__init__()
        raise NotImplementedError("Exercise 4.4 (Gaussian-noise layer): implement GaussianNoiseLayer.__init__")

    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError("Exercise 4.4 (Gaussian-noise layer): implement GaussianNoiseLayer.forward")

    def backward(self, dout: np.ndarray) -> np.ndarray:
        raise NotImplementedError("Exercise 4.4 (Gaussian-noise layer): implement GaussianNoiseLayer.backward")


# --- Exercise 4.5: Monte-Carlo dropout (2 points) -------------------------------------------------
# implement · ★★☆ · about 25 minutes
# Task: Compute the Monte-Carlo dropout prediction of a model: the mean and spread of K stochastic
# passes, leaving the model's mode as it was.
# Taught in book/regularization/04_dropout.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 4.5`). Grade it with `make grade EXERCISE=4.5`.

def mc_dropout_predict(model: Layer, X: np.ndarray, K: int) -> tuple[np.ndarray, np.ndarray]:
    r"""Monte-Carlo dropout (Gal & Ghahramani, 2016): the predictive mean and spread of K
    stochastic passes.

    Put the model in training mode (dropout on), compute ``model.forward(X)`` K times in a row,
    turn each output into probabilities with ``nnbook.layers.softmax`` and return their mean and
    their standard deviation over the K passes (``np.std``, dividing by K). Afterwards the model
    must be in the mode it was in before (``model.training``), also if it was in training mode.

    Parameters: ``model`` a Layer giving scores (N, C); ``X`` (N, D); ``K`` ≥ 1 (ValueError
    otherwise). Returns ``(mean, std)``, both (N, C).
    """
    raise NotImplementedError("Exercise 4.5 (Monte-Carlo dropout): implement mc_dropout_predict")


# --- Exercise 4.6: DropConnect (3 points) ---------------------------------------------------------
# derive · ★★★ · about 45 minutes
# Task: Write a linear layer that drops weights with a fresh mask at every training forward pass,
# and derive its backward pass through the masked weights.
# Taught in book/regularization/04_dropout.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 4.6`). Grade it with `make grade EXERCISE=4.6`.

class DropConnect(Linear):
    r"""A linear layer that drops *weights* instead of units (Wan et al., 2013).

    Training mode: a mask ``m = self.rng.random(self.W.value.shape) >= self.p`` is drawn once per
    forward and

    .. math:: \tilde W = \frac{W \odot m}{1 - p}, \qquad \mathrm{out} = x \tilde W + b

    Evaluation mode: out = x W + b (no mask, nothing drawn). ``backward(dout)``, dout (N, M),
    through the forward pass just made (its mask, or none in evaluation mode): returns
    dx = ∂L/∂x (N, D) and *adds* ∂L/∂W and ∂L/∂b into ``W.grad`` and ``b.grad``; deriving them
    through the mask is the exercise.

    Parameters: as :class:`nnbook.layers.Linear`, plus ``p`` in [0, 1) and ``rng`` (a seed or
    Generator): the initial weights are drawn from it, then the masks.
    Shape: x (N, D) -> out (N, M).
    """

    def __init__(self, in_features: int, out_features: int, p: float = 0.5, *, rng=None):
        generator = np.random.default_rng(rng)
        super().__init__(in_features, out_features, rng=generator)
        if not 0 <= p < 1:
            raise ValueError(f"DropConnect: p must be in [0, 1), got {p!r}")
        self.p = float(p)
        self.rng = generator

    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError("Exercise 4.6 (DropConnect): implement DropConnect.forward")

    def backward(self, dout: np.ndarray) -> np.ndarray:
        raise NotImplementedError("Exercise 4.6 (DropConnect): implement DropConnect.backward")


# --- Exercise 4.7: Cutout (2 points) --------------------------------------------------------------
# implement · ★★☆ · about 30 minutes
# Task: Write cutout augmentation: a random square of every image set to zero, clipped at the
# borders.
# Taught in book/regularization/05_augmentation.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 4.7`). Grade it with `make grade EXERCISE=4.7`.

def cutout(X: np.ndarray, size: int, *, rng: np.random.Generator) -> np.ndarray:
    r"""Cutout augmentation (DeVries & Taylor, 2017): a square of each image set to 0.

    For each image n, draw its centre with ``cy = rng.integers(0, H, N)`` and then
    ``cx = rng.integers(0, W, N)`` (these two calls, in this order). Rows
    ``cy - size // 2`` to ``cy - size // 2 + size - 1`` and the same columns around ``cx``,
    clipped to the image (a square at the border is cut off, never wrapped around), are set to
    0 in every channel.

    Parameters: ``X`` (N, C, H, W); ``size`` an integer ≥ 0 (0 changes nothing); ``rng`` a
    Generator. Returns a new array shaped and typed like X; X is not changed. Raises ValueError
    for X that is not 4-D or a negative size.
    """
    raise NotImplementedError("Exercise 4.7 (Cutout): implement cutout")


# --- Exercise 4.8: Inverted dropout, debugged (2 points) ------------------------------------------
# debug · ★☆☆ · about 15 minutes
# Task: The given dropout function drops the right entries and is the identity in evaluation, but a
# network trained with it sees activations of another size at test time. Find the bug and fix it.
# Taught in book/regularization/04_dropout.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 4.8`). Grade it with `make grade EXERCISE=4.8`.

def dropout(x: np.ndarray, p: float, *, train: bool, rng: np.random.Generator) -> np.ndarray:
    r"""Inverted dropout (Srivastava et al., 2014) as a function: the chapter's layer, unrolled.

    In training (``train=True``) each entry is kept independently with probability 1 − p: draw
    ``u = rng.random(x.shape)`` (one draw, in this order) and keep the entries where u ≥ p, so
    that

    .. math:: \mathrm{out} = \frac{x \odot m}{1 - p}, \qquad m_i = [u_i \ge p],
              \qquad \mathbb E[\mathrm{out}_i] = x_i .

    In evaluation (``train=False``) it draws nothing and returns a copy of x.

    Parameters: x of any shape, float; p in [0, 1) (a ValueError otherwise); rng a
    ``numpy.random.Generator``. Returns out, shaped and typed like x (a new array).

    The code below runs and drops the right entries, but a network trained with it and
    evaluated without it sees activations of another size: find the bug and fix it.
    """
    if not 0 <= p < 1:
        raise ValueError(f"dropout: p must be in [0, 1), got {p!r}")
    if not train:
        return np.array(x, copy=True)
    keep = rng.random(x.shape) >= p
    return (x * keep).astype(x.dtype, copy=False)


# --- Exercise 4.9: Predict: what dropout leaves (1 point) -----------------------------------------
# predict · ★★☆ · about 20 minutes
# Task: Before measuring: predict the fraction of zeros and the mean of Dropout(p = 0.25) applied in
# training mode to ReLU(z), z ~ N(0, 1).
# Taught in book/regularization/04_dropout.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 4.9`). Grade it with `make grade EXERCISE=4.9`.

def predict_dropout_statistics() -> tuple[float, float]:
    r"""Predict, before you measure: what inverted dropout does to ReLU activations.

    Pre-activations z are independent standard normal draws, z ~ N(0, 1); they go through a ReLU
    and then through ``Dropout(p=0.25)`` in training mode: out = dropout(max(z, 0)). Return
    ``(zero_fraction, mean)``, two Python floats: the expected fraction of entries of out that
    are exactly 0, and the expected value of an entry of out.
    """
    raise NotImplementedError("Exercise 4.9 (Predict: what dropout leaves): implement predict_dropout_statistics")
