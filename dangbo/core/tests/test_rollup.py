"""``core.rollup`` against the definitions, on generated trees (several seeds, and the same orgs restructured):
an org's total is the sum of the own rows of every org whose path starts with its path. No database."""

import random

import numpy as np
import pytest

from dangbo.core.rollup import locator, roll_up
from dangbo.reviews.tests.test_roll_up import _restructure, _rows, _tree


def _inputs(rows):
    ids = np.array([row[0] for row in rows], np.int64)
    at, found = locator(ids)(np.array([row[3] or 0 for row in rows], np.int64))
    return np.where(found, at, -1), np.array([len(row[1]) for row in rows], np.int64)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_roll_up_is_the_sum_over_each_subtree(seed):
    rng = random.Random(seed)
    before = _tree(rng, 150)
    for orgs in (before, _restructure(rng, before, 20)):
        rows = _rows(orgs)
        own = np.array([[rng.randint(0, 9) for _ in range(3)] for _ in rows], np.int64).reshape(len(rows), 3)
        parent, length = _inputs(rows)
        totals = roll_up(parent, length, own, top=0)
        for i, row in enumerate(rows):
            expected = [sum(own[j][c] for j, r in enumerate(rows) if r[1].startswith(row[1])) for c in range(3)]
            assert totals[i].tolist() == expected, row
        # a subtree read from its root: nothing added into the root's parent (not among the rows)
        root = rng.choice(rows)
        part = [i for i, row in enumerate(rows) if row[1].startswith(root[1])]
        sub_parent, sub_length = _inputs([rows[i] for i in part])
        sub = roll_up(sub_parent, sub_length, own[part], top=len(root[1]))
        assert sub.tolist() == totals[part].tolist()
        # the root's ancestors among the rows: at the root's length or above, nothing is added into them
        chain = [i for i, row in enumerate(rows) if root[1].startswith(row[1]) and row != root] + part
        chain_parent, chain_length = _inputs([rows[i] for i in chain])
        high = roll_up(chain_parent, chain_length, own[chain], top=len(root[1]))
        assert high.tolist() == [(totals[i] if i in part else own[i]).tolist() for i in chain]

