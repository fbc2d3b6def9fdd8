"""The checks of the chapter "Backpropagation" (exercises/backprop.py).

Expected values come from the reference solution (``fixtures.json`` for the public inputs; run
afresh on hidden inputs in the autograder); the other checks need no solution: numerical
gradients, dtypes, shapes, accumulation, stability, inputs left untouched. Each check stands
alone: forward checks never call backward.
"""
from __future__ import annotations

import numpy as np

from nnbook.grading.framework import (Chapter, CheckFailed, Context, Exercise, Strided,
                                      agree_numerically, array, differences, kind, number, numerical_from, pair,
                                      perturbed, weighted_sums)
from nnbook.grading.prediction import prediction

SHAPES = [(1, 5), (8, 6), (3, 4, 5)]        # batch size 1, a batch, an extra axis
EDGES = np.array([[-1000.0, -60.0, -1.0, -1e-9, 0.0, 1e-9, 1.0, 60.0, 1000.0]])


def layer_outputs(ctx: Context, cls: str, steps: list, kwargs: dict, label: str, params=None, init=()):
    results, final = ctx.layer(cls, steps, init=init, init_kwargs=kwargs, params=params, label=label)
    if type(results) is not list or len(results) != len(steps):
        raise CheckFailed(f"{label}: the worker's reply has the wrong form")
    return results, final


def forward(ctx, cls, x, kwargs, label):
    return layer_outputs(ctx, cls, [("forward", x)], kwargs, label)[0][0]


def forward_backward(ctx, cls, x, dout, kwargs, label):
    (out, dx), _ = layer_outputs(ctx, cls, [("forward", x), ("backward", dout)], kwargs, label)
    return out, dx


# --- Exercises 1.1 - 1.3: activations as layers ----------------------------------------------------

def activation_exercise(id: str, title: str, cls: str, settings: list[dict], points: float, *,
                        overflow_hints: tuple[int | None, int | None] = (None, None),
                        tails: np.ndarray | None = None, stationary: tuple[float, ...] = (),
                        **about) -> Exercise:
    """Four checks for an elementwise activation layer; ``settings`` are its constructor kwargs
    (the first one ``{}``: the defaults); ``overflow_hints`` the hints that address overflow at
    |x| = 1000 in forward and in backward. ``tails``: inputs where the output must be right
    relative to its size, however small (a naive formula loses it), and the gradient right: a
    fifth check. ``stationary``: where the derivative is 0 (the numerical check keeps away).
    ``about``: the rest of the exercise's definition."""
    ex = Exercise(id, title, (cls,), points, **about)
    forward_hint, backward_hint = (ex.hint_ref(n) if n else None for n in overflow_hints)

    def described(kw):
        return f"{cls}({', '.join(f'{k}={v}' for k, v in kw.items())})"

    @ex.check(f"forward matches the reference (shapes {', '.join(map(str, SHAPES))}; default and other "
              "settings; x = 0 and |x| up to 1000; a non-contiguous x)", gate=True)
    def _(ctx):
        for s, kw in enumerate(settings):
            for k, shape in enumerate(SHAPES):
                x = 2 * ctx.rng(k).standard_normal(shape)
                x.flat[::7] = 0.0                               # the branch point itself
                out = forward(ctx, cls, x, kw, f"{described(kw)}.forward(x)")
                ctx.match(f"forward/{s}/{k}", f"{described(kw)}.forward(x) for x of shape {shape}", out)
            out = forward(ctx, cls, EDGES, kw, f"{described(kw)}.forward on large inputs")
            ctx.match(f"forward/{s}/edges", f"{described(kw)}.forward(x) for x = {EDGES.ravel().tolist()}", out,
                      hint=forward_hint)
        x = 2 * ctx.rng(1).standard_normal(SHAPES[1])
        x.flat[::7] = 0.0
        out = forward(ctx, cls, Strided(x), settings[-1], f"{cls}.forward on a view")
        ctx.match(f"forward/{len(settings) - 1}/1", f"{cls}.forward(x) for a non-contiguous x", out)

    @ex.check("forward keeps float32 and returns a new array (not x itself, not a view of it)")
    def _(ctx):
        x = (2 * ctx.rng(3).standard_normal((6, 4))).astype(np.float32)
        out = forward(ctx, cls, x, settings[-1], f"{cls}.forward(x) in float32")
        ctx.match("float32/out", f"{cls}.forward(x) for float32 x", out)
        x = np.abs(ctx.rng(4).standard_normal((3, 4))) + 0.5            # all positive: out may equal x
        layer_outputs(ctx, cls, [("forward", x), ("scribble", 0)], settings[-1],
                      f"{cls}.forward(x), then writing into its output (is the output a view of x?)")

    @ex.check("backward matches the reference (float64, float32, mixed dtypes, large |x|, a view)", gate=True)
    def _(ctx):
        kw = settings[-1]
        cases = [(2 * ctx.rng(k).standard_normal(shape), ctx.rng(k, 1).standard_normal(shape))
                 for k, shape in enumerate(SHAPES)]
        cases.append((EDGES, np.ones_like(EDGES)))
        x32 = (2 * ctx.rng(5).standard_normal((6, 4))).astype(np.float32)
        d32 = ctx.rng(6).standard_normal((6, 4)).astype(np.float32)
        cases += [(x32, d32), (x32, d32.astype(np.float64)), (x32.astype(np.float64), d32)]
        for k, (x, dout) in enumerate(cases):
            _, dx = forward_backward(ctx, cls, x, dout, kw, f"{cls}.forward then backward")
            ctx.match(f"backward/{k}", f"dx from {cls}.backward for x of shape {x.shape} ({x.dtype}) "
                                       f"and dout ({dout.dtype})", dx,
                      hint=backward_hint if x is EDGES else None, dtype_of="the dtype of dout")
        x, dout = 2 * ctx.rng(1).standard_normal(SHAPES[1]), ctx.rng(1, 1).standard_normal(SHAPES[1])
        _, dx = forward_backward(ctx, cls, Strided(x), Strided(dout), kw, f"{cls} on views")
        ctx.match("backward/1", f"dx from {cls}.backward for non-contiguous x and dout", dx)
        _, dx = forward_backward(ctx, cls, x, dout, settings[0], f"{described(settings[0])} backward")
        ctx.match("backward/default", f"dx from {described(settings[0])}.backward", dx)

    @ex.check("backward agrees with numerical differentiation (no solution needed)")
    def _(ctx):
        for kw in settings:
            x = np.clip(2 * ctx.rng(7).standard_normal((4, 3)), -4, 4)
            dout = ctx.rng(8).standard_normal((4, 3))
            # Away from the kink at 0 and from points where the derivative is 0 (there a relative
            # error measures only the rounding of the centered difference).
            for point in (0.0, *stationary):
                x[np.abs(x - point) < 0.05] = point + 0.3
            _, dx = forward_backward(ctx, cls, x, dout, kw, f"{described(kw)}.forward then backward")
            h = 1e-6
            steps = [("forward", z) for z in perturbed(x, h)]
            outs, _ = layer_outputs(ctx, cls, steps, kw, f"{described(kw)}.forward on perturbed inputs")
            values = differences(f"{cls}.forward(x)", outs, dout)      # one entry differs per pair
            ctx.agree_numerically(f"dx from {described(kw)}.backward", dx, numerical_from(values, x.shape, h))

    if tails is not None:
        @ex.check(f"forward keeps its relative precision far out in the tails, backward its accuracy "
                  f"(x = {', '.join(f'{v:g}' for v in tails.ravel())})")
        def _(ctx):
            out, dx = forward_backward(ctx, cls, tails, np.ones_like(tails), settings[0],
                                       f"{cls}.forward then backward far out in the tails")
            # atol 0: a value of 4e-18 computed as 0 is wrong, however small the difference
            ctx.match("tails/out", f"{cls}.forward(x) for x = {tails.ravel().tolist()} (relative to "
                                   "each value: is a tiny value lost to rounding, e.g. log(1 + e^x) at x = -40, "
                                   "or a large x cut short?)", out, atol=1e-300)
            ctx.match("tails/dx", f"dx from {cls}.backward for x = {tails.ravel().tolist()}", dx)

    return ex


ELU = activation_exercise("1.1", "ELU", "ELU", [{}, {"alpha": 0.7}], 2, overflow_hints=(2, None),
    section="backprop/03_layer_api", kind="derive", difficulty=1, minutes=25,
    task=("Write the ELU activation as a layer: a forward pass that never overflows, and a "
          "backward pass whose local derivative you derive yourself."),
    hints=("The backward pass multiplies `dout` elementwise by the local derivative of ELU, as "
           "the sigmoid and tanh gates of section 1 do. Differentiate each branch of the "
           "definition on its own.",
           "`np.where` evaluates both branches, so `np.exp(x)` overflows for x = 1000 (numpy "
           "warns, and the unused branch holds inf; multiplying by a 0/1 mask instead turns it "
           "into nan). Exponentiate only min(x, 0); `np.expm1` is accurate near 0.",
           "For x ≤ 0 the derivative can be written with the forward output itself: cache what "
           "forward computed and reuse it in backward, then cast dx to dout's dtype."))
SOFTPLUS = activation_exercise("1.2", "Softplus", "Softplus", [{}], 2, overflow_hints=(2, 3),
    tails=np.array([[-700.0, -40.0, -20.0, -10.5, 10.5, 12.0, 20.0, 40.0]]),
    section="backprop/03_layer_api", kind="derive", difficulty=2, minutes=30,
    task=("Write Softplus, log(1 + eˣ), as a layer: a forward pass stable for |x| up to 1000, "
          "and the backward pass you derive."),
    hints=("Differentiate log(1 + eˣ) with the chain rule: the outer function log(1 + u), the "
           "inner u = eˣ. The result is a function you met in section 1.",
           "The stable forward form max(x, 0) + log(1 + e^(−|x|)) only exponentiates numbers ≤ "
           "0; `np.log1p` keeps log(1 + tiny) accurate.",
           "Written as 1 / (1 + e^(−x)), the derivative computes e^1000 = inf for x = −1000 "
           "(numpy warns; the result is right only because 1/inf = 0); written as "
           "eˣ / (1 + eˣ) it gives inf/inf = nan for x = 1000. Use a form whose exponentials "
           "all have arguments ≤ 0 (split on the sign of x, or `np.logaddexp`)."))
GELU = activation_exercise("1.3", "GELU", "GELU", [{}], 2, stationary=(-0.7525,),
    section="backprop/03_layer_api", kind="derive", difficulty=2, minutes=35,
    task=("Write GELU (its tanh approximation) as a layer, and derive its backward pass."),
    hints=("gelu(x) = ½ x (1 + tanh u) is a product of x and a function of x: the product rule "
           "first, then the chain rule through tanh and through u(x).",
           "d tanh(u)/du = 1 − tanh²(u). Cache tanh u in forward so backward does not compute "
           "it again.",
           "The local derivative is a sum of two terms, one from differentiating the factor x "
           "and one from differentiating (1 + tanh u); dx is dout times that sum, in dout's "
           "dtype."))


# --- Exercise 1.4: Huber loss ---------------------------------------------------------------------

HUBER = Exercise("1.4", "Huber loss", ("HuberLoss",), 2,
    section="backprop/02_two_layer_network", kind="derive", difficulty=1, minutes=25,
    task=("Write the Huber loss as a Loss: the mean over all elements in forward, and in "
          "backward the gradient with respect to pred, which you derive."),
    hints=("Differentiate ℓ(r) in each of its two regions, then use the chain rule: ∂r/∂pred = "
           "1, and the mean over K elements contributes a factor 1/K.",
           "In the linear region the derivative of |r| is sign(r). At |r| = δ both pieces "
           "agree, so either branch is right there.",
           "Cache r and which entries are in the quadratic region in forward; backward is one "
           "`np.where` over the two regions divided by K, cast to pred's dtype (not target's)."))
HUBER_CASES = [((1, 1), None), ((10, 3), 1.0), ((7,), 0.5), ((4, 5), 2.0), ((6, 4), None)]


def _huber_inputs(ctx, k: int, shape, delta, dtype=np.float64):
    pred = (3 * ctx.rng(10, k).standard_normal(shape)).astype(dtype)
    target = ctx.rng(11, k).standard_normal(shape).astype(dtype)
    d = 1.0 if delta is None else delta
    # Residuals on both sides of the threshold, exactly at it, and 0.
    flat_p, flat_t = pred.reshape(-1), target.reshape(-1)
    for i, r in enumerate([d, -d, 0.0, d * (1 + 1e-3), -d * (1 - 1e-3)][: flat_p.size]):
        flat_p[i] = flat_t[i] + r
    return pred, target


def _kw(delta):
    return {} if delta is None else {"delta": delta}


def huber(ctx, pred, target, delta, label, backward=True):
    steps = [("loss", pred, target)] + ([("backward",)] if backward else [])
    results, _ = layer_outputs(ctx, "HuberLoss", steps, _kw(delta), label)
    return results


@HUBER.check("forward: the loss matches the reference (several shapes; default and other deltas; "
             "|r| at, below and above delta; float32)", gate=True)
def _(ctx):
    for k, (shape, delta) in enumerate(HUBER_CASES):
        pred, target = _huber_inputs(ctx, k, shape, delta)
        loss, = huber(ctx, pred, target, delta, "HuberLoss.forward", backward=False)
        ctx.match(f"loss/{k}", f"the loss for pred of shape {shape}, delta={delta or 'default'}", loss)
    pred, target = _huber_inputs(ctx, 1, (10, 3), 1.0, np.float32)
    loss, = huber(ctx, pred, target, 1.0, "HuberLoss.forward (float32)", backward=False)
    ctx.match("loss/float32", "the loss for float32 inputs", loss, rtol=1e-5)


@HUBER.check("backward: dpred matches the reference (float64, float32, mixed dtypes, views)", gate=True)
def _(ctx):
    for k, (shape, delta) in enumerate(HUBER_CASES):
        pred, target = _huber_inputs(ctx, k, shape, delta)
        _, dpred = huber(ctx, pred, target, delta, "HuberLoss.forward then backward")
        ctx.match(f"dpred/{k}", f"dpred for pred of shape {shape}, delta={delta or 'default'}", dpred)
    pred, target = _huber_inputs(ctx, 1, (10, 3), 1.0, np.float32)
    _, dpred = huber(ctx, pred, target, 1.0, "HuberLoss in float32")
    ctx.match("float32/dpred", "dpred for float32 pred and target", dpred, dtype_of="the dtype of pred",
              hint=HUBER.hint_ref(3))
    _, dpred = huber(ctx, pred, target.astype(np.float64), 1.0, "HuberLoss, float32 pred, float64 target")
    ctx.match("mixed/dpred", "dpred for float32 pred and float64 target", dpred,
              dtype_of="the dtype of pred", hint=HUBER.hint_ref(3))
    pred, target = _huber_inputs(ctx, 1, (10, 3), 1.0)
    _, dpred = huber(ctx, Strided(pred), Strided(target), 1.0, "HuberLoss on views")
    ctx.match("dpred/1", "dpred for non-contiguous inputs", dpred)


@HUBER.check("dpred agrees with numerical differentiation (no solution needed)")
def _(ctx):
    for delta in (None, 0.5):
        d = 1.0 if delta is None else delta
        pred, target = (3 * ctx.rng(20).standard_normal((5, 3)), ctx.rng(21).standard_normal((5, 3)))
        r = pred - target
        pred[np.abs(np.abs(r) - d) < 0.01] += 0.05                    # away from |r| = delta
        _, dpred = huber(ctx, pred, target, delta, "HuberLoss.forward then backward")
        h = 1e-6
        steps = [("loss", z, target) for z in perturbed(pred, h)]
        losses, _ = layer_outputs(ctx, "HuberLoss", steps, _kw(delta), "HuberLoss on perturbed inputs")
        values = [number("HuberLoss.forward", v) for v in losses]
        ctx.agree_numerically(f"dpred (delta={d})", dpred, numerical_from(values, pred.shape, h))


# --- Exercise 1.5: a residual block -----------------------------------------------------------------

RESIDUAL = Exercise("1.5", "Residual block", ("Residual",), 4,
    section="backprop/03_layer_api", kind="derive", difficulty=3, minutes=50,
    task=("Write a residual block out = x + ReLU(x W1 + b1) W2 + b2 as a layer with its "
          "parameters, and derive its backward pass."),
    hints=("Draw the block as a computational graph and backpropagate through it one node at a "
           "time, from out back to x, as section 1 does.",
           "Section 1 gives the gradients of a matrix multiply, a bias and a ReLU; each "
           "parameter's gradient is added into its `.grad` with `+=` (a second backward adds "
           "again).",
           "x is used twice, by the skip connection and by the branch, so dx is the sum of two "
           "paths' gradients. With `needs_input_grad` False, compute the parameters' gradients "
           "and return None."))


def _residual_inputs(ctx, k: int, N=5, D=4, H=6, dtype=np.float64):
    r = ctx.rng(30, k)
    params = {"W1": 0.7 * r.standard_normal((D, H)), "b1": 0.3 * r.standard_normal(H),
              "W2": 0.7 * r.standard_normal((H, D)), "b2": 0.3 * r.standard_normal(D)}
    params = {name: p.astype(dtype) for name, p in params.items()}
    return params, r.standard_normal((N, D)).astype(dtype), r.standard_normal((N, D)).astype(dtype)


def residual(ctx, params, x, steps, label, dtype=np.float64):
    D, H = params["W1"].shape
    results, final = layer_outputs(ctx, "Residual", steps, {"rng": 0, "dtype": str(np.dtype(dtype))}, label,
                                   params=params, init=(D, H))
    return results, final


def grads_of(final, params: dict, label: str) -> dict:
    if type(final) is not dict or set(final) != set(params):
        got = sorted(final) if type(final) is dict else kind(final)
        raise CheckFailed(f"{label}: the parameters should be {sorted(params)}, found {got}")
    return {name: pair(final[name], label)[1] for name in params}


@RESIDUAL.check("construction: W1 (D, H), b1 (H,), W2 (H, D), b2 (D,) as Parameters, in the dtype asked for")
def _(ctx):
    for dtype in (None, np.float64, np.float32):                   # None: the default dtype, float64
        kwargs = {"rng": 1} if dtype is None else {"rng": 1, "dtype": str(np.dtype(dtype))}
        shown = "Residual(3, 7) (the default dtype)" if dtype is None else f"Residual(3, 7, dtype={np.dtype(dtype)})"
        dtype = dtype or np.float64
        _, final = layer_outputs(ctx, "Residual", [], kwargs, "Residual(3, 7)", init=(3, 7))
        shapes = {"W1": (3, 7), "b1": (7,), "W2": (7, 3), "b2": (3,)}
        if type(final) is not dict or set(final) != set(shapes):
            got = sorted(final) if type(final) is dict else kind(final)
            raise CheckFailed(f"Residual(3, 7).parameters() should be W1, b1, W2, b2; found {got}")
        for name, shape in shapes.items():
            value = pair(final[name], "parameter")[0]
            array(f"{shown}.{name}.value", value, shape, dtype)
        ctx.require(np.all(pair(final["b1"], "b1")[0] == 0) and np.all(pair(final["b2"], "b2")[0] == 0),
                    "the biases of Residual start at zero")
        ctx.require(np.std(pair(final["W1"], "W1")[0]) > 0.05, "W1 of Residual must be initialised randomly "
                    "(nnbook.init.he_normal), not zeros")


@RESIDUAL.check("forward matches the reference (N = 1 and 5; float32; a non-contiguous x)", gate=True)
def _(ctx):
    for k, (N, dtype) in enumerate([(5, np.float64), (1, np.float64), (5, np.float32)]):
        params, x, _ = _residual_inputs(ctx, k, N=N, dtype=dtype)
        (out,), _ = residual(ctx, params, x, [("forward", x)], "Residual.forward", dtype)
        ctx.match(f"out/{k}", f"Residual.forward(x) for N={N} ({np.dtype(dtype)})", out)
    params, x, _ = _residual_inputs(ctx, 0)
    (out,), _ = residual(ctx, params, Strided(x), [("forward", Strided(x))], "Residual.forward on a view")
    ctx.match("out/0", "Residual.forward(x) for a non-contiguous x", out)


@RESIDUAL.check("backward: dx and every parameter gradient match the reference (float64 and float32)", gate=True)
def _(ctx):
    for k, (N, dtype) in enumerate([(5, np.float64), (1, np.float64), (5, np.float32)]):
        params, x, dout = _residual_inputs(ctx, k, N=N, dtype=dtype)
        (_, dx), final = residual(ctx, params, x, [("forward", x), ("backward", dout)],
                                  "Residual.forward then backward", dtype)
        ctx.match(f"dx/{k}", f"dx from Residual.backward (N={N}, {np.dtype(dtype)})", dx)
        for name, grad in grads_of(final, params, "Residual").items():
            ctx.match(f"grad/{k}/{name}", f"{name}.grad after Residual.backward (N={N}, {np.dtype(dtype)})", grad,
                      dtype_of=f"the dtype of {name}")


@RESIDUAL.check("gradients accumulate (two backward passes add up); needs_input_grad = False returns None")
def _(ctx):
    params, x, dout = _residual_inputs(ctx, 0)
    steps = [("forward", x), ("backward", dout), ("backward", dout)]
    _, final = residual(ctx, params, x, steps, "Residual.forward, then backward twice")
    for name, grad in grads_of(final, params, "Residual").items():
        ctx.match(f"grad/0/{name}", f"{name}.grad after two backward passes, halved (do you add with "
                                    "+= into .grad?)", array(f"{name}.grad", grad) / 2, hint=RESIDUAL.hint_ref(2))
    steps = [("set", "needs_input_grad", False), ("forward", x), ("backward", dout)]
    (_, _, dx), final = residual(ctx, params, x, steps, "Residual with needs_input_grad = False")
    ctx.require(dx is None, f"Residual.backward with needs_input_grad = False should return None, got {kind(dx)}")
    for name, grad in grads_of(final, params, "Residual").items():
        ctx.match(f"grad/0/{name}", f"{name}.grad with needs_input_grad = False", grad)


def _away_from_kinks(ctx, k: int, blocks: int = 1, **shape):
    """Inputs of ``blocks`` stacked residual blocks whose ReLUs are all at least 1e-3 from their kink
    (a centered difference across a kink measures nothing), and for a single block every hidden
    unit active for some sample (else W1's gradient is zero everywhere and proves nothing): the first
    such draw from k, k + 1000, ..."""
    for attempt in range(100):
        drawn = [_residual_inputs(ctx, k + 1000 * attempt + i, **shape) for i in range(blocks + 1)]
        z, fine = drawn[-1][1], True
        for params, _, _ in drawn[:-1]:
            h_pre = z @ params["W1"] + params["b1"]
            alive = blocks > 1 or bool(np.all(np.any(h_pre > 0, axis=0)))
            fine = fine and alive and np.min(np.abs(h_pre)) > 1e-3
            z = z + np.maximum(h_pre, 0) @ params["W2"] + params["b2"]
        if fine:
            return [d[0] for d in drawn[:-1]], drawn[-1][1], drawn[-1][2]
    raise RuntimeError("no draw of residual inputs away from the ReLU's kink")


@RESIDUAL.check("dx and every gradient agree with numerical differentiation; a stack of 5 blocks too")
def _(ctx):
    (params,), x, dout = _away_from_kinks(ctx, 5, N=3, D=3, H=4)
    (_, dx), final = residual(ctx, params, x, [("forward", x), ("backward", dout)], "Residual")
    grads = grads_of(final, params, "Residual")
    h = 1e-5                                       # piecewise linear: no truncation error to fear
    outs, _ = residual(ctx, params, x, [("forward", z) for z in perturbed(x, h)], "Residual.forward")
    ctx.agree_numerically("dx from Residual.backward", dx,
                      numerical_from(differences("Residual.forward(x)", outs, dout), x.shape, h))
    for name in sorted(params):
        variants = [{**params, name: z} for z in perturbed(params[name], h)]
        outs = ctx.run("backprop:forward_each", "Residual", (3, 4), {"rng": 0, "dtype": "float64"}, variants, x,
                       label=f"Residual.forward with {name} perturbed", watch=False)
        if type(outs) is not list or len(outs) != len(variants):
            raise CheckFailed(f"Residual.forward with {name} perturbed: the worker's reply has the wrong form")
        ctx.agree_numerically(f"{name}.grad", grads[name],
                          numerical_from(differences("Residual.forward(x)", outs, dout), params[name].shape, h))
    stack, x, dout = _away_from_kinks(ctx, 40, blocks=5, N=4, D=3, H=5)
    out, dx, stack_grads = pair(ctx.run("backprop:residual_stack", "Residual", stack, x, dout,
                                        label="Sequential of 5 Residual blocks"), "a stack", 3)
    array("the output of 5 stacked blocks", out, x.shape)
    outs = ctx.run("backprop:residual_stack", "Residual", stack, perturbed(x, h), None,
                   label="Sequential of 5 Residual blocks on perturbed inputs", watch=False)
    ctx.agree_numerically("dx through 5 stacked Residual blocks", dx,
                      numerical_from(differences("the stack's output", outs, dout), x.shape, h), tol=1e-5)


# --- Exercise 1.6: a numerical Jacobian --------------------------------------------------------------

JACOBIAN = Exercise("1.6", "Numerical Jacobian", ("numerical_jacobian",), 2,
    section="backprop/04_gradient_checking", kind="implement", difficulty=1, minutes=20,
    task=("Compute the Jacobian of a vector function by centered differences, with 2·D calls of "
          "f and x unchanged afterwards."),
    hints=("Column i of J is how f changes when only x_i moves: (f(x + h eᵢ) − f(x − h eᵢ)) / "
           "2h.",
           "Work on a copy of x: set entry i to xᵢ + h, call f, set it to xᵢ − h, call f, and "
           "restore it before moving to the next entry.",
           "Collect the D columns and stack them along axis 1 to get (M, D); subtract in "
           "float64, then cast J to x's dtype."))
JACOBIAN_CASES = [("affine_tanh", 3, None), ("softmax", 4, 1e-5), ("cubic", 5, 1e-5), ("cubic", 5, 1e-2),
                  ("cubic", 1, None)]


def jacobian(ctx, function, x, h, label):
    return pair(ctx.run("backprop:jacobian", "numerical_jacobian", function, x, h, label=label),
                label, what="(J, calls)")


@JACOBIAN.check("Jacobians match the reference (three functions; the default h, h = 1e-2; D = 1)", gate=True)
def _(ctx):
    for k, (function, D, h) in enumerate(JACOBIAN_CASES):
        x = ctx.rng(40, k).standard_normal(D)
        J, _ = jacobian(ctx, function, x, h, f"numerical_jacobian(f, x{'' if h is None else f', h={h}'})")
        ctx.match(f"J/{k}", f"the Jacobian of {function} at x of shape ({D},), h={h or 'default'}", J, rtol=1e-6)


@JACOBIAN.check("agrees with the analytic Jacobian; calls f 2·D times; leaves x as it was")
def _(ctx):
    x = ctx.rng(41).standard_normal(3)
    J, calls = jacobian(ctx, "affine_tanh", x, 1e-5, "numerical_jacobian(f, x)")
    A = np.array([[1.0, -2.0, 0.5], [0.3, 0.1, -1.0]])
    analytic = (1 - np.tanh(A @ x) ** 2)[:, None] * A
    agree_numerically("the Jacobian of tanh(A x)", J, analytic, tol=1e-6)
    ctx.require(type(calls) is int and calls <= 2 * x.size + 1,
                f"numerical_jacobian called f {calls} times for D = {x.size}; centered differences "
                "need 2·D calls (one per side per entry)")


@JACOBIAN.check("float32 x gives a float32 Jacobian")
def _(ctx):
    x = ctx.rng(42).standard_normal(4).astype(np.float32)
    J, _ = jacobian(ctx, "softmax", x, 1e-2, "numerical_jacobian (float32)")
    ctx.match("float32", "the Jacobian for a float32 x", J)


# --- Exercise 1.7: embedding ----------------------------------------------------------------------

EMBEDDING = Exercise("1.7", "Embedding", ("Embedding",), 2,
    section="backprop/03_layer_api", kind="implement", difficulty=2, minutes=25,
    task=("Write an embedding layer: a row lookup in forward that rejects indices out of range, "
          "and a backward pass that collects dout into W.grad."),
    hints=("Forward is integer-array indexing of W by idx, giving (N, T, D). Check the range "
           "first: numpy silently wraps −1 around to the last row.",
           "In backward, `W.grad[idx] += dout` is wrong when an index repeats: an indexed "
           "assignment writes each row once, so a repeated index keeps only one of its "
           "gradients.",
           "`np.add.at` adds once per occurrence of an index (a scatter-add). Integer indices "
           "have no gradient: backward returns None."))


def _embedding_inputs(ctx, k: int, N=3, T=4, V=6, D=5, dtype=np.float64):
    r = ctx.rng(50, k)
    return r.integers(0, V, (N, T)), r.standard_normal((V, D)).astype(dtype), \
        r.standard_normal((N, T, D)).astype(dtype)


def embedding(ctx, idx, W, steps, label):
    V, D = W.shape
    return layer_outputs(ctx, "Embedding", steps, {"rng": 0, "dtype": str(W.dtype)}, label, params={"W": W},
                         init=(V, D))


EMBEDDING_CASES = [dict(), dict(N=1, T=1), dict(V=2, T=8), dict(dtype=np.float32)]


@EMBEDDING.check("forward matches the reference (repeated indices; N = 1; float32; indices 0 and V-1)", gate=True)
def _(ctx):
    for k, kw in enumerate(EMBEDDING_CASES):
        idx, W, _ = _embedding_inputs(ctx, k, **kw)
        idx.flat[0], idx.flat[-1] = 0, W.shape[0] - 1
        (out,), _ = embedding(ctx, idx, W, [("forward", idx)], "Embedding.forward")
        ctx.match(f"out/{k}", f"Embedding.forward(idx) for idx of shape {idx.shape}", out)


@EMBEDDING.check("backward: W.grad matches the reference and collects every use of an index; returns None", gate=True)
def _(ctx):
    for k, kw in enumerate(EMBEDDING_CASES):
        idx, W, dout = _embedding_inputs(ctx, k, **kw)
        idx.flat[0], idx.flat[-1] = 0, W.shape[0] - 1
        (_, dx), final = embedding(ctx, idx, W, [("forward", idx), ("backward", dout)],
                                   "Embedding.forward then backward")
        ctx.require(dx is None, f"Embedding.backward should return None (indices have no gradient), got {kind(dx)}")
        grad = pair(final.get("W") if type(final) is dict else None, "Embedding's parameter W")[1]
        repeated = np.unique(idx).size < idx.size               # where `W.grad[idx] += dout` goes wrong
        ctx.match(f"dW/{k}", f"W.grad for idx {idx.tolist()}", grad, dtype_of="the dtype of W",
                  hint=EMBEDDING.hint_ref(2) if repeated else None)
    idx = np.array([[2, 2, 2, 0]])
    W = np.arange(12.0).reshape(4, 3)
    (_, _), final = embedding(ctx, idx, W, [("forward", idx), ("backward", np.ones((1, 4, 3)))],
                              "Embedding.backward")
    expected = np.zeros((4, 3))
    expected[2], expected[0] = 3, 1
    grad = pair(final.get("W") if type(final) is dict else None, "Embedding's parameter W")[1]
    agree_numerically("W.grad for idx [[2, 2, 2, 0]] and dout of ones (a scatter-add)", grad, expected, tol=1e-12,
                      hint=EMBEDDING.hint_ref(2))
    (_, _, _), final = embedding(ctx, idx, W, [("forward", idx), ("backward", np.ones((1, 4, 3))),
                                               ("backward", np.ones((1, 4, 3)))], "Embedding.backward twice")
    grad = pair(final.get("W") if type(final) is dict else None, "Embedding's parameter W")[1]
    agree_numerically("W.grad after two backward passes (gradients accumulate: +=)", grad, 2 * expected, tol=1e-12)


@EMBEDDING.check("an index out of range (V or -1) raises a ValueError")
def _(ctx):
    _, W, _ = _embedding_inputs(ctx, 0)
    V, D = W.shape
    for bad in (V, -1):
        idx = np.array([[0, bad]])
        ctx.expect_error("Embedding.forward", (), "ValueError",
                         f"Embedding({V}, {D}).forward with index {bad}", task="layer",
                         task_args=("Embedding", (V, D), {"rng": 0}, {"W": W}, [("forward", idx)]))


# --- Exercise 1.8: Swish, debugged ------------------------------------------------------------------

SWISH = Exercise(
    "1.8", "Swish, debugged", ("Swish",), 2, section="backprop/01_computational_graphs", kind="debug",
    difficulty=2, minutes=20,
    task="The given Swish layer computes x·σ(x) correctly, but its backward pass disagrees with the "
         "numerical gradient. Find the bug and fix it.",
    hints=("Compare the backward pass with a numerical gradient at a few values of x, say x = 0 "
           "and x = 3: at x = 0 the given code returns 0, yet swish rises there.",
           "x appears twice in x·σ(x): once as the left factor, once inside σ. Section \"Gradients "
           "add up\" says what a variable used twice collects.",
           "The derivative of a product is the product rule: (x)'·σ(x) + x·σ'(x), with "
           "σ'(x) = σ(x)(1 − σ(x)). Which of the two terms does the code keep?"))


@SWISH.check("forward and backward match the reference (shapes (1, 5), (8, 6), (3, 4, 5); x = 0 and "
             "|x| up to 1000; float32, mixed dtypes, a view)", gate=True)
def _(ctx):
    cases = [(2 * ctx.rng(110, k).standard_normal(shape), ctx.rng(111, k).standard_normal(shape))
             for k, shape in enumerate(SHAPES)]
    cases[1][0].flat[::5] = 0.0
    cases.append((EDGES, np.ones_like(EDGES)))
    x32 = (2 * ctx.rng(112).standard_normal((6, 4))).astype(np.float32)
    d32 = ctx.rng(113).standard_normal((6, 4)).astype(np.float32)
    cases += [(x32, d32), (x32.astype(np.float64), d32)]
    for k, (x, dout) in enumerate(cases):
        where = f"for x of shape {x.shape} ({x.dtype}) and dout ({dout.dtype})"
        out, dx = forward_backward(ctx, "Swish", x, dout, {}, "Swish.forward then backward")
        ctx.match(f"out/{k}", f"Swish.forward(x) {where}", out)
        ctx.match(f"dx/{k}", f"dx from Swish.backward {where}", dx)
    x, dout = cases[1]
    _, dx = forward_backward(ctx, "Swish", Strided(x), Strided(dout), {}, "Swish on views")
    ctx.match("dx/1", "dx from Swish.backward for non-contiguous x and dout", dx)


@SWISH.check("backward agrees with numerical differentiation (no solution needed)", gate=True)
def _(ctx):
    x, dout = 2 * ctx.rng(114).standard_normal((4, 3)), ctx.rng(115).standard_normal((4, 3))
    x[0, 0] = 0.0
    _, dx = forward_backward(ctx, "Swish", x, dout, {}, "Swish.forward then backward")
    h = 1e-6
    outs, _ = layer_outputs(ctx, "Swish", [("forward", z) for z in perturbed(x, h)], {},
                            "Swish.forward on perturbed inputs")
    ctx.agree_numerically("dx from Swish.backward", dx,
                          numerical_from(weighted_sums("Swish.forward(x)", outs, dout), x.shape, h))


@SWISH.check("backward uses the last forward's input (two forward passes, then backward); dx is a new "
             "array")
def _(ctx):
    x1, x2 = ctx.rng(116).standard_normal((5, 4)), 3 * ctx.rng(117).standard_normal((5, 4))
    dout = ctx.rng(118).standard_normal((5, 4))
    (_, _, dx), _ = layer_outputs(ctx, "Swish", [("forward", x1), ("forward", x2), ("backward", dout)], {},
                                  "Swish: forward(x1), forward(x2), backward(dout)")
    ctx.match("dx/stale", "dx after forward(x1), forward(x2), backward(dout) (the cache of x2)", dx)
    layer_outputs(ctx, "Swish", [("forward", x2), ("backward", dout), ("scribble", 1)], {},
                  "Swish.backward(dout), then writing into dx (is dx a view of dout?)")


# --- Exercise 1.9: the errors of difference quotients -----------------------------------------------

DIFFERENCES = Exercise(
    "1.9", "Predict: the error of a difference quotient", ("predict_difference_errors",), 1,
    section="backprop/04_gradient_checking", kind="predict", difficulty=2, minutes=15,
    task="Before measuring: predict how far the forward and the centered difference quotients of "
         "f(x) = x³ at x = 2, with h = 0.01, land from the exact derivative.",
    hints=("Section \"One-sided or centered differences\" gives each quotient's error as a Taylor "
           "series in h; take the derivatives of x³ at x = 2.",
           "The leading term of the forward difference's error is ½ f''(x) h; for the centered one "
           "the h terms cancel and ⅙ f'''(x) h² remains. Mind the sign: quotient minus exact value.",
           "x³ is a polynomial, so the series stop: (x + h)³ = x³ + 3x²h + 3xh² + h³ gives both "
           "errors exactly. Measure them afterwards in float64 to check."))


@DIFFERENCES.check("the forward difference's error is right within 5 %", gate=True)
def _(ctx):
    forward_error, _ = pair(ctx.call("predict_difference_errors"), "predict_difference_errors", 2,
                            "(forward_error, centered_error)")
    prediction(ctx, "forward", "the error of the forward difference", forward_error, rtol=0.05,
               hint=DIFFERENCES.hint_ref(2))


@DIFFERENCES.check("the centered difference's error is right within 5 %", gate=True)
def _(ctx):
    _, centered_error = pair(ctx.call("predict_difference_errors"), "predict_difference_errors", 2,
                             "(forward_error, centered_error)")
    prediction(ctx, "centered", "the error of the centered difference", centered_error, rtol=0.05,
               hint=DIFFERENCES.hint_ref(2))


CHAPTER = Chapter("backprop", "Backpropagation",
                  [ELU, SOFTPLUS, GELU, HUBER, RESIDUAL, JACOBIAN, EMBEDDING, SWISH, DIFFERENCES])
