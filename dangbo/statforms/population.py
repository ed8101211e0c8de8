"""Reads behind Biểu 1: the days each member stood on a reporting org's list in a period, over the tree as it
stood each day, and the lifecycle facts that explain the entries and exits (unscoped: the form's selectors check
scope first). However large the subtree: the placements under the org, one join of registrations and placements
per place the org itself stood in the period (nearly always one), then the origins and facts of the members who
entered or left in the period only.

``sharing()`` lets the forms of one set (and their year-before columns) read each (org, period) once: what is
read is kept for the duration of the ``with`` block only, never across requests — the figures are always live."""

import datetime as dt
from collections import Counter, defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from dangbo.core.collector import gc_paused
from dangbo.core.iters import batched
from dangbo.core.sql import ids_in
from dangbo.members.choices import RegistrationKind
from dangbo.members.models import LifecycleEvent, Registration
from dangbo.orgs.models import Org, OrgPlacement
from dangbo.statforms.flows import ONE, Stay

BATCH = 20_000  # ids per IN list: under SQLite's variable limit
# (what, org id, …) -> a result already read in this ``sharing()`` block (and "span": the days the block's reads
# fall in, when told); None outside one
_SHARED: ContextVar[dict | None] = ContextVar("statforms_shared", default=None)


@contextmanager
def sharing(first: dt.date | None = None, last: dt.date | None = None):
    """Within the block, ``stays`` (and the measures built on it) read each (org, period) once; told the days
    ``first``…``last`` the block's periods fall in (a period and the same period a year before), one read of
    the registrations per org covers them all. Nested blocks share the outermost one's reads. Nothing outlives
    the block."""
    if _SHARED.get() is not None:
        yield
        return
    token = _SHARED.set({"span": (first, last) if first and last else None})
    try:
        yield
    finally:
        _SHARED.reset(token)


def shared(key: tuple, read):
    """``read()``, or within a ``sharing()`` block the result it gave for ``key`` earlier in the block."""
    memo = _SHARED.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def _overlapping(qs, first: dt.date, last: dt.date, prefix: str = ""):
    """Rows valid on some day of ``first``…``last`` (``valid_to`` exclusive)."""
    return qs.filter(**{f"{prefix}valid_from__lte": last}).filter(
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": first}))


def _clip(a_from, a_to, b_from, b_to):
    start = max(a_from, b_from)
    ends = [d for d in (a_to, b_to) if d is not None]
    end = min(ends) if ends else None
    return (start, end) if end is None or end > start else None


def _windows(org: Org, first: dt.date, stop: dt.date):
    """The org's own placements overlapping ``first``…``stop`` − 1: (placement, days clipped to the window)."""
    for root in _overlapping(OrgPlacement.objects.filter(org=org), first, stop - ONE):
        window = _clip(root.valid_from, root.valid_to, first, stop)
        if window is not None:
            yield root, window


def under(org: Org, first: dt.date, last: dt.date) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Every org that stood under ``org`` (or is ``org``) on some day of ``first``…``last``, with the days it did,
    clipped to the window (``last`` + 1 closes a span still open)."""
    out: dict[int, list] = defaultdict(list)
    for root, window in _windows(org, first, last + ONE):
        rows = _overlapping(OrgPlacement.objects.filter(path__startswith=root.path), window[0], window[1] - ONE)
        for org_id, valid_from, valid_to in rows.values_list("org_id", "valid_from", "valid_to"):
            span = _clip(valid_from, valid_to, *window)
            if span is not None:
                out[org_id].append(span)
    return dict(out)


def raw_rows(qs):
    """The rows of a values_list queryset straight from the driver (no per-row Django machinery)."""
    # the queryset's own database: inside reading_replica() the replica, as its Django reads are
    sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(10_000):
            yield from rows


def stays(org: Org, start: dt.date, end: dt.date) -> tuple[dict[int, list[Stay]], dict[int, dict[dt.date, set]]]:
    """Per member, the stays on ``org``'s list from the day before ``start`` to ``end``; and per member who
    entered or left in the period the lifecycle facts of the days an entry or exit can fall on (a member on the
    list all through has no entry or exit a fact could explain)."""
    by_member, facts, alone = reading(org, start, end)
    first = start - ONE
    out = {m: [Stay(first, None, probationary)] for probationary, ids in alone.items() for m in ids}
    out.update(by_member)
    return out, facts


def reading(org: Org, start: dt.date, end: dt.date) -> tuple[dict, dict, dict[bool, list[int]]]:
    """``stays`` of every member but those whose one stay covers the whole window (on the list all through,
    most of them: what the measures need not look at one by one), and those, by whether they were
    probationary."""
    with gc_paused():
        return shared(("stays", org.pk, start, end), lambda: _stays(org, start, end))


def as_text(field: str) -> Cast:
    return Cast(field, CharField())


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


class _Read:
    """The registrations behind the lists of ``org`` over ``first``…``stop`` − 1, in one read: per place the org
    itself stood in (its placement and its days in the window), the members on the list all through (member,
    probation) and the other rows (member, registration's days, probation, placement's days) — each official
    registration with each placement of its org under that place, the rows reaching outside the window clipped
    by ``stays``. ``movers``: the members of the other rows."""

    def __init__(self, org: Org, first: dt.date, stop: dt.date):
        self.org, self.first, self.stop = org, first, stop
        official = _overlapping(Registration.objects.filter(kind=RegistrationKind.OFFICIAL), first, stop - ONE)
        self.parts, self.movers = [], set()
        # the org of the registration of each member on the list all through (the same org every day of the window)
        self.cell: dict[int, int] = {}
        for root, (w_from, w_stop) in _windows(org, first, stop):
            placements = _overlapping(OrgPlacement.objects.filter(path__startswith=root.path), w_from,
                                      w_stop - ONE)
            # the days as ISO text (no date object built for the members on the list all through)
            regs = official.filter(org__placements__in=placements).order_by().annotate(
                r_from=as_text("valid_from"), r_to=as_text("valid_to"), p_from=as_text("org__placements__valid_from"),
                p_to=as_text("org__placements__valid_to")).values_list(
                "member_id", "r_from", "r_to", "is_probationary", "p_from", "p_to", "org_id")
            all_through, others = [], []
            whole = w_from == first and w_stop == stop
            f, st = first.isoformat(), stop.isoformat()
            for member_id, r_from, r_to, probationary, p_from, p_to, org_id in raw_rows(regs):
                if whole and r_from <= f and p_from <= f and (r_to is None or r_to >= st) and (
                        p_to is None or p_to >= st):
                    all_through.append((member_id, probationary))
                    self.cell[member_id] = org_id
                else:
                    others.append((member_id, _day(r_from), _day(r_to), probationary, _day(p_from), _day(p_to),
                                   org_id))
                    self.movers.add(member_id)
            self.parts.append((root, (w_from, w_stop), all_through, others))
        # the members whose one row is on the list all through (most of them): no row of their own to keep
        rows = Counter(m for part in self.parts for m, _ in part[2])
        self.alone: dict[bool, list[int]] = {False: [], True: []}
        for i, (root, window, all_through, others) in enumerate(self.parts):
            kept = []
            for member_id, probationary in all_through:
                if rows[member_id] == 1 and member_id not in self.movers:
                    self.alone[probationary].append(member_id)
                else:
                    kept.append((member_id, probationary))
            self.parts[i] = (root, window, kept, others)

    def within(self, first: dt.date, stop: dt.date):
        """The parts for ``first``…``stop`` − 1 (inside the read's window): each place's days clipped to it.
        A member on the list all through the read's window is on it all through any window inside it."""
        for root, window, all_through, others in self.parts:
            days = _clip(*window, first, stop)
            if days is not None:
                yield root, days, all_through, others

    def cells_on(self, day: dt.date) -> dict[int, int]:
        """Per member on the list on ``day`` (inside the read's window), the org of the registration that puts
        them there."""
        out = dict(self.cell)
        for _, (w_from, w_stop), _, others in self.parts:
            if not w_from <= day < w_stop:
                continue
            for member_id, r_from, r_to, _, p_from, p_to, org_id in others:
                if r_from <= day and p_from <= day and (r_to is None or r_to > day) and (p_to is None or p_to > day):
                    out[member_id] = org_id
        return out


def _inside(root: Org, days: tuple[dt.date, dt.date]):
    """The orgs under the place ``root`` in ``days`` (a queryset of org ids)."""
    return _overlapping(OrgPlacement.objects.filter(path__startswith=root.path), days[0], days[1] - ONE).values(
        "org_id")


def _read(org: Org, first: dt.date, stop: dt.date) -> tuple[_Read, tuple | None]:
    """The registrations behind ``org``'s lists over ``first``…``stop`` − 1: within a ``sharing()`` block told
    its days, the block's one read for the whole span (and the span); otherwise a read of these days alone."""
    memo = _SHARED.get()
    span = memo.get("span") if memo is not None else None
    if span is not None and span[0] <= first and stop - ONE <= span[1]:
        return shared(("read", org.pk, span), lambda: _Read(org, span[0], span[1] + ONE)), span
    return _Read(org, first, stop), None


def cells_on(org: Org, start: dt.date, end: dt.date) -> dict[int, int]:
    """Per member on ``org``'s list on ``end`` (Biểu 1 row D of ``start``…``end``), the org of the official
    registration that puts them there — from the read behind Biểu 1, shared within a set."""
    read, _ = _read(org, start - ONE, end + ONE)
    return read.cells_on(end)


def _stays(org: Org, start: dt.date, end: dt.date):
    first, stop = start - ONE, end + ONE
    read, span = _read(org, first, stop)
    # a member on the list all through the window: the same two stays, whoever they are; those with no other row
    # (``read.alone``) are left out of ``by_member``: a province's 100.000 lists would be built for nothing
    whole = {False: Stay(first, None, False), True: Stay(first, None, True)}
    by_member: dict[int, list[Stay]] = {}
    moving: set[int] = set()
    roots = []
    for root, (w_from, w_stop), all_through, others in read.within(first, stop):
        roots.append((root, (w_from, w_stop)))
        for member_id, probationary in all_through:
            by_member.setdefault(member_id, []).append(whole[probationary])
        # the days a registration and its org's placement under the root both held, in the root's window
        for member_id, r_from, r_to, probationary, p_from, p_to, _ in others:
            s = r_from if r_from > p_from else p_from
            if s < w_from:
                s = w_from
            e = w_stop
            if r_to is not None and r_to < e:
                e = r_to
            if p_to is not None and p_to < e:
                e = p_to
            if e <= s:
                continue
            if s == first and e == stop:
                by_member.setdefault(member_id, []).append(whole[probationary])
            else:
                by_member.setdefault(member_id, []).append(Stay(s, e if e != stop else None, probationary))
                moving.add(member_id)
    movers = sorted(moving)
    facts: dict[int, dict[dt.date, set]] = defaultdict(lambda: defaultdict(set))
    if span is None:
        inside = Q(pk__in=[])  # registrations at an org under the reporting org in the window
        for root, days in roots:
            inside |= Q(org_id__in=_inside(root, days))
        _place(org, by_member, _others(movers, inside), first, movers)
        for member_id, day, kind in _facts(movers, start, end):
            facts[member_id][day].add(kind)
        return by_member, facts, read.alone
    # within a set: the origins and the facts of everyone who moved in the span, read once per org
    everyone = shared(("others", org.pk, span), lambda: _others(sorted(read.movers), Q(pk__in=[]), with_org=True))
    inside_ids: set[int] = set()
    for root, days in roots:
        inside_ids.update(_inside(root, days).values_list("org_id", flat=True))
    others = {m: [r[1:] for r in everyone[m] if r[0] not in inside_ids] for m in movers if m in everyone}
    _place(org, by_member, others, first, movers)
    span_facts = shared(("facts", org.pk, span), lambda: list(_facts(sorted(read.movers), span[0] + ONE, span[1])))
    for member_id, day, kind in span_facts:
        if start <= day <= end and member_id in moving:
            facts[member_id][day].add(kind)
    return by_member, facts, read.alone


def _batches(ids: list[int]):
    """``ids`` in IN lists under SQLite's variable limit; one list even when there are none (id 0 is nobody's):
    a read of Biểu 1 runs the same queries whoever moved."""
    return batched(ids, BATCH) if ids else [[0]]


def _facts(members: list[int], start: dt.date, end: dt.date):
    """(member, day, kind) of the members' lifecycle facts of ``start``…``end`` (void and superseded left out)."""
    for ids in _batches(members):
        yield from raw_rows(LifecycleEvent.objects.filter(
            ids_in(LifecycleEvent, "member_id", ids), date__gte=start, date__lte=end, is_void=False,
            superseded_by__isnull=True).order_by().values_list("member_id", "date", "kind"))


def _others(members: list[int], inside: Q, *, with_org: bool = False) -> dict[int, list[tuple]]:
    """Per member, their official registrations not matching ``inside``: (valid_from, valid_to, org's path),
    ``with_org``: (org id, valid_from, valid_to, org's path)."""
    fields = ("member_id", "org_id", "valid_from", "valid_to", "org__path") if with_org else (
        "member_id", "valid_from", "valid_to", "org__path")
    out: dict[int, list] = defaultdict(list)
    for ids in _batches(members):
        for row in raw_rows(Registration.objects.filter(ids_in(Registration, "member_id", ids), kind=RegistrationKind.OFFICIAL).exclude(
                inside).order_by().values_list(*fields)):
            out[row[0]].append(row[1:])
    return out


def region(home: str, other: str) -> str:
    """Where ``other`` lies seen from the reporting org at ``home`` (paths of today's tree): "province" in
    another province, "district" in another district of the same province, "" otherwise or unknown."""
    step = Org.steplen
    if not other:
        return ""
    if other[:step] != home[:step]:
        return "province"
    return "district" if len(home) >= 2 * step and other[:2 * step] != home[:2 * step] else ""


def _place(org: Org, by_member: dict[int, list[Stay]], others: dict[int, list], first: dt.date,
           movers: list[int]) -> None:
    """Fill each entry's origin and each exit's destination from the member's registration just before / just
    after it outside the reporting org (``others``: per member, (valid_from, valid_to, org's path) of those; the
    next one may start later: a letter's member is on no list on the way). A member who came from or went out of
    the system has none: left unknown. Only ``movers`` (a member with an entry or an exit in the window) can have
    either."""
    for member_id in movers:
        if not others.get(member_id):
            continue  # no registration elsewhere: nothing known, the stays stay as they are
        regs = sorted(others[member_id], key=lambda r: r[0])
        placed = []
        for stay in by_member[member_id]:
            before = max((r for r in regs if r[1] is not None and r[1] <= stay.start), key=lambda r: r[1],
                         default=None)
            after = next((r for r in regs if stay.end is not None and r[0] >= stay.end), None)
            placed.append(Stay(stay.start, stay.end, stay.probationary,
                               region(org.path, before[2]) if before and stay.start > first else "",
                               region(org.path, after[2]) if after else ""))
        by_member[member_id] = placed
