# Generated from solutions/optimization.py by `make exercises`: fill in the stubs, then
# grade your work with `make grade CHAPTER=optimization`.
"""Exercises of the chapter "Optimization".

The package already has SGD (momentum, Nesterov), RMSProp, Adam, AdamW, Adagrad and the
learning-rate schedules; these exercises ask for what lies beside them. Each optimizer exercise is
one update written as a pure function: it takes the parameters ``theta``, their gradient ``grad``
and the optimizer's state, and returns the new parameters and the new state, leaving every input
array unchanged. Line search and Newton's method work on the 2-D test functions of
``nnbook.surfaces``, with ``theta`` the point (x, y) as an array of shape (2,).

Write vectorised numpy, keep the dtype of ``theta`` (float32 in, float32 out) and never modify an
input array in place. Grade your work with ``make grade CHAPTER=optimization`` or one exercise
with ``make grade EXERCISE=3.1``.

Shapes: ``theta``, ``grad`` and every state array have the same shape, any shape (P, for the
parameters); the points of the 2-D surfaces have shape (2,), Hessians (2, 2).
"""
from __future__ import annotations

from typing import Callable

import numpy as np


def _check_same_shape(name: str, theta: np.ndarray, **arrays: np.ndarray) -> None:
    for key, value in arrays.items():
        if np.shape(value) != np.shape(theta):
            raise ValueError(f"{name}: {key} must have the shape of theta {np.shape(theta)}, "
                             f"got {np.shape(value)}")


# --- Exercise 3.1: Momentum, the Technion form (2 points) -----------------------------------------
# implement · ★☆☆ · about 15 minutes
# Task: Write one step of momentum in the Technion (Sutskever) form as a pure function, and see why
# it follows the same trajectory as torch's SGD.
# Taught in book/optimization/02_momentum_adam.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 3.1`). Grade it with `make grade EXERCISE=3.1`.

def technion_momentum(theta: np.ndarray, grad: np.ndarray, v: np.ndarray, lr: float,
                      momentum: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
    r"""One step of momentum in the form of the Technion course (and of Sutskever et al., 2013):

    .. math:: v \leftarrow \mu v - \eta\, \nabla_\theta L, \qquad \theta \leftarrow \theta + v

    ``torch.optim.SGD`` keeps :math:`b \leftarrow \mu b + \nabla_\theta L`,
    :math:`\theta \leftarrow \theta - \eta b` instead; with a constant η the two give the same
    trajectory (the grader checks it; can you see why?).

    Parameters: ``theta``, ``grad``, ``v`` (P,) (any equal shapes; v starts at zeros); ``lr`` η > 0;
    ``momentum`` μ in [0, 1). Returns ``(theta_new, v_new)``, arrays of theta's shape and dtype.
    Raises ValueError for η ≤ 0, μ outside [0, 1) or arrays of different shapes.
    """
    raise NotImplementedError("Exercise 3.1 (Momentum, the Technion form): implement technion_momentum")


# --- Exercise 3.2: Adamax (2 points) --------------------------------------------------------------
# implement · ★★☆ · about 25 minutes
# Task: Write one step of Adamax, Adam with the infinity norm, as a pure function of the parameters,
# the gradient and the state.
# Taught in book/optimization/02_momentum_adam.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 3.2`). Grade it with `make grade EXERCISE=3.2`.

def adamax(theta: np.ndarray, grad: np.ndarray, m: np.ndarray, u: np.ndarray, t: int, lr: float = 0.002,
           betas: tuple[float, float] = (0.9, 0.999),
           eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""One step of Adamax (Kingma & Ba, 2015, section 7.1), Adam with the infinity norm, as
    ``torch.optim.Adamax`` computes it:

    .. math:: m \leftarrow \beta_1 m + (1 - \beta_1) g, \qquad
              u \leftarrow \max(\beta_2 u, |g| + \epsilon), \qquad
              \theta \leftarrow \theta - \frac{\eta}{1 - \beta_1^t}\, \frac{m}{u}

    (the max elementwise). Only m needs a bias correction: u is a maximum, not an average.

    Parameters: ``theta``, ``grad``, ``m``, ``u`` (P,) (m and u start at zeros); ``t`` the number
    of this step, 1 for the first; ``lr`` η > 0; ``betas`` (β1, β2), each in [0, 1); ``eps`` ε ≥ 0.
    Returns ``(theta_new, m_new, u_new)``, arrays of theta's shape and dtype.
    Raises ValueError for η ≤ 0, a β outside [0, 1), ε < 0, t < 1 or arrays of different shapes.
    """
    raise NotImplementedError("Exercise 3.2 (Adamax): implement adamax")


# --- Exercise 3.3: Lion (2 points) ----------------------------------------------------------------
# implement · ★☆☆ · about 20 minutes
# Task: Write one step of Lion as a pure function, as its paper states the update.
# Taught in book/optimization/02_momentum_adam.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 3.3`). Grade it with `make grade EXERCISE=3.3`.

def lion(theta: np.ndarray, grad: np.ndarray, m: np.ndarray, lr: float = 1e-4,
         betas: tuple[float, float] = (0.9, 0.99),
         weight_decay: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    r"""One step of Lion (Chen et al., 2023, "Symbolic discovery of optimization algorithms"):

    .. math:: c = \beta_1 m + (1 - \beta_1) g, \qquad
              \theta \leftarrow \theta - \eta\,\big(\mathrm{sign}(c) + \lambda \theta\big), \qquad
              m \leftarrow \beta_2 m + (1 - \beta_2) g

    The step interpolates with β1 but the momentum is kept with β2; every coordinate moves by
    exactly η (plus the decoupled weight decay λθ, as in AdamW), with sign(0) = 0.

    Parameters: ``theta``, ``grad``, ``m`` (P,) (m starts at zeros); ``lr`` η > 0; ``betas``
    (β1, β2), each in [0, 1); ``weight_decay`` λ ≥ 0. Returns ``(theta_new, m_new)``, arrays of
    theta's shape and dtype. Raises ValueError for η ≤ 0, a β outside [0, 1), λ < 0 or arrays of
    different shapes.
    """
    raise NotImplementedError("Exercise 3.3 (Lion): implement lion")


# --- Exercise 3.4: Backtracking (Armijo) line search (2 points) -----------------------------------
# implement · ★★☆ · about 30 minutes
# Task: Write one gradient-descent step whose learning rate is found by backtracking until the
# Armijo condition holds.
# Taught in book/optimization/01_gradient_descent.ipynb; its hints are in the exercise's box there
# (or `nnbook hint 3.4`). Grade it with `make grade EXERCISE=3.4`.

def armijo_step(f: Callable[[np.ndarray], float], grad: Callable[[np.ndarray], np.ndarray],
                theta: np.ndarray, lr0: float = 1.0, c: float = 1e-4, shrink: float = 0.5,
                max_trials: int = 50) -> tuple[np.ndarray, float]:
    r"""One gradient-descent step whose learning rate is found by backtracking (Armijo, 1966).

    Starting from η = ``lr0``, multiply η by ``shrink`` until the step decreases f enough:

    .. math:: f(\theta - \eta g) \le f(\theta) - c\, \eta\, \lVert g \rVert^2, \qquad g = \nabla f(\theta)

    and take that step. The first η tried that satisfies the condition is used (so the accepted η
    is ``lr0 * shrink**k`` with the smallest such k); if none of ``max_trials`` rates does, the
    last one tried is used. A zero gradient returns θ unchanged with η = ``lr0``.

    Parameters: ``f(theta) -> float`` and ``grad(theta) -> array (2,)``; ``theta`` (2,) (any
    shape works); ``lr0`` > 0; ``c`` in (0, 1); ``shrink`` in (0, 1); ``max_trials`` ≥ 1.
    Returns ``(theta_new, lr)``: an array of theta's shape and dtype, and the η used (a float).
    Raises ValueError for lr0 ≤ 0, c or shrink outside (0, 1), or max_trials < 1.
    """
    raise NotImplementedError("Exercise 3.4 (Backtracking (Armijo) line search): implement armijo_step")


# --- Exercise 3.5: Newton's method (2 points) -----------------------------------------------------
# derive · ★★☆ · about 35 minutes
# Task: Derive the Hessian of Rosenbrock's function and write it as a function; then write a damped
# Newton step that solves a linear system.
# Taught in book/optimization/01_gradient_descent.ipynb; its hints are in the exercise's box there
# (or `nnbook hint 3.5`). Grade it with `make grade EXERCISE=3.5`.

def rosenbrock_hessian(theta: np.ndarray, a: float = 1.0, b: float = 100.0) -> np.ndarray:
    r"""The Hessian of Rosenbrock's function :math:`f(x, y) = (a - x)^2 + b (y - x^2)^2`
    (``nnbook.surfaces.rosenbrock``) at θ = (x, y), which you derive:

    .. math:: H_{ij} = \frac{\partial^2 f}{\partial\theta_i\,\partial\theta_j}

    Parameters: ``theta`` (2,); ``a``, ``b`` the function's constants. Returns an array (2, 2) of
    theta's dtype.
    Raises ValueError for a theta that is not of shape (2,).
    """
    raise NotImplementedError("Exercise 3.5 (Newton's method): implement rosenbrock_hessian")


def newton_step(theta: np.ndarray, grad: np.ndarray, hessian: np.ndarray,
                damping: float = 0.0) -> np.ndarray:
    r"""One (damped) Newton step: :math:`\theta \leftarrow \theta - (H + \lambda I)^{-1} g`.

    Solve the linear system, do not invert H. On a quadratic, one undamped step lands on the
    minimum; a large damping λ turns the step into gradient descent with rate 1/λ.

    Parameters: ``theta`` (P,); ``grad`` (P,) the gradient at theta; ``hessian`` (P, P);
    ``damping`` λ ≥ 0. Returns an array (P,) of theta's dtype.
    Raises ValueError for λ < 0, shapes that do not fit, or a singular H + λI.
    """
    raise NotImplementedError("Exercise 3.5 (Newton's method): implement newton_step")


# --- Exercise 3.6: Exponential moving average of the weights (2 points) ---------------------------
# implement · ★☆☆ · about 20 minutes
# Task: Write an exponential moving average of a model's weights (Polyak averaging) as a pure
# function of dicts of arrays.
# Taught in book/optimization/04_schedules.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 3.6`). Grade it with `make grade EXERCISE=3.6`.

def ema_update(ema: dict[str, np.ndarray] | None, weights: dict[str, np.ndarray],
               decay: float = 0.999) -> dict[str, np.ndarray]:
    r"""An exponential moving average of a model's weights (Polyak averaging; used for
    evaluation in many modern training recipes):

    .. math:: \bar w \leftarrow \beta \bar w + (1 - \beta)\, w

    for every parameter name. With ``ema=None`` (the first call) the average starts as a copy of
    the weights.

    Parameters: ``ema`` None or a dict name -> array; ``weights`` a dict name -> array (the same
    names and shapes as ``ema``); ``decay`` β in [0, 1]. Returns a new dict name -> array (of each
    weight's dtype); neither input dict nor its arrays are changed.
    Raises ValueError for β outside [0, 1], or names or shapes that differ between the two dicts.
    """
    raise NotImplementedError("Exercise 3.6 (Exponential moving average of the weights): implement ema_update")


# --- Exercise 3.7: Predict: the largest stable learning rate (1 point) ----------------------------
# predict · ★★☆ · about 20 minutes
# Task: Before running it: predict the largest stable learning rate and the best constant rate of
# gradient descent on the tilted bowl ½ θᵀAθ with A = [[5, 2], [2, 2]].
# Taught in book/optimization/01_gradient_descent.ipynb; its hints are in the exercise's box there
# (or `nnbook hint 3.7`). Grade it with `make grade EXERCISE=3.7`.

def predict_learning_rates() -> tuple[float, float]:
    r"""Predict, before you run it: the learning rates of gradient descent on a quadratic bowl.

    Gradient descent :math:`\theta \leftarrow \theta - \eta \nabla f(\theta)` runs on

    .. math:: f(\theta) = \tfrac12\, \theta^\top A\, \theta, \qquad
              A = \begin{pmatrix} 5 & 2 \\ 2 & 2 \end{pmatrix}

    (a bowl like the chapter's, but tilted: its axes are not the coordinate axes). Return
    ``(largest_stable, best)``, two Python floats: the learning rate above which the iteration
    diverges from almost every starting point, and the constant rate that converges fastest:
    the one whose slowest-shrinking direction (whichever that is at this rate) shrinks fastest,
    the chapter's η* for this bowl.
    """
    raise NotImplementedError("Exercise 3.7 (Predict: the largest stable learning rate): implement predict_learning_rates")


# --- Exercise 3.8: Adam, debugged (2 points) ------------------------------------------------------
# debug · ★☆☆ · about 15 minutes
# Task: The given adam runs and validates its settings, but its steps differ from
# torch.optim.Adam's. Find the bug and fix it.
# Taught in book/optimization/02_momentum_adam.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 3.8`). Grade it with `make grade EXERCISE=3.8`.

def adam(theta: np.ndarray, grad: np.ndarray, m: np.ndarray, v: np.ndarray, t: int, lr: float = 1e-3,
         betas: tuple[float, float] = (0.9, 0.999),
         eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""One step of Adam (Kingma & Ba, 2015, algorithm 1), as ``torch.optim.Adam`` computes it:

    .. math:: m \leftarrow \beta_1 m + (1 - \beta_1) g, \qquad
              v \leftarrow \beta_2 v + (1 - \beta_2) g^2, \qquad
              \hat m = \frac{m}{1 - \beta_1^t}, \quad \hat v = \frac{v}{1 - \beta_2^t}, \qquad
              \theta \leftarrow \theta - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon}

    Parameters: ``theta``, ``grad``, ``m``, ``v`` (P,) (m and v start at zeros); ``t`` the number
    of this step, 1 for the first; ``lr`` η > 0; ``betas`` (β1, β2), each in [0, 1); ``eps`` ε ≥ 0.
    Returns ``(theta_new, m_new, v_new)``, arrays of theta's shape and dtype.
    Raises ValueError for η ≤ 0, a β outside [0, 1), ε < 0, t < 1 or arrays of different shapes.

    The code below runs, and its first steps even look reasonable, but it does not follow
    ``torch.optim.Adam``: find the bug and fix it.
    """
    beta1, beta2 = betas
    if not lr > 0:
        raise ValueError(f"adam: lr must be > 0, got {lr!r}")
    if not (0 <= beta1 < 1 and 0 <= beta2 < 1):
        raise ValueError(f"adam: betas must be in [0, 1), got {betas!r}")
    if not eps >= 0:
        raise ValueError(f"adam: eps must be ≥ 0, got {eps!r}")
    if not t >= 1:
        raise ValueError(f"adam: t counts steps from 1, got {t!r}")
    _check_same_shape("adam", theta, grad=grad, m=m, v=v)
    theta = np.asarray(theta)
    dtype = theta.dtype
    m_new = (beta1 * m + (1 - beta1) * grad).astype(dtype, copy=False)
    v_new = (beta2 * v + (1 - beta2) * grad * grad).astype(dtype, copy=False)
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta1 ** t)
    return (theta - lr * m_hat / (np.sqrt(v_hat) + eps)).astype(dtype, copy=False), m_new, v_new
