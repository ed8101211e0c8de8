"""``topmost_total`` against its definition on generated trees (several seeds, the same orgs restructured): the
sum of the quotas of the plans no other plan's org lies above, over a subtree and per child as the hook groups
them. No database."""

import random

import pytest

from dangbo.admissions.indicators import topmost_total
from dangbo.orgs.models import Org
from dangbo.reviews.tests.test_roll_up import _restructure, _rows, _tree


def _by_definition(rows) -> int | None:
    kept = [quota for path, _pk, quota in rows
            if not any(path.startswith(other) and path != other for other, _o, _q in rows)]
    return sum(kept) if kept else None


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_topmost_total_is_the_sum_of_the_highest_plans(seed):
    rng = random.Random(seed)
    before = _tree(rng, 200)
    for orgs in (before, _restructure(rng, before, 25)):
        tree = _rows(orgs)
        plans = sorted((path, pk, rng.randint(1, 30)) for pk, path, *_ in tree if rng.random() < 0.3)
        assert topmost_total(plans) == _by_definition(plans)
        for root in rng.sample(tree, 10):  # a subtree, and each child of its root as the children hook does
            inside = [row for row in plans if row[0].startswith(root[1])]
            assert topmost_total(inside) == _by_definition(inside)
            cut = len(root[1]) + Org.steplen
            by_kid: dict = {}
            for row in inside:
                if len(row[0]) >= cut:
                    by_kid.setdefault(row[0][:cut], []).append(row)
            for rows in by_kid.values():
                assert topmost_total(rows) == _by_definition(rows)
    assert topmost_total([]) is None
