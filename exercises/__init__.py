"""Your exercises: one module per chapter. Grade them with `make grade`."""
