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


# --- the stats page's path: grouped assessment rows (``unit_matrix``) and the by-kind sums over the matrix -----

CATEGORIES = ["cbccvc", "nong_dan", "huu_tri", "", "not_a_category"]  # "" counts as "khac"; unknown codes kept
# (exclusion, final_level) pairs as the assessments hold them, with pairs in no slot (``state_of`` is None)
PAIRS = [*((reason, "") for reason in stats.EXCLUSIONS), ("", ""), *(("", level) for level in stats.LEVELS),
         ("exempt", "good"), ("bogus", ""), ("", "bogus")]


def _grouped(rng: random.Random, ids: list[int]) -> list[tuple]:
    """As ``_unit_counts`` returns them: (subject, org_id, member_category, exclusion, final_level, n), one row per
    group, units outside the tree included, several categories per unit and slot."""
    rows = []
    for unit in [*rng.sample(ids, len(ids) // 2), -1, -2]:
        for subject in (Subject.MEMBER, Subject.ORG):
            for exclusion, level in rng.sample(PAIRS, rng.randint(0, 4)):
                for category in (rng.sample(CATEGORIES, rng.randint(1, 3)) if subject == Subject.MEMBER else [""]):
                    rows.append((subject, unit, category, exclusion, level, rng.randint(1, 30)))
    rng.shuffle(rows)
    return rows


def _as_tally_reads(rows: list[tuple]) -> list[tuple]:
    """The same counts as the tally holds them (one row per unit, subject and state): ``snapshot``'s reads."""
    acc: dict = {}
    for subject, unit, _category, exclusion, level, n in rows:
        state = stats.state_of(exclusion, level)
        if state is not None:
            key = (subject, state)
            acc.setdefault(key, {}).setdefault(unit, 0)
            acc[key][unit] += n
    return [(subject, state, list(units.items())) for (subject, state), units in acc.items()]


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_unit_matrix_equals_the_tally_reads_and_counts_each_category(seed):
    rng = random.Random(seed)
    orgs = _tree(rng, 150)
    rows = _rows(orgs)
    grouped = _grouped(rng, list(orgs))
    own, columns, by_category = stats.unit_matrix(rows, TYPES, grouped)
    tally_own, tally_columns = stats.own_matrix(rows, TYPES, _as_tally_reads(grouped))
    assert columns.tolist() == tally_columns.tolist()
    assert own.tolist() == tally_own.tolist()
    expected: dict = {}
    for subject, _unit, category, exclusion, level, n in grouped:
        state = stats.state_of(exclusion, level)
        if subject == Subject.MEMBER and state is not None:
            expected.setdefault(category or "khac", [0] * stats.WIDTH)[stats.SLOT[state]] += n
    assert by_category == expected
    # the page's snapshot then rolls up the same as the tally's
    root = rows[0]
    part = [row for row in rows if row[1].startswith(root[1])]
    page = stats.Snapshot(root_path=root[1], year=2023, on=dt.date(2023, 12, 31), orgs=part,
                          own=stats.unit_matrix(part, TYPES, grouped)[0],
                          columns=stats.unit_matrix(part, TYPES, grouped)[1], ancestors={})
    assert page.rows() == _snapshot(part, _as_tally_reads(grouped), root_path=root[1]).rows()


def test_unit_matrix_of_nothing():
    own, columns, by_category = stats.unit_matrix([], TYPES, [])
    assert own.shape == (0, 0) and len(columns) == 0 and by_category == {}
    rows = _rows(_tree(random.Random(3), 10))
    own, columns, by_category = stats.unit_matrix(rows, TYPES, [(Subject.ORG, -5, "", "", "good", 3)])
    assert own.shape == (len(rows), 0) and by_category == {}


def _by_kind_by_definition(snap) -> dict:
    """``by_kind`` as it was written first: org by org, members under their TCCS's kind (``_grassroots_kind``)."""
    out: dict = {pop: {} for pop in stats.POPULATIONS}
    memo: dict = {}
    for org_id, path, _name, _parent, _type in snap.orgs:
        vector = snap.own_of(org_id)
        for pop in stats.POPULATIONS:
            part = vector[stats.OFFSET[pop]:stats.OFFSET[pop] + stats.WIDTH]
            if not any(part):
                continue
            key = snap._grassroots_kind(path, memo) if pop == stats.MEMBER else snap.flags[org_id][1]
            before = out[pop].get(key, stats.Counts())
            out[pop][key] = before + stats.Counts(part)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_by_kind_over_the_matrix_equals_walking_each_org(seed):
    rng = random.Random(seed)
    orgs = _tree(rng, 150)
    rows = _rows(orgs)
    # grassroots orgs (type 1) with a kind or none; others with a kind that must not be their members' key
    flags = {row[0]: (row[4] == 1, rng.choice([None, 11, 12, 13])) for row in rows}
    grouped = _grouped(rng, list(orgs))
    for root_path, part, ancestors in [("", rows, {}),
                                       (rows[1][1], [r for r in rows if r[1].startswith(rows[1][1])], {}),
                                       # a subtree whose TCCS is above the root: members take its kind
                                       (rows[1][1], [r for r in rows if r[1].startswith(rows[1][1])],
                                        {rows[1][1][:-STEP]: (True, 99)} if len(rows[1][1]) > STEP else {})]:
        own, columns, _ = stats.unit_matrix(part, TYPES, grouped)
        snap = stats.Snapshot(root_path=root_path, year=2023, on=dt.date(2023, 12, 31), orgs=part, own=own,
                              columns=columns, ancestors=ancestors, flags={r[0]: flags[r[0]] for r in part})
        assert snap.by_kind() == _by_kind_by_definition(snap)
