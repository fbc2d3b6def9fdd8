"""``python -m nnbook ...`` is the ``nnbook`` command line."""
import sys

from nnbook.cli import main

sys.exit(main())
