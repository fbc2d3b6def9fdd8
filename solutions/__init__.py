"""Reference solutions: the single source of exercises/ (not part of the student edition)."""
