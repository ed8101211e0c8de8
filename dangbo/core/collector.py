"""Pausing Python's cyclic garbage collector around big set-based computations."""

import contextlib
import gc


@contextlib.contextmanager
def gc_paused():
    """Building hundreds of thousands of tuples and ints (e.g. the national rating table) triggers full
    collections that walk every live object and free nothing: those objects hold no cycles. Reference counting
    still frees everything; the collector runs again afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
