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


# --- 3.1 momentum, the Technion form -----------------------------------------------------------------

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
    # BEGIN SOLUTION
    if not lr > 0:
        raise ValueError(f"technion_momentum: lr must be > 0, got {lr!r}")
    if not 0 <= momentum < 1:
        raise ValueError(f"technion_momentum: momentum must be in [0, 1), got {momentum!r}")
    _check_same_shape("technion_momentum", theta, grad=grad, v=v)
    theta = np.asarray(theta)
    v_new = (momentum * v - lr * grad).astype(theta.dtype, copy=False)
    return (theta + v_new).astype(theta.dtype, copy=False), v_new
    # END SOLUTION


# --- 3.2 Adamax -----------------------------------------------------------------------------------------

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
    # BEGIN SOLUTION
    beta1, beta2 = betas
    if not lr > 0:
        raise ValueError(f"adamax: lr must be > 0, got {lr!r}")
    if not (0 <= beta1 < 1 and 0 <= beta2 < 1):
        raise ValueError(f"adamax: betas must be in [0, 1), got {betas!r}")
    if not eps >= 0:
        raise ValueError(f"adamax: eps must be ≥ 0, got {eps!r}")
    if not t >= 1:
        raise ValueError(f"adamax: t counts steps from 1, got {t!r}")
    _check_same_shape("adamax", theta, grad=grad, m=m, u=u)
    theta = np.asarray(theta)
    dtype = theta.dtype
    m_new = (beta1 * m + (1 - beta1) * grad).astype(dtype, copy=False)
    u_new = np.maximum(beta2 * u, np.abs(grad) + eps).astype(dtype, copy=False)
    step = lr / (1 - beta1 ** t)
    return (theta - step * m_new / u_new).astype(dtype, copy=False), m_new, u_new
    # END SOLUTION


# --- 3.3 Lion ---------------------------------------------------------------------------------------------

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
    # BEGIN SOLUTION
    beta1, beta2 = betas
    if not lr > 0:
        raise ValueError(f"lion: lr must be > 0, got {lr!r}")
    if not (0 <= beta1 < 1 and 0 <= beta2 < 1):
        raise ValueError(f"lion: betas must be in [0, 1), got {betas!r}")
    if not weight_decay >= 0:
        raise ValueError(f"lion: weight_decay must be ≥ 0, got {weight_decay!r}")
    _check_same_shape("lion", theta, grad=grad, m=m)
    theta = np.asarray(theta)
    dtype = theta.dtype
    c = beta1 * m + (1 - beta1) * grad
    theta_new = theta - lr * (np.sign(c) + weight_decay * theta)
    m_new = beta2 * m + (1 - beta2) * grad
    return theta_new.astype(dtype, copy=False), m_new.astype(dtype, copy=False)
    # END SOLUTION


# --- 3.4 backtracking (Armijo) line search -------------------------------------------------------------------

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
    # BEGIN SOLUTION
    if not lr0 > 0:
        raise ValueError(f"armijo_step: lr0 must be > 0, got {lr0!r}")
    if not 0 < c < 1:
        raise ValueError(f"armijo_step: c must be in (0, 1), got {c!r}")
    if not 0 < shrink < 1:
        raise ValueError(f"armijo_step: shrink must be in (0, 1), got {shrink!r}")
    if not max_trials >= 1:
        raise ValueError(f"armijo_step: max_trials must be ≥ 1, got {max_trials!r}")
    theta = np.asarray(theta)
    g = np.asarray(grad(theta), dtype=theta.dtype)
    f0, gg = float(f(theta)), float(np.sum(g * g))
    if gg == 0:
        return theta.copy(), float(lr0)
    lr = float(lr0)
    for _ in range(max_trials):
        candidate = (theta - lr * g).astype(theta.dtype, copy=False)
        if float(f(candidate)) <= f0 - c * lr * gg:
            return candidate, lr
        lr *= shrink
    return candidate, lr / shrink
    # END SOLUTION


# --- 3.5 Newton's method on the 2-D test functions ------------------------------------------------------------

def rosenbrock_hessian(theta: np.ndarray, a: float = 1.0, b: float = 100.0) -> np.ndarray:
    r"""The Hessian of Rosenbrock's function :math:`f(x, y) = (a - x)^2 + b (y - x^2)^2`
    (``nnbook.surfaces.rosenbrock``) at θ = (x, y), which you derive:

    .. math:: H_{ij} = \frac{\partial^2 f}{\partial\theta_i\,\partial\theta_j}

    Parameters: ``theta`` (2,); ``a``, ``b`` the function's constants. Returns an array (2, 2) of
    theta's dtype.
    Raises ValueError for a theta that is not of shape (2,).
    """
    # BEGIN SOLUTION
    theta = np.asarray(theta)
    if theta.shape != (2,):
        raise ValueError(f"rosenbrock_hessian expects theta = (x, y) of shape (2,), got {theta.shape}")
    x, y = theta
    H = np.array([[2 - 4 * b * (y - x * x) + 8 * b * x * x, -4 * b * x],
                  [-4 * b * x, 2 * b]])
    return H.astype(theta.dtype, copy=False)
    # END SOLUTION


def newton_step(theta: np.ndarray, grad: np.ndarray, hessian: np.ndarray,
                damping: float = 0.0) -> np.ndarray:
    r"""One (damped) Newton step: :math:`\theta \leftarrow \theta - (H + \lambda I)^{-1} g`.

    Solve the linear system, do not invert H. On a quadratic, one undamped step lands on the
    minimum; a large damping λ turns the step into gradient descent with rate 1/λ.

    Parameters: ``theta`` (P,); ``grad`` (P,) the gradient at theta; ``hessian`` (P, P);
    ``damping`` λ ≥ 0. Returns an array (P,) of theta's dtype.
    Raises ValueError for λ < 0, shapes that do not fit, or a singular H + λI.
    """
    # BEGIN SOLUTION
    if not damping >= 0:
        raise ValueError(f"newton_step: damping must be ≥ 0, got {damping!r}")
    theta, grad, hessian = np.asarray(theta), np.asarray(grad), np.asarray(hessian)
    P = theta.shape[0] if theta.ndim == 1 else -1
    if theta.ndim != 1 or grad.shape != theta.shape or hessian.shape != (P, P):
        raise ValueError(f"newton_step expects theta (P,), grad (P,) and hessian (P, P), got "
                         f"{theta.shape}, {grad.shape} and {hessian.shape}")
    A = hessian.astype(np.float64) + damping * np.eye(P)
    try:
        delta = np.linalg.solve(A, grad.astype(np.float64))
    except np.linalg.LinAlgError:
        raise ValueError("newton_step: H + damping·I is singular; use damping > 0") from None
    return (theta - delta).astype(theta.dtype, copy=False)
    # END SOLUTION


# --- 3.6 exponential moving average of the weights --------------------------------------------------------------

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
    # BEGIN SOLUTION
    if not 0 <= decay <= 1:
        raise ValueError(f"ema_update: decay must be in [0, 1], got {decay!r}")
    if ema is None:
        return {name: np.array(w, copy=True) for name, w in weights.items()}
    if set(ema) != set(weights):
        raise ValueError(f"ema_update: ema has the parameters {sorted(ema)}, weights {sorted(weights)}")
    out = {}
    for name, w in weights.items():
        w = np.asarray(w)
        if np.shape(ema[name]) != w.shape:
            raise ValueError(f"ema_update: {name!r} has shape {np.shape(ema[name])} in ema, "
                             f"{w.shape} in weights")
        out[name] = (decay * ema[name] + (1 - decay) * w).astype(w.dtype, copy=False)
    return out
    # END SOLUTION


# --- 3.7 the largest stable learning rate ---------------------------------------------------------------

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
    # BEGIN SOLUTION
    low, high = np.linalg.eigvalsh(np.array([[5.0, 2.0], [2.0, 2.0]]))    # the curvatures 1 and 6
    return float(2 / high), float(2 / (low + high))
    # END SOLUTION


# --- 3.8 Adam, debugged --------------------------------------------------------------------------------

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
    # BEGIN SOLUTION
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    # BEGIN STUB
    # m_hat = m_new / (1 - beta1 ** t)
    # v_hat = v_new / (1 - beta1 ** t)
    # END STUB
    # END SOLUTION
    return (theta - lr * m_hat / (np.sqrt(v_hat) + eps)).astype(dtype, copy=False), m_new, v_new
