"""Calls that take what they can: processes, memory spread over children, huge replies."""
import os
import time

import numpy as np


def fork_all(n):
    """Start up to n children that sleep; return how many started."""
    started = 0
    for _ in range(n):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            time.sleep(30)
            os._exit(0)
        started += 1
    return started


def spread_memory(children, megabytes):
    """``children`` processes each holding ``megabytes`` MB (touched), then wait."""
    for _ in range(children):
        if os.fork() == 0:
            block = np.ones(megabytes * 2 ** 20 // 8)
            time.sleep(30)
            os._exit(int(block[0]))
    time.sleep(30)
    return 0


def huge(megabytes):
    return np.ones(megabytes * 2 ** 20 // 8)


def numpy_submodules():
    """A correct computation that imports what the supervisor never imported."""
    import fractions
    import numpy.polynomial.hermite as H
    return float(H.hermval(2.0, [1, 2])) + float(fractions.Fraction(1, 2))


def huge_past_the_check(megabytes):
    """A huge reply with the call's own size check patched away: the supervisor refuses it."""
    import sys
    for name in ("__main__", "nnbook.grading.sandbox"):         # the supervisor runs as __main__
        if hasattr(sys.modules.get(name), "MAX_REPLY"):
            sys.modules[name].MAX_REPLY = 2 ** 40
    return huge(megabytes)
