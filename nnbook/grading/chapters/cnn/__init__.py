"""Exercises of the chapter "Convolutional networks": checks and recorded fixtures."""
