"""The NumPy roll-up of ``reviews.stats`` against the definition, on generated trees: an org's figures are the
sum of the ratings counted in every org whose path starts with its path that day. No database: the snapshot is
built from rows as ``_org_rows`` and the tally reads return them."""

import datetime as dt
import random

import pytest

from dangbo.orgs.models import Org
from dangbo.reviews import stats
from dangbo.reviews.choices import Subject

TYPES = {1: stats.OFFSET[stats.GRASSROOTS], 2: stats.OFFSET[stats.CELL], 3: -1}  # type id -> first slot
STEP = Org.steplen


def _path(parent_path: str, i: int) -> str:
    digits = []
    for _ in range(STEP):
        i, r = divmod(i, len(Org.alphabet))
        digits.append(Org.alphabet[r])
    return parent_path + "".join(reversed(digits))


def _tree(rng: random.Random, size: int) -> dict[int, dict]:
    """org_id -> {parent, type, name}: a few roots, then each org under a random earlier one."""
    ids = rng.sample(range(1, 10 * size), size)
    orgs = {}
    for k, org_id in enumerate(ids):
        parent = None if k < 3 or rng.random() < 0.02 else rng.choice(ids[:k])
        orgs[org_id] = {"parent": parent, "type": rng.choice(list(TYPES)), "name": f"org {org_id}"}
    return orgs


def _rows(orgs: dict[int, dict]) -> list[tuple]:
    """As ``_org_rows``: (org_id, path, name, parent_id, type_id), paths laid from the parents, sorted by path."""
    children: dict = {}
    for org_id, o in orgs.items():
        children.setdefault(o["parent"], []).append(org_id)
    rows, stack = [], [(org_id, "") for org_id in children.get(None, [])]
    counter: dict = {}
    while stack:
        org_id, parent_path = stack.pop()
        counter[parent_path] = counter.get(parent_path, 0) + 1
        path = _path(parent_path, counter[parent_path])
        rows.append((org_id, path, orgs[org_id]["name"], orgs[org_id]["parent"], orgs[org_id]["type"]))
        stack.extend((child, path) for child in children.get(org_id, []))
    rows.sort(key=lambda row: row[1])
    return rows


def _restructure(rng: random.Random, orgs: dict[int, dict], moves: int) -> dict[int, dict]:
    """Another day's tree: subtrees moved under other orgs (never under themselves), one org made a root."""
    orgs = {k: dict(v) for k, v in orgs.items()}

    def under(org_id, ancestor) -> bool:
        while org_id is not None:
            if org_id == ancestor:
                return True
            org_id = orgs[org_id]["parent"]
        return False

    ids = list(orgs)
    for _ in range(moves):
        moved, target = rng.sample(ids, 2)
        if not under(target, moved):
            orgs[moved]["parent"] = target
    orgs[rng.choice(ids)]["parent"] = None
    return orgs


def _reads(rng: random.Random, ids: list[int]) -> list[tuple]:
    """Tally reads as ``snapshot`` makes them, one row per unit and read, with units outside the tree too."""
    outside = [-i for i in range(1, 6)]
    reads = []
    for subject in (Subject.MEMBER, Subject.ORG):
        for state in stats.STATES:
            if rng.random() < 0.4:
                continue
            units = rng.sample(ids + outside, rng.randint(0, len(ids) // 2))
            reads.append((subject, state, [(u, rng.randint(1, 40)) for u in units]))
    return reads


def _by_definition(rows: list[tuple], reads: list[tuple]) -> tuple[dict, dict]:
    own = {row[0]: [0] * len(stats.ZEROS) for row in rows}
    type_of = {row[0]: row[4] for row in rows}
    for subject, state, units in reads:
        for org_id, n in units:
            if org_id not in own:
                continue
            if subject == Subject.MEMBER:
                own[org_id][stats.OFFSET[stats.MEMBER] + stats.SLOT[state]] += n
            elif TYPES[type_of[org_id]] >= 0:
                own[org_id][TYPES[type_of[org_id]] + stats.SLOT[state]] += n
    return {row[0]: [sum(col) for col in zip(*(own[r[0]] for r in rows if r[1].startswith(row[1])), strict=True)]
            for row in rows}, own


def _snapshot(rows, reads, root_path=""):
    own, columns = stats.own_matrix(rows, TYPES, reads)
    return stats.Snapshot(root_path=root_path, year=2023, on=dt.date(2023, 12, 31), orgs=rows, own=own,
                          columns=columns, ancestors={})


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_numpy_roll_up_equals_the_sum_over_each_subtree(seed):
    rng = random.Random(seed)
    before = _tree(rng, 120)
    for orgs in (before, _restructure(rng, before, 15)):
        rows = _rows(orgs)
        reads = _reads(rng, list(orgs))
        expected, own = _by_definition(rows, reads)
        snap = _snapshot(rows, reads)
        table = snap.rows()
        assert [r.org_id for r in table] == [row[0] for row in rows]
        for r in table:
            assert list(stats.unpack(r.packed)) == expected[r.org_id], r.org_id
            assert list(snap.total_of(r.org_id)) == expected[r.org_id]
            assert list(snap.own_of(r.org_id)) == own[r.org_id]
        assert snap.own == {k: sum(n << i * stats.BITS for i, n in enumerate(v)) for k, v in own.items() if any(v)}
        # A subtree read from its root: the root and the orgs under it, nothing added above the root.
        root = rng.choice([row for row in rows if any(r[1].startswith(row[1]) and r != row for r in rows)])
        part = [row for row in rows if row[1].startswith(root[1])]
        sub = _snapshot(part, reads, root_path=root[1])
        assert [list(stats.unpack(r.packed)) for r in sub.rows()] == [expected[row[0]] for row in part]
        assert {r.depth for r in sub.rows() if r.org_id == root[0]} == {0}


def test_no_orgs_and_no_ratings():
    empty = _snapshot([], [])
    assert empty.rows() == [] and empty.total_of(7) == stats.ZEROS
    rows = _rows(_tree(random.Random(9), 10))
    snap = _snapshot(rows, [])
    assert all(r.packed == 0 for r in snap.rows()) and snap.own == {}
