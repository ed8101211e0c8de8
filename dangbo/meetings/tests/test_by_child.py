"""The sums of the meeting and member indicators against the definition, on generated trees (several
seeds, the same orgs restructured): a child's value is its per-org values added one by one over the orgs it
lies under that day, the subtree's over every org. No database: ``child_of`` is built as ``child_of_on`` does."""

import random

import pytest

from dangbo.meetings import indicators
from dangbo.meetings.selectors.member_figures import MemberFigures
from dangbo.meetings.selectors.subtree import CellTally
from dangbo.meetings.selectors.year_tally import CELL_FIELDS, MEMBER_FIELDS
from dangbo.orgs.models import Org
from dangbo.reviews.tests.test_roll_up import _restructure, _rows, _tree


def _cell(rng) -> CellTally:
    months_due, quarters_due = rng.choice([0, 0, 3, 12]), rng.choice([0, 1, 4])
    levels = {lv: rng.randint(0, 5) for lv in rng.sample(["good", "fair", "average", "poor"], rng.randint(0, 4))}
    return CellTally(months_due, rng.choice([months_due, rng.randint(0, months_due)]), quarters_due,
                     rng.choice([quarters_due, rng.randint(0, quarters_due)]),
                     *(rng.randint(0, 9) for _ in CELL_FIELDS[4:]), levels=levels)


def _members(rng) -> MemberFigures:
    return MemberFigures(*(rng.randint(0, 40) for _ in MEMBER_FIELDS))


def _cells_by_definition(tallies) -> tuple:
    total = CellTally()
    counts = [0, 0, 0, 0]
    for t in tallies:
        total.add(t)
        counts[0] += bool(t.months_due)
        counts[1] += bool(t.months_due) and t.months_met == t.months_due
        counts[2] += bool(t.quarters_due)
        counts[3] += bool(t.quarters_due) and t.quarters_met == t.quarters_due
    return (*counts, *(getattr(total, f) for f in CELL_FIELDS), {k: v for k, v in total.levels.items() if v})


def _cells(c) -> tuple:
    return (c.cells_months, c.cells_months_ok, c.cells_quarters, c.cells_quarters_ok,
            *(getattr(c.sum, f) for f in CELL_FIELDS), {k: v for k, v in c.sum.levels.items() if v})


def _members_by_definition(figures) -> tuple:
    total = MemberFigures()
    for f in figures:
        total.add(f)
    return tuple(getattr(total, f) for f in MEMBER_FIELDS)


def _child_of(rows, root_path) -> dict[int, int]:
    cut = len(root_path) + Org.steplen
    inside = [(pk, path) for pk, path, *_ in rows if path.startswith(root_path) and path != root_path]
    by_path = {path: pk for pk, path in inside if len(path) == cut}
    return {pk: by_path[path[:cut]] for pk, path in inside if path[:cut] in by_path}


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_sums_per_child_and_over_the_subtree_equal_the_definition(seed):
    rng = random.Random(seed)
    before = _tree(rng, 150)
    for orgs in (before, _restructure(rng, before, 20)):
        rows = _rows(orgs)
        path_of = {pk: path for pk, path, *_ in rows}
        # the sources read the subtree's orgs, some without a value, plus orgs no longer in the tree
        cells = {pk: _cell(rng) for pk in [*orgs, -1, -2] if rng.random() < 0.7}
        members = {pk: _members(rng) for pk in [*orgs, -3] if rng.random() < 0.7}
        for root in [("", ""), *rng.sample(rows, 6)]:
            child_of = _child_of(rows, root[1]) if root[0] else {
                pk: pk for pk, path, *_ in rows if len(path) == Org.steplen}
            if not root[0]:  # a forest's roots as the children, each with its subtree
                child_of = {pk: next(k for k in child_of if path.startswith(path_of[k]))
                            for pk, path, *_ in rows}
            got = indicators._by_child(cells, child_of, indicators._Cells)
            assert set(got) == set(child_of.values())
            for kid, value in got.items():
                under = [t for pk, t in cells.items() if pk in path_of and path_of[pk].startswith(path_of[kid])]
                assert _cells(value) == _cells_by_definition(under), kid
            got = indicators._by_child(members, child_of, MemberFigures)
            assert set(got) == set(child_of.values())
            for kid, value in got.items():
                under = [f for pk, f in members.items() if pk in path_of and path_of[pk].startswith(path_of[kid])]
                assert tuple(getattr(value, f) for f in MEMBER_FIELDS) == _members_by_definition(under), kid
        assert _cells(indicators._total(cells, indicators._Cells)) == _cells_by_definition(cells.values())
        assert (tuple(getattr(indicators._total(members, MemberFigures), f) for f in MEMBER_FIELDS)
                == _members_by_definition(members.values()))


def test_nothing_to_sum():
    assert indicators._by_child({}, {}, indicators._Cells) == {}
    empty = indicators._by_child({5: _members(random.Random(1))}, {7: 8}, MemberFigures)
    assert list(empty) == [8] and empty[8] == MemberFigures()
    assert _cells(indicators._total({}, indicators._Cells)) == _cells_by_definition([])
