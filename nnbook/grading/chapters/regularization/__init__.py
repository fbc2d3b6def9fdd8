"""Exercises of the chapter "Regularization": checks, worker tasks and recorded fixtures."""
