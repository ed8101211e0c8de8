"""Rating statistics for any subtree and year — the one source of every figure on the stats page, in the XLSX
export, in the API and in the report paragraph.

Counted over the tree *as it stood at the end of the year* (``OrgPlacement`` rows valid on 31/12, or today for
the current year): each rating sits in its unit (``Assessment.org``), and a unit belongs to the orgs whose
path prefixed its path that day — so a cell moved after the year still counts under its old parent.

Set-based: one range read of ``RatingTally`` (how many assessments per unit, subject and state; kept exact by
database triggers) per subject and state, instead of counting millions of assessments, into a NumPy matrix (one
row per org, one column per population and state); then one grouped sum per depth adds every org's counts into
its parent. The number of queries is fixed; never a query per org. The stats page (``rating_stats``) needs the
members' categories too, which the tally does not hold: it reads the subtree's assessments once, grouped per unit,
category and state from their covering index (``_page_snapshot``) — the tally's counts and the categories in one
read, where the tally reads and a category read cost twice as much for a province.

Three populations (``POPULATIONS``): tổ chức cơ sở đảng (rated orgs whose type is grassroots), chi bộ trực
thuộc (cells that are not grassroots) and đảng viên. Each is counted as a ``Counts``: excluded by reason
(listed, not counted, R1), not yet decided, and decided per level; percentages are of the decided total,
rounded half-up (N1).
"""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property, reduce
from itertools import chain
from operator import add, itemgetter, or_
from typing import NamedTuple

import numpy as np
from django.db import connections
from django.db.models import Count, Q, QuerySet

from dangbo.accounts.scope import scope_for
from dangbo.core.collector import gc_paused
from dangbo.core.dates import today
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.numbers import percent
from dangbo.core.rollup import locator, roll_up
from dangbo.members.choices import MemberCategory
from dangbo.orgs.models import Org, OrgKind, OrgPlacement, OrgType
from dangbo.orgs.selectors import placement_on
from dangbo.reviews.choices import GOOD_OR_ABOVE, LEVEL_ORDER, Exclusion, Subject
from dangbo.reviews.models import Assessment, RatingTally, ReviewCampaign

GRASSROOTS, CELL, MEMBER = "grassroots", "cell", "member"
POPULATIONS = (GRASSROOTS, CELL, MEMBER)
POPULATION_LABELS = {GRASSROOTS: "Tổ chức cơ sở đảng", CELL: "Chi bộ trực thuộc", MEMBER: "Đảng viên"}

EXCLUSIONS = tuple(Exclusion.values)
LEVELS = tuple(str(level.value) for level in LEVEL_ORDER)
UNDECIDED = "undecided"
# One slot per state an assessment can be in; a population's counts are a vector of these.
STATES = (*EXCLUSIONS, UNDECIDED, *LEVELS)
WIDTH = len(STATES)
SLOT = {state: i for i, state in enumerate(STATES)}
OFFSET = {pop: i * WIDTH for i, pop in enumerate(POPULATIONS)}
ZEROS = (0,) * (WIDTH * len(POPULATIONS))
# A table row's three vectors travel packed in one Python int, 40 bits a slot (a trillion ratings): one object
# per row instead of 99 ints — the difference at 300.000 rows.
BITS = 40
MASK = (1 << BITS) - 1
POP_MASK = (1 << BITS * WIDTH) - 1
NO_KIND = "Chưa phân loại"
NO_KIND_CODE = "-"
YEARS_SHOWN = 5


def state_of(exclusion: str, final_level: str) -> str | None:
    """The slot of one assessment: an exclusion wins (R1: listed, not counted); no final level is undecided.
    The services write no other values; anything else is in no slot (and in no figure, anywhere)."""
    if exclusion:
        return exclusion if exclusion in EXCLUSIONS and not final_level else None
    if not final_level:
        return UNDECIDED
    return final_level if final_level in LEVELS else None


# The same slots as filters on the assessments (drill-down to the people behind a number).
STATE_Q = {
    # An exclusion is its slot only without a final level (``state_of``).
    **{reason: Q(exclusion=reason, final_level="") for reason in EXCLUSIONS},
    UNDECIDED: Q(exclusion="", final_level=""),
    **{level: Q(exclusion="", final_level=level) for level in LEVELS},
}


POPULATION_Q = {
    MEMBER: Q(subject=Subject.MEMBER),
    GRASSROOTS: Q(subject=Subject.ORG, org__type__is_grassroots=True),
    CELL: Q(subject=Subject.ORG, org__type__is_cell=True, org__type__is_grassroots=False),
}


def _any(states) -> Q:
    return reduce(or_, (STATE_Q[state] for state in states))


def population_of_org(*, is_grassroots: bool, is_cell: bool) -> str | None:
    """Which org population a rated org's type puts it in (đảng bộ bộ phận are in neither)."""
    if is_grassroots:
        return GRASSROOTS
    if is_cell:
        return CELL
    return None


class Counts:
    """One population's figures in one scope: a vector over ``STATES``, with the report's derived numbers."""

    __slots__ = ("v",)

    def __init__(self, vector=None):
        self.v = tuple(vector) if vector is not None else (0,) * WIDTH
        if len(self.v) != WIDTH:
            raise ValueError("vector length")

    @classmethod
    def of(cls, *, excluded: dict | None = None, undecided: int = 0, **levels: int) -> "Counts":
        v = [0] * WIDTH
        for reason, n in (excluded or {}).items():
            v[SLOT[reason]] += n
        v[SLOT[UNDECIDED]] = undecided
        for level, n in levels.items():
            v[SLOT[level]] = n
        return cls(v)

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(map(add, self.v, other.v))

    def __eq__(self, other):
        return isinstance(other, Counts) and self.v == other.v

    def __hash__(self):
        return hash(self.v)

    def __repr__(self):
        return f"Counts({dict(zip(STATES, self.v, strict=True))})"

    def __getitem__(self, state: str) -> int:
        return self.v[SLOT[state]]

    @property
    def excluded(self) -> dict[str, int]:
        return {reason: self.v[SLOT[reason]] for reason in EXCLUSIONS}

    @property
    def excluded_total(self) -> int:
        return sum(self.v[SLOT[reason]] for reason in EXCLUSIONS)

    @property
    def undecided(self) -> int:
        return self.v[SLOT[UNDECIDED]]

    @property
    def levels(self) -> dict[str, int]:
        return {level: self.v[SLOT[level]] for level in LEVELS}

    @property
    def decided(self) -> int:
        return sum(self.v[SLOT[level]] for level in LEVELS)

    @property
    def subject(self) -> int:
        """Thuộc diện đánh giá, xếp loại: everyone listed but the excluded."""
        return self.undecided + self.decided

    @property
    def listed(self) -> int:
        return self.subject + self.excluded_total

    @property
    def good_or_above(self) -> int:
        """"HTT trở lên" includes HTXSNV (N1)."""
        return sum(self.v[SLOT[level]] for level in GOOD_OR_ABOVE)

    @property
    def excellent(self) -> int:
        return self.v[SLOT[LEVELS[0]]]

    def pct(self, level: str):
        return percent(self[level], self.decided)

    @property
    def good_or_above_pct(self):
        return percent(self.good_or_above, self.decided)

    @property
    def excellent_among_good_pct(self):
        """HTXSNV among those rated good or above: the measure of the 20% targets (R4, TARGETS.md)."""
        return percent(self.excellent, self.good_or_above)

    @property
    def is_empty(self) -> bool:
        return not any(self.v)

    def as_dict(self) -> dict:
        def pct(value):
            return None if value is None else float(value)

        return {
            "listed": self.listed, "subject": self.subject, "excluded": self.excluded,
            "excluded_total": self.excluded_total, "undecided": self.undecided, "decided": self.decided,
            "levels": self.levels, "good_or_above": self.good_or_above,
            "percent": {level: pct(self.pct(level)) for level in LEVELS},
            "good_or_above_percent": pct(self.good_or_above_pct),
            "excellent_among_good_percent": pct(self.excellent_among_good_pct),
        }


def split(vector) -> dict[str, Counts]:
    """A combined vector (the three populations side by side) → one ``Counts`` per population."""
    return {pop: Counts(vector[OFFSET[pop]:OFFSET[pop] + WIDTH]) for pop in POPULATIONS}


def shift(pop: str, state: str) -> int:
    return (OFFSET[pop] + SLOT[state]) * BITS


def unpack(packed: int, width: int = WIDTH * len(POPULATIONS)) -> tuple:
    return tuple((packed >> (i * BITS)) & MASK for i in range(width))


def total(counts) -> Counts:
    out = Counts()
    for c in counts:
        out = out + c
    return out


def counted_on(year: int, *, now: dt.date | None = None) -> dt.date:
    """The day whose tree a year's figures use: 31/12 of the year, or today while the year runs."""
    return min(dt.date(year, 12, 31), now or today())


def _valid_on(on: dt.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))


# --- one snapshot: the subtree on a day, every org's own counts and its subtree totals ------------------------


class TableRow(NamedTuple):
    """One org of the subtree with the totals of its own subtree (``rating_table``)."""

    org_id: int
    path: str
    name: str
    depth: int
    packed: int  # the three populations' vectors, see ``BITS``

    @property
    def counts(self) -> dict[str, Counts]:
        return split(unpack(self.packed))


def org_ids(orgs: list[tuple]) -> np.ndarray:
    return np.fromiter((row[0] for row in orgs), np.int64, len(orgs))


def parents_of(orgs: list[tuple], ids: np.ndarray) -> np.ndarray:
    """Each org's parent of that day as a position in ``orgs`` (-1: a root, or a parent outside the rows)."""
    parent_ids = np.fromiter((row[3] or 0 for row in orgs), np.int64, len(orgs))
    at, found = locator(ids)(parent_ids)
    return np.where(found, at, -1)


def pack(matrix: np.ndarray, columns: np.ndarray) -> list[int]:
    """Each row as one int, ``BITS`` a slot, slot ``columns[j]`` holding ``matrix[:, j]``: what ``unpack`` reads.
    Built as little-endian bytes, five a slot, so each row is one ``int.from_bytes``."""
    size = BITS // 8
    width = (int(columns.max()) + 1) * size if len(columns) else size
    raw = np.zeros((len(matrix), width), np.uint8)
    for j, column in enumerate(columns.tolist()):
        raw[:, column * size:(column + 1) * size] = (
            matrix[:, j].astype("<u8").view(np.uint8).reshape(len(matrix), 8)[:, :size])
    view = memoryview(raw.reshape(-1))
    from_bytes = int.from_bytes
    return [from_bytes(view[i:i + width], "little") for i in range(0, len(view), width)]


class Snapshot:
    """The subtree of one org as it stood on ``on``, with the year's counts rolled up the tree.

    Counts are a matrix, one row per org of ``orgs`` (same order) and one column per population and slot that
    occurs (``columns``: their places in the packed vector, ``OFFSET`` + ``SLOT``): the roll-up is then a few
    NumPy sums per depth instead of a Python step per org, over a dozen columns rather than all 99."""

    def __init__(self, *, root_path: str, year: int, on: dt.date, orgs: list[tuple], own: np.ndarray,
                 columns: np.ndarray, ancestors: dict[str, tuple], flags: dict[int, tuple] | None = None):
        self.root_path, self.year, self.on = root_path, year, on
        if flags is not None:  # read with the org rows (``_org_rows_flagged``): no second read of the orgs
            self.flags = flags
        # org_id, path, name, parent_id, type_id — as placed that day, sorted by path
        self.orgs = orgs
        self.own_matrix = own  # the ratings counted in each org itself
        self.columns = columns
        self.ancestors = ancestors  # path -> (is_grassroots, kind_id) above the root, for members' TCCS
        self.ids = org_ids(orgs)
        self.total_matrix = roll_up(parents_of(orgs, self.ids),
                                    np.fromiter((len(row[1]) for row in orgs), np.int64, len(orgs)),
                                    own, top=len(root_path))

    @cached_property
    def by_path(self) -> dict[str, tuple]:
        return {row[1]: row for row in self.orgs}

    @cached_property
    def _index(self) -> dict[int, int]:
        return {org_id: i for i, org_id in enumerate(self.ids.tolist())}

    @cached_property
    def packed_totals(self) -> list[int]:
        return pack(self.total_matrix, self.columns)

    @cached_property
    def own(self) -> dict[int, int]:
        """org_id -> packed counts of the ratings counted in that org itself (orgs with any)."""
        return {org_id: v for org_id, v in zip(self.ids.tolist(), pack(self.own_matrix, self.columns), strict=True)
                if v}

    def _vector(self, matrix: np.ndarray, org_id) -> tuple:
        i = self._index.get(org_id)
        if i is None:
            return ZEROS
        out = list(ZEROS)
        for column, n in zip(self.columns.tolist(), matrix[i].tolist(), strict=True):
            out[column] = n
        return tuple(out)

    @cached_property
    def flags(self) -> dict[int, tuple]:
        """org_id -> (is_grassroots, kind_id), for the breakdowns by kind (not needed by the table itself)."""
        ids = [row[0] for row in self.orgs]
        out = {}
        for i in range(0, len(ids), 5000):
            out.update((pk, (gr, kind)) for pk, gr, kind in Org.objects.filter(pk__in=ids[i:i + 5000])
                       .values_list("pk", "type__is_grassroots", "kind_id"))
        return out

    @property
    def root_id(self) -> int | None:
        row = self.by_path.get(self.root_path)
        return row[0] if row else None

    def total_of(self, org_id) -> tuple:
        return self._vector(self.total_matrix, org_id)

    def own_of(self, org_id) -> tuple:
        return self._vector(self.own_matrix, org_id)

    def children(self) -> list[tuple]:
        size = len(self.root_path) + Org.steplen
        return [row for row in self.orgs if len(row[1]) == size]

    def rows(self) -> list[TableRow]:
        step = Org.steplen
        base = len(self.root_path) // step or 1  # the table's top rows are at depth 0
        new = tuple.__new__  # TableRow._make without its Python frame: 300.000 rows
        return [new(TableRow, (row[0], row[1], row[2], len(row[1]) // step - base, v))
                for row, v in zip(self.orgs, self.packed_totals, strict=True)]

    def _grassroots_kind(self, path: str, memo: dict) -> int | None:
        """The kind of the nearest tổ chức cơ sở đảng at or above ``path`` (members are grouped by it)."""
        if path in memo:
            return memo[path]
        step = Org.steplen
        probe = path
        kind = None
        while probe:
            row = self.by_path.get(probe)
            flags = self.flags.get(row[0]) if row else self.ancestors.get(probe)
            if flags and flags[0]:
                kind = flags[1]
                break
            probe = probe[:-step]
        memo[path] = kind
        return kind

    def own_kinds(self) -> np.ndarray:
        """Each org's own kind id, in ``orgs`` order (-1 for None)."""
        flags = self.flags
        return np.fromiter((-1 if flags[row[0]][1] is None else flags[row[0]][1] for row in self.orgs), np.int64,
                           len(self.orgs))

    def grassroots_kinds(self) -> np.ndarray:
        """``_grassroots_kind`` of every org of ``orgs`` (-1 for None), top down one path length at a time: an
        org's is its own kind when it is grassroots, else its parent's (by path, as ``_grassroots_kind`` walks)."""
        step = Org.steplen
        size = len(self.orgs)
        flags = self.flags
        is_grassroots = np.fromiter((bool(flags[row[0]][0]) for row in self.orgs), bool, size)
        own_kind = self.own_kinds()
        at = {row[1]: i for i, row in enumerate(self.orgs)}
        parent = np.fromiter((at.get(row[1][:-step], -1) for row in self.orgs), np.int64, size)
        length = np.fromiter((len(row[1]) for row in self.orgs), np.int64, size)
        kinds = np.full(size, -1, np.int64)
        memo: dict = {}
        for top in np.flatnonzero(parent < 0).tolist():  # above the rows: the snapshot's ancestors
            above = self._grassroots_kind(self.orgs[top][1][:-step], memo)
            kinds[top] = own_kind[top] if is_grassroots[top] else (-1 if above is None else above)
        for depth in np.unique(length[parent >= 0]).tolist():  # parents' paths are shorter: already set
            rows = np.flatnonzero((length == depth) & (parent >= 0))
            kinds[rows] = np.where(is_grassroots[rows], own_kind[rows], kinds[parent[rows]])
        return kinds

    def by_kind(self) -> dict[str, dict[int | None, Counts]]:
        """Per population, per kind id: orgs by their own kind, members by their TCCS's kind. Grouped over the
        own-counts matrix: one sum per population, not a Python step per org."""
        out: dict[str, dict[int | None, Counts]] = {pop: {} for pop in POPULATIONS}
        if not len(self.orgs) or not len(self.columns):
            return out
        own_kind = self.own_kinds()
        columns = self.columns
        for pop in POPULATIONS:
            picked = np.flatnonzero((columns >= OFFSET[pop]) & (columns < OFFSET[pop] + WIDTH))
            if not len(picked):
                continue
            part = self.own_matrix[:, picked]
            rated = np.flatnonzero(part.any(axis=1))
            if not len(rated):
                continue
            keys = (self.grassroots_kinds() if pop == MEMBER else own_kind)[rated]
            found, at = np.unique(keys, return_inverse=True)
            sums = np.zeros((len(found), len(picked)), np.int64)
            np.add.at(sums, at.reshape(-1), part[rated])
            slots = (columns[picked] - OFFSET[pop]).tolist()
            for key, row in zip(found.tolist(), sums.tolist(), strict=True):
                vector = [0] * WIDTH
                for slot, n in zip(slots, row, strict=True):
                    vector[slot] = n
                out[pop][None if key == -1 else key] = Counts(vector)
        return out


def _within(prefix: str) -> Q:
    """``path`` in the subtree of ``prefix``: the prefix test, plus the same as a range so SQLite (whose LIKE
    ignores case and so its index) reads only the subtree. Paths sort in treebeard's alphabet order."""
    q = Q(path__startswith=prefix, path__gte=prefix)
    alphabet = Org.alphabet
    chars = list(prefix)
    while chars:
        i = alphabet.index(chars[-1])
        if i + 1 < len(alphabet):
            chars[-1] = alphabet[i + 1]
            return q & Q(path__lt="".join(chars))
        chars.pop()
    return q


def _subtree_ids(on: dt.date, prefix: str) -> QuerySet:
    return OrgPlacement.objects.filter(_valid_on(on), _within(prefix)).values("org_id")


def _raw(qs: QuerySet) -> list[tuple]:
    """The rows of a values_list query as the driver returns them: at hundreds of thousands of rows, Django's
    per-row converters cost more than the query. Only for ints and strings (SQLite gives booleans as 0/1)."""
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _org_rows(on: dt.date, prefix: str) -> list[tuple]:
    qs = OrgPlacement.objects.filter(_valid_on(on))
    if prefix:
        qs = qs.filter(_within(prefix))
    rows = _raw(qs.order_by().values_list("org_id", "path", "name", "parent_id", "org__type_id"))
    rows.sort(key=itemgetter(1))
    return rows


def _org_rows_flagged(on: dt.date, prefix: str) -> tuple[list[tuple], dict[int, tuple]]:
    """``_org_rows`` of a subtree and ``Snapshot.flags`` in the same read: the placements joined to their org and
    type, instead of the orgs again by id afterwards (5.000 ids a query: 0,27 s for Hà Nội's 29.748 orgs)."""
    rows = _raw(OrgPlacement.objects.filter(_valid_on(on), _within(prefix)).order_by()
                .values_list("org_id", "path", "name", "parent_id", "org__type_id", "org__type__is_grassroots",
                             "org__kind_id"))
    rows.sort(key=itemgetter(1))
    # SQLite gives the boolean as 0/1 (``_raw``); ``flags`` holds it as the ORM does
    return [row[:5] for row in rows], {row[0]: (bool(row[5]), row[6]) for row in rows}


def _unit_counts(year: int, ids) -> list[tuple]:
    """(subject, org_id, member_category, exclusion, final_level, n): the year's assessments of the units of
    ``ids`` grouped per unit, read from their covering index (``assessment_category_read``) in index order — the
    same counts as the tally's, plus the member's category, in one read instead of 22 tally reads and the
    category's own read."""
    return _raw(Assessment.objects.filter(year=year, subject__in=[Subject.MEMBER, Subject.ORG], org_id__in=ids)
                .order_by().values_list("subject", "org_id", "member_category", "exclusion", "final_level")
                .annotate(n=Count("*")))


class _Codes(dict):
    """(subject, member_category, exclusion, final_level) -> its position in ``keys``, added on first sight, so
    a read's rows are numbered by a C-level ``map`` over a dict of a few dozen keys."""

    def __init__(self):
        super().__init__()
        self.keys_seen: list[tuple] = []

    def __missing__(self, key):
        self[key] = len(self.keys_seen)
        self.keys_seen.append(key)
        return self[key]


def unit_matrix(orgs: list[tuple], offset_of_type: dict[int, int], rows: list[tuple]
                ) -> tuple[np.ndarray, np.ndarray, dict[str, list[int]]]:
    """``own_matrix`` from grouped assessment rows (``_unit_counts``; a unit may have several rows per slot, one
    per category), and the members' counts per category (``Assessment.member_category`` as the review recorded it): category code
    ("" is "other") -> vector over ``STATES``."""
    locate = locator(org_ids(orgs))
    org_offset = np.fromiter((offset_of_type[row[4]] for row in orgs), np.int64, len(orgs))
    codes = _Codes()
    if rows:
        subjects, units, categories, exclusions, levels, ns = zip(*rows, strict=True)
        keys_of_rows = zip(subjects, categories, exclusions, levels, strict=True)
        key = np.fromiter(map(codes.__getitem__, keys_of_rows), np.int64, len(rows))
        unit = np.fromiter(units, np.int64, len(rows))
        n = np.fromiter(ns, np.int64, len(rows))
    else:
        key = unit = n = np.zeros(0, np.int64)
    keys = codes.keys_seen
    key_slot = np.array([SLOT.get(state_of(exc, level), -1) for _s, _c, exc, level in keys] or [0], np.int64)
    key_member = np.array([s == Subject.MEMBER for s, *_ in keys] or [False])
    category_of = [(c or MemberCategory.OTHER.value) for _s, c, *_ in keys]
    slot, member = key_slot[key], key_member[key]
    pos, found = locate(unit)
    base = np.where(member, OFFSET[MEMBER], org_offset[pos] if len(orgs) else -1)
    counted = found & (slot >= 0) & (base >= 0)
    column = (base + slot)[counted]
    columns = np.unique(column)
    cells = pos[counted] * len(columns) + np.searchsorted(columns, column)
    own = np.bincount(cells, weights=n[counted], minlength=len(orgs) * len(columns)).astype(np.int64)
    # by category: every member row in a slot, as the category's own read counted them
    per_key = np.bincount(key, weights=n, minlength=len(keys)).astype(np.int64).tolist()
    by_category: dict[str, list[int]] = {}
    for k, (subject, _c, exclusion, level) in enumerate(keys):
        state = state_of(exclusion, level)
        if subject == Subject.MEMBER and state is not None and per_key[k]:
            by_category.setdefault(category_of[k], [0] * WIDTH)[SLOT[state]] += per_key[k]
    return own.reshape(len(orgs), len(columns)), columns, by_category


def _ancestor_flags(on: dt.date, path: str) -> dict[str, tuple]:
    step = Org.steplen
    prefixes = [path[:i] for i in range(step, len(path), step)]
    if not prefixes:
        return {}
    rows = OrgPlacement.objects.filter(_valid_on(on), path__in=prefixes).values_list(
        "path", "org__type__is_grassroots", "org__kind_id")
    return {p: (gr, kind) for p, gr, kind in rows}


def _tally_by_org(year: int, subject: str, ids, state_q: Q) -> QuerySet:
    """(org_id, n) of one subject and slot: one range of the tally's covering index, already one row per org."""
    qs = RatingTally.objects.filter(state_q, year=year, subject=subject).order_by()
    if ids is not None:
        qs = qs.filter(org_id__in=ids)
    return qs.values_list("org_id", "n")


def own_matrix(orgs: list[tuple], offset_of_type: dict[int, int], reads) -> tuple[np.ndarray, np.ndarray]:
    """The counts of the ratings in each org itself, one row per org of ``orgs``, and the packed slot of each
    column (only the slots that occur: a year uses a dozen of the 99). ``reads`` yields (subject, state,
    [(org_id, n), …]) with one row per unit, so a column's cells are distinct and a plain fancy-index add is
    exact. An org's own rating goes to the population of its type: ``offset_of_type`` gives the first slot of
    that population, -1 for neither (đảng bộ bộ phận)."""
    locate = locator(org_ids(orgs))
    org_offset = np.fromiter((offset_of_type[row[4]] for row in orgs), np.int64, len(orgs))
    cells = []  # (positions, packed slots, counts) per read
    for subject, state, rows in reads:
        if not rows:
            continue
        # from the flat stream of ints, not a list of tuples: a third of the time at a million rows
        read = np.fromiter(chain.from_iterable(rows), np.int64, 2 * len(rows)).reshape(-1, 2)
        pos, found = locate(read[:, 0])
        pos, n = pos[found], read[found, 1]
        if subject == Subject.MEMBER:
            slots = np.full(len(pos), OFFSET[MEMBER] + SLOT[state])
        else:
            base = org_offset[pos]
            rated = base >= 0
            pos, n, slots = pos[rated], n[rated], base[rated] + SLOT[state]
        cells.append((pos, slots, n))
    columns = np.unique(np.concatenate([c[1] for c in cells])) if cells else np.zeros(0, np.int64)
    own = np.zeros((len(orgs), len(columns)), np.int64)
    for pos, slots, n in cells:
        own[pos, np.searchsorted(columns, slots)] += n
    return own, columns


def snapshot(*, org: Org | None, year: int, now: dt.date | None = None) -> Snapshot:
    """Unscoped: callers check the user's scope on ``org`` first. ``org=None`` is the whole tree (every root)."""
    on = counted_on(year, now=now)
    if org is None:
        prefix, ids_q = "", None  # the whole tree: no subtree filter, straight scans of the year's ratings
    else:
        at = placement_on(org=org, on=on)
        if at is None:
            return Snapshot(root_path="", year=year, on=on, orgs=[], own=np.zeros((0, 0), np.int64),
                            columns=np.zeros(0, np.int64), ancestors={})
        prefix, ids_q = at.path, _subtree_ids(on, at.path)
    orgs = _org_rows(on, prefix)
    offset_of_type = {pk: OFFSET.get(population_of_org(is_grassroots=gr, is_cell=cell), -1)
                      for pk, gr, cell in OrgType.objects.values_list("pk", "is_grassroots", "is_cell")}
    # Per subject and slot, one read of the tally (kept by triggers: one row per unit, subject and state), so
    # no assessment is counted here and there is never a query per org.
    reads = ((subject, state, _raw(_tally_by_org(year, subject, ids_q, q)))
             for subject in (Subject.MEMBER, Subject.ORG) for state, q in STATE_Q.items())
    own, columns = own_matrix(orgs, offset_of_type, reads)
    # Ratings in units that were not in the tree that day are read but land in no row: no org of that day's
    # tree holds them, so no figure does.
    return Snapshot(root_path=prefix, year=year, on=on, orgs=orgs, own=own, columns=columns,
                    ancestors=_ancestor_flags(on, prefix) if prefix else {})


def _page_snapshot(*, org: Org, year: int) -> tuple[Snapshot, dict[str, list[int]]]:
    """``snapshot(org=org, year=year)`` with its flags, and the members' counts per category, for the stats page:
    the orgs with their flags in one read and every unit's counts with their category in another
    (``_unit_counts``), instead of the orgs twice, 22 tally reads and the category's read. The same figures: the
    tally is the same GROUP BY kept by triggers (``test_tally``), and ``test_roll_up`` compares the two paths."""
    on = counted_on(year)
    at = placement_on(org=org, on=on)
    if at is None:
        return Snapshot(root_path="", year=year, on=on, orgs=[], own=np.zeros((0, 0), np.int64),
                        columns=np.zeros(0, np.int64), ancestors={}), {}
    orgs, flags = _org_rows_flagged(on, at.path)
    offset_of_type = {pk: OFFSET.get(population_of_org(is_grassroots=gr, is_cell=cell), -1)
                      for pk, gr, cell in OrgType.objects.values_list("pk", "is_grassroots", "is_cell")}
    own, columns, by_category = unit_matrix(orgs, offset_of_type, _unit_counts(year, _subtree_ids(on, at.path)))
    return Snapshot(root_path=at.path, year=year, on=on, orgs=orgs, own=own, columns=columns,
                    ancestors=_ancestor_flags(on, at.path), flags=flags), by_category


def _require(user, org: Org) -> None:
    scope_for(user).require_path(org.path)


def check_year(year) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError) as exc:
        raise DomainError("Năm đánh giá phải là số, ví dụ 2024.", field="year") from exc
    if not 1990 <= value <= today().year:
        raise DomainError(f"Năm đánh giá phải từ 1990 đến {today().year}.", field="year")
    return value


def rating_table(*, user, org: Org | None, year: int) -> list[TableRow]:
    """Every org of ``org``'s subtree (as it stood at the end of ``year``) with its subtree's counts per
    population — the full statistics table, in path order. ``org=None``: the whole tree, for administrators."""
    if org is None:
        if not scope_for(user).is_admin:
            raise OutOfScope()
    else:
        _require(user, org)
    with gc_paused():
        return snapshot(org=org, year=check_year(year)).rows()


# --- the stats page / API / XLSX / paragraph dataset ------------------------------------------------------


@dataclass(frozen=True)
class ChildRow:
    org_id: int
    name: str
    counts: dict[str, Counts]
    is_own: bool = False  # the ratings counted in the root org itself (its own rating, its own members)
    can_open: bool = False  # the user may open this child's own statistics page


@dataclass(frozen=True)
class Breakdown:
    key: str
    label: str
    counts: Counts
    parts: tuple = ()


@dataclass(frozen=True)
class RatingStats:
    org: Org
    name_on: str
    year: int
    on: dt.date
    totals: dict[str, Counts]
    children: list[ChildRow]
    by_category: list[Breakdown]
    by_kind: dict[str, list[Breakdown]]
    years: list[tuple[int, dict[str, Counts]]]

    @property
    def has_data(self) -> bool:
        return any(not c.is_empty for c in self.totals.values())


def _categories(acc: dict[str, list[int]]) -> list[Breakdown]:
    """Members per category as the review recorded it (``Assessment.member_category``, counted by
    ``unit_matrix``), in the categories' order; codes no longer in the list keep their row, last."""
    labels = dict(MemberCategory.choices)
    order = list(MemberCategory.values)
    return [Breakdown(code, labels.get(code, code), Counts(acc[code]))
            for code in sorted(acc, key=lambda c: order.index(c) if c in order else len(order))]


def _kind_breakdown(snap: Snapshot) -> dict[str, list[Breakdown]]:
    """Per population: one row per kind group (biểu thống kê), its kinds as parts."""
    kinds = {k.pk: k for k in OrgKind.objects.all()}
    last = (10_000, "")
    out = {}
    for pop, by_id in snap.by_kind().items():
        groups: dict[str, list[tuple]] = {}
        for kind_id, counts in by_id.items():
            kind = kinds.get(kind_id)
            group = (kind.group or kind.name) if kind else NO_KIND
            key = (kind.order, kind.code) if kind else last
            groups.setdefault(group, []).append((key, Breakdown(kind.code if kind else NO_KIND_CODE,
                                                                kind.name if kind else NO_KIND, counts)))
        rows = []
        for group, parts in sorted(groups.items(), key=lambda item: min(k for k, _ in item[1])):
            parts = [b for _, b in sorted(parts, key=lambda kb: kb[0])]
            rows.append(Breakdown(group, group, total(p.counts for p in parts), tuple(parts)))
        out[pop] = rows
    return out


def year_totals(*, org: Org, year: int, now: dt.date | None = None) -> dict[str, Counts]:
    """The three populations' counts of one year, grouped in the database alone (no per-org rows)."""
    on = counted_on(year, now=now)
    acc = {pop: [0] * WIDTH for pop in POPULATIONS}
    at = placement_on(org=org, on=on)
    if at is None:
        return {pop: Counts(v) for pop, v in acc.items()}
    ids = _subtree_ids(on, at.path)
    rows = (Assessment.objects.filter(year=year, subject__in=[Subject.MEMBER, Subject.ORG], org_id__in=ids).order_by()
            .values_list("subject", "org__type__is_grassroots", "org__type__is_cell", "exclusion", "final_level")
            .annotate(n=Count("*")))
    for subject, is_grassroots, is_cell, exclusion, level, n in rows:
        pop = MEMBER if subject == Subject.MEMBER else population_of_org(is_grassroots=is_grassroots,
                                                                          is_cell=is_cell)
        state = state_of(exclusion, level)
        if pop is not None and state is not None:
            acc[pop][SLOT[state]] += n
    return {pop: Counts(v) for pop, v in acc.items()}


def rating_stats(*, user, org: Org, year: int, years: int = YEARS_SHOWN) -> RatingStats:
    """Everything the stats page, the XLSX, the API and the paragraph show for ``org`` and ``year``."""
    _require(user, org)
    year = check_year(year)
    with gc_paused():  # tens of thousands of grouped rows: full collections found nothing to free here
        snap, by_category = _page_snapshot(org=org, year=year)
    root_id = snap.root_id
    totals = split(snap.total_of(root_id)) if root_id else {pop: Counts() for pop in POPULATIONS}
    scope = scope_for(user)
    kids = snap.children()
    current = dict(Org.objects.filter(pk__in=[k[0] for k in kids]).values_list("pk", "path"))
    children = []
    own = snap.own_of(root_id) if root_id else ZEROS
    if any(own):
        children.append(ChildRow(org.pk, snap.by_path[snap.root_path][2], split(own), is_own=True))
    for org_id, _path, name, *_ in kids:
        children.append(ChildRow(org_id, name, split(snap.total_of(org_id)),
                                 can_open=scope.covers_path(current.get(org_id, "\0"))))
    history = []
    # A year nobody rated anywhere is empty without its subtree read (the list of a province's orgs that day,
    # 20 ms each for Hà Nội): one probe of the year index each.
    rated = {y for y in range(year - years + 1, year) if Assessment.objects.filter(year=y).exists()}
    empty = {pop: Counts() for pop in POPULATIONS}
    for y in range(year - years + 1, year + 1):
        figures = totals if y == year else year_totals(org=org, year=y) if y in rated else empty
        if history or any(not c.is_empty for c in figures.values()):
            history.append((y, figures))
    name_on = snap.by_path[snap.root_path][2] if root_id else org.name
    return RatingStats(org=org, name_on=name_on, year=year, on=snap.on, totals=totals, children=children,
                       by_category=_categories(by_category) if root_id else [],
                       by_kind=_kind_breakdown(snap), years=history)


def default_year(*, org: Org) -> int:
    """The latest review year whose campaign covers ``org`` or part of its subtree; else last year."""
    years = [y for y, path in ReviewCampaign.objects.values_list("year", "org__path")
             if path.startswith(org.path) or org.path.startswith(path)]
    current = today().year
    return max((y for y in years if y <= current), default=current - 1)


# --- drill-down: the people and orgs behind each number ---------------------------------------------------

SELECTIONS = {
    "all": ("Tất cả trong danh sách", _any(STATES)),
    "subject": ("Thuộc diện xếp loại", _any((UNDECIDED, *LEVELS))),
    "excluded": ("Không xếp loại (có lý do)", _any(EXCLUSIONS)),
    UNDECIDED: ("Chưa có kết quả", STATE_Q[UNDECIDED]),
    "decided": ("Đã xếp loại", _any(LEVELS)),
    "good_or_above": ("Hoàn thành tốt nhiệm vụ trở lên", _any(GOOD_OR_ABOVE)),
    **{level.value: (level.label, STATE_Q[level.value]) for level in LEVEL_ORDER},
}


@dataclass(frozen=True)
class People:
    rows: QuerySet
    hidden: int  # behind the number, but in units that are now outside the user's scope
    child_name: str
    on: dt.date
    narrowed: str = ""  # the category or kind the list is narrowed to, in words


def _kind_units(snap: Snapshot, population: str, kind: str, kind_group: str) -> list[int]:
    """Units whose ratings ``Snapshot.by_kind`` puts under ``kind`` (a code, or NO_KIND_CODE) or ``kind_group``."""
    kinds = {k.pk: k for k in OrgKind.objects.all()}

    def matches(kind_id) -> bool:
        k = kinds.get(kind_id)
        if kind:
            return (k.code if k else NO_KIND_CODE) == kind
        return ((k.group or k.name) if k else NO_KIND) == kind_group

    memo: dict = {}
    return [org_id for org_id, path, _name, _parent, _type in snap.orgs
            if matches(snap._grassroots_kind(path, memo) if population == MEMBER else snap.flags[org_id][1])]


def rating_people(*, user, org: Org, year: int, population: str = MEMBER, selection: str = "all",
                  reason: str = "", child_id=None, own: bool = False, category: str = "", kind: str = "",
                  kind_group: str = "") -> People:
    """The assessments behind one figure of ``rating_stats``: same subtree, same day, same slots. ``child_id``
    narrows to a child's subtree that day (or, with ``own``, to the ratings counted in ``org`` itself);
    ``category``, ``kind`` and ``kind_group`` to one row of the breakdowns."""
    _require(user, org)
    year = check_year(year)
    if population not in POPULATION_Q:
        raise DomainError("Nhóm đối tượng không hợp lệ.", field="population")
    if selection not in SELECTIONS:
        raise DomainError("Mức xếp loại không hợp lệ.", field="level")
    if reason and reason not in EXCLUSIONS:
        raise DomainError("Lý do không xếp loại không hợp lệ.", field="reason")
    if category and (population != MEMBER or category not in MemberCategory.values):
        raise DomainError("Đối tượng đảng viên không hợp lệ.", field="category")
    on = counted_on(year)
    at = placement_on(org=org, on=on)
    child_name = ""
    if at is None:
        units = Assessment.objects.none()
    elif own:
        units = Assessment.objects.filter(org_id=org.pk)
        child_name = at.name
    elif child_id not in (None, ""):
        child = OrgPlacement.objects.filter(_valid_on(on), org_id=_int(child_id)).first()
        # Only inside the root's subtree as it stood that day: the user's scope was checked on the root.
        if child is None or not child.path.startswith(at.path):
            raise OutOfScope()
        units = Assessment.objects.filter(org_id__in=_subtree_ids(on, child.path))
        child_name = child.name
    else:
        units = Assessment.objects.filter(org_id__in=_subtree_ids(on, at.path))
    qs = units.filter(POPULATION_Q[population], SELECTIONS[selection][1], year=year)
    narrowed = ""
    if reason:
        qs = qs.filter(exclusion=reason)
    if category:  # the same category the breakdown counted: the one recorded at review time
        # (an assessment loaded without one is counted as "other", ``unit_matrix``)
        qs = qs.filter(member_category__in=[category, ""] if category == MemberCategory.OTHER else [category])
        narrowed = MemberCategory(category).label
    if (kind or kind_group) and at is not None:
        qs = qs.filter(org_id__in=_kind_units(snapshot(org=org, year=year), population, kind, kind_group))
        narrowed = kind_group or next((k.name for k in OrgKind.objects.filter(code=kind)), NO_KIND)
    everyone = qs.count()
    visible = qs.filter(scope_for(user).org_q(field="org__path"))
    order = ("member__sort_key", "member_id") if population == MEMBER else ("org__path",)
    rows = visible.select_related("member", "org__type", "org__kind").order_by(*order)
    return People(rows=rows, hidden=everyone - visible.count(), child_name=child_name, on=on, narrowed=narrowed)


def _int(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise OutOfScope() from exc
    # no org has an id past the 64-bit integers the databases store; the drivers would overflow on it
    if not 0 < number < 2**63:
        raise OutOfScope()
    return number
