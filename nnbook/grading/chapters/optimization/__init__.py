"""Exercises of the chapter "Optimization": checks, worker tasks and recorded fixtures."""
