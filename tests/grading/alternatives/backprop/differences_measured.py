"""Alternative for 1.9: measures both quotients in float64 instead of reasoning."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403

EXERCISE = "1.9"

def predict_difference_errors():
    f, x, h = (lambda z: z ** 3), 2.0, 0.01
    exact = 3 * x ** 2
    return (f(x + h) - f(x)) / h - exact, (f(x + h) - f(x - h)) / (2 * h) - exact
