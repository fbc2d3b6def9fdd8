"""Exercises of the chapter "Deep networks": checks, worker tasks and recorded fixtures."""
