"""Reads behind Biểu 1: the days each member stood on a reporting org's list in a period, over the tree as it
stood each day, and the lifecycle facts that explain the entries and exits (unscoped: the form's selectors check
scope first). Three reads of placements, one of registrations, one of facts, however large the subtree."""

import datetime as dt
from collections import defaultdict

from django.db.models import Q

from dangbo.core.iters import batched
from dangbo.members.choices import RegistrationKind
from dangbo.members.models import LifecycleEvent, Registration
from dangbo.orgs.models import Org, OrgPlacement
from dangbo.statforms.flows import ONE, Stay

BATCH = 20_000  # ids per IN list: under SQLite's variable limit


def _overlapping(qs, first: dt.date, last: dt.date):
    """Rows valid on some day of ``first``…``last`` (``valid_to`` exclusive)."""
    return qs.filter(valid_from__lte=last).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=first))


def _clip(a_from, a_to, b_from, b_to):
    start = max(a_from, b_from)
    ends = [d for d in (a_to, b_to) if d is not None]
    end = min(ends) if ends else None
    return (start, end) if end is None or end > start else None


def under(org: Org, first: dt.date, last: dt.date) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Every org that stood under ``org`` (or is ``org``) on some day of ``first``…``last``, with the days it did,
    clipped to the window (``last`` + 1 closes a span still open)."""
    stop = last + ONE
    out: dict[int, list] = defaultdict(list)
    for root in _overlapping(OrgPlacement.objects.filter(org=org), first, last):
        window = _clip(root.valid_from, root.valid_to, first, stop)
        if window is None:
            continue
        rows = _overlapping(OrgPlacement.objects.filter(path__startswith=root.path), window[0], window[1] - ONE)
        for org_id, valid_from, valid_to in rows.values_list("org_id", "valid_from", "valid_to"):
            span = _clip(valid_from, valid_to, *window)
            if span is not None:
                out[org_id].append(span)
    return dict(out)


def stays(org: Org, start: dt.date, end: dt.date) -> tuple[dict[int, list[Stay]], dict[int, dict[dt.date, set]]]:
    """Per member, the stays on ``org``'s list from the day before ``start`` to ``end``; and per member the
    lifecycle facts of the days an entry or exit can fall on."""
    first, stop = start - ONE, end + ONE
    spans = under(org, first, end)
    by_member: dict[int, list[Stay]] = defaultdict(list)
    for ids in batched(list(spans), BATCH):
        regs = _overlapping(Registration.objects.filter(kind=RegistrationKind.OFFICIAL, org_id__in=ids), first, end)
        for member_id, org_id, valid_from, valid_to, probationary in regs.values_list(
                "member_id", "org_id", "valid_from", "valid_to", "is_probationary"):
            for span in spans[org_id]:
                days = _clip(valid_from, valid_to, *span)
                if days is not None:
                    by_member[member_id].append(Stay(days[0], days[1] if days[1] != stop else None, probationary))
    _place(org, by_member, spans, first)
    facts: dict[int, dict[dt.date, set]] = defaultdict(lambda: defaultdict(set))
    for ids in batched(list(by_member), BATCH):
        for member_id, day, kind in LifecycleEvent.objects.filter(
                member_id__in=ids, date__gte=start, date__lte=end, is_void=False,
                superseded_by__isnull=True).values_list("member_id", "date", "kind"):
            facts[member_id][day].add(kind)
    return dict(by_member), facts


def region(home: str, other: str) -> str:
    """Where ``other`` lies seen from the reporting org at ``home`` (paths of today's tree): "province" in
    another province, "district" in another district of the same province, "" otherwise or unknown."""
    step = Org.steplen
    if not other:
        return ""
    if other[:step] != home[:step]:
        return "province"
    return "district" if len(home) >= 2 * step and other[:2 * step] != home[:2 * step] else ""


def _place(org: Org, by_member: dict[int, list[Stay]], spans: dict, first: dt.date) -> None:
    """Fill each entry's origin and each exit's destination from the member's registration just before / just
    after it outside the reporting org (the next one may start later: a letter's member is on no list on the way).
    A member who came from or went out of the system has none: left unknown."""
    movers = [m for m, rows in by_member.items() if any(s.start > first or s.end is not None for s in rows)]
    inside = set(spans)
    others: dict[int, list] = defaultdict(list)
    for ids in batched(movers, BATCH):
        for member_id, path, valid_from, valid_to in Registration.objects.filter(
                member_id__in=ids, kind=RegistrationKind.OFFICIAL).exclude(org_id__in=inside).values_list(
                "member_id", "org__path", "valid_from", "valid_to"):
            others[member_id].append((valid_from, valid_to, path))
    for member_id in movers:
        regs = sorted(others.get(member_id, ()), key=lambda r: r[0])
        placed = []
        for stay in by_member[member_id]:
            before = max((r for r in regs if r[1] is not None and r[1] <= stay.start), key=lambda r: r[1],
                         default=None)
            after = next((r for r in regs if stay.end is not None and r[0] >= stay.end), None)
            placed.append(Stay(stay.start, stay.end, stay.probationary,
                               region(org.path, before[2]) if before and stay.start > first else "",
                               region(org.path, after[2]) if after else ""))
        by_member[member_id] = placed
