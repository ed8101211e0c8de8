"""One function over many items on several processes. Threads would not help: the work is Python (a country's
statistics walk millions of rows) and Python code runs on one core at a time within a process. Each forked process
opens its own database connections, so it sees only what is committed: inside a transaction (or with one worker,
or one item) everything runs here, in this process."""

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

from django.db import connections


def _fresh() -> None:
    """In a new process: forget the inherited connection objects (closed before the fork), so each opens its own."""
    for alias in connections:
        connections[alias].close()


def spread(fn: Callable, items: Iterable, *, workers: int) -> Iterator[tuple]:
    """``(item, fn(item))`` for every item, as each finishes (in order with one worker). ``fn`` must be a function of
    a module and the items must pickle. Give the longest items first: they are handed out in order."""
    items = list(items)
    if workers <= 1 or len(items) <= 1 or any(connections[alias].in_atomic_block for alias in connections):
        for item in items:
            yield item, fn(item)
        return
    # a forked process must not reuse the parent's open connection (a socket, a SQLite handle mid-statement)
    connections.close_all()
    with ProcessPoolExecutor(max_workers=min(workers, len(items)), initializer=_fresh,
                             mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {pool.submit(fn, item): item for item in items}
        for future in as_completed(futures):
            yield futures[future], future.result()
