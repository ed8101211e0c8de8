"""Sums over the org tree with NumPy: one grouped sum per depth instead of a Python step per org (the rating
table, ``reviews.stats``). Rows are orgs, columns are counts; the caller builds the matrix once from what it reads
and turns the summed rows back into its own figures."""

import numpy as np


def locator(ids: np.ndarray):
    """``locate(wanted)``: the positions in ``ids`` of each of ``wanted``, and which of them are there at all."""
    sorter = np.argsort(ids, kind="stable")

    def locate(wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not len(ids):
            return np.zeros(len(wanted), np.int64), np.zeros(len(wanted), bool)
        found = sorter[np.minimum(np.searchsorted(ids, wanted, sorter=sorter), len(ids) - 1)]
        return found, ids[found] == wanted

    return locate


def roll_up(parent: np.ndarray, length: np.ndarray, own: np.ndarray, *, top: int) -> np.ndarray:
    """Every org's subtree totals: its own row plus its children's totals, deepest paths first, so each depth
    is one grouped sum into the parents (a child's path is longer than its parent's). ``parent`` is each row's
    parent as a row position (-1: none among the rows), ``length`` its path's length. Orgs at the root's length
    ``top`` or above are not added into anything, as in a subtree read from ``top``."""
    totals = own.copy()
    moves = (length > top) & (parent >= 0)
    for size in np.unique(length[moves])[::-1]:
        rows = np.flatnonzero(moves & (length == size))
        into = parent[rows]
        if len(into) > 1 and np.any(into[1:] < into[:-1]):  # path order keeps them sorted; anything else is
            order = np.argsort(into, kind="stable")
            rows, into = rows[order], into[order]
        starts = np.flatnonzero(np.r_[True, into[1:] != into[:-1]])
        totals[into[starts]] += np.add.reduceat(totals[rows], starts, axis=0)
    return totals

