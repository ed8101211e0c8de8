"""Biểu 1 (tăng, giảm đảng viên; FORMS.md §2) as a pure computation: who was on the list of a reporting org at the
start and at the end of a period, and every entry and exit in between with its cause.

Being "on the list" of org X on day d means an official registration (probationary members included) valid on d
in an org that stood under X in the tree of d. For each member the days on X's list are a union of intervals —
registrations clipped to the days their org stood under X — and merging them makes every change of cell inside X
invisible, while every start is an entry and every end an exit. So, by construction and whatever restructuring
happened in the period, D = A + B − C: the form's first invariant holds for every member, not only in sum.

An entry or an exit takes its cause from the member's lifecycle fact of that day: kết nạp, phục hồi, chuyển đến;
từ trần, khai trừ, xóa tên, cho ra khỏi Đảng (xin ra khỏi Đảng), chuyển đi. A move with no fact of its own —
the member's cell moved into or out of X by a restructuring — is a transfer in or out, as the form counts it."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

ONE = dt.timedelta(days=1)

# the lifecycle fact of the day -> the row of Biểu 1 it fills
ENTRY_ROWS = {"admit": "B1", "restore": "B3"}  # anything else entering: B2, chuyển đến
EXIT_ROWS = {"death": "C1", "expel": "C2", "strike_off": "C3", "dismiss": "C4"}  # anything else leaving: C5
ROWS = ("A", "B", "B1", "B2", "B2a", "B2b", "B3", "C", "C1", "C2", "C3", "C3a", "C4", "C5", "C5a", "C5b", "D")


@dataclass(frozen=True)
class Stay:
    """Days ``start``…``end`` (exclusive; None: open) a member was on X's list through one registration, and
    whether they were probationary then. ``origin``/``destination``: where the member came from / went to when
    known — "province" (another province), "district" (another district of X's province) or "" (unknown)."""

    start: dt.date
    end: dt.date | None
    probationary: bool = False
    origin: str = ""
    destination: str = ""


@dataclass
class Flows:
    counts: Counter = field(default_factory=Counter)
    # row -> member ids, for the drill-down behind each figure
    members: dict[str, list[int]] = field(default_factory=dict)
    # cell key -> org ids, for the figures that count orgs (forms 5 and 6)
    orgs: dict[str, list[int]] = field(default_factory=dict)
    # cell key of an average -> (sum, count) behind it: averages of several orgs are added through these
    means: dict[str, tuple[int, int]] = field(default_factory=dict)

    def add(self, row: str, member_id: int) -> None:
        self.counts[row] += 1
        self.members.setdefault(row, []).append(member_id)

    def add_org(self, key: str, org_id: int) -> None:
        self.counts[key] += 1
        self.orgs.setdefault(key, []).append(org_id)


def merged(stays: list[Stay]) -> list[Stay]:
    """Stays touching or overlapping merged into one (a change of cell inside X is no entry and no exit); the
    merged stay keeps the first stay's origin and the last stay's probation and destination."""
    out: list[Stay] = []
    for stay in sorted(stays, key=lambda s: s.start):
        if out and (out[-1].end is None or stay.start <= out[-1].end):
            last = out[-1]
            end = None if last.end is None or stay.end is None else max(last.end, stay.end)
            later = stay if (stay.end is None or (last.end is not None and stay.end >= last.end)) else last
            out[-1] = Stay(last.start, end, later.probationary, last.origin, later.destination)
        else:
            out.append(stay)
    return out


def member_flows(flows: Flows, member_id: int, stays: list[Stay], facts: dict[dt.date, set[str]],
                 start: dt.date, end: dt.date) -> None:
    """Add one member's rows for the period ``start``…``end`` (inclusive): A if on the list the day before
    ``start``, D if on it on ``end``, one B row per entry and one C row per exit in between."""
    before = start - ONE
    for stay in merged(stays):
        if stay.start > end or (stay.end is not None and stay.end <= before):
            continue
        if stay.start <= before:
            flows.add("A", member_id)
        else:
            kinds = facts.get(stay.start, set())
            row = next((r for k, r in ENTRY_ROWS.items() if k in kinds), "B2")
            flows.add(row, member_id)
            if row == "B2" and stay.origin in ("province", "district"):
                flows.add("B2a" if stay.origin == "province" else "B2b", member_id)
            flows.add("B", member_id)
        if stay.end is None or stay.end > end:
            flows.add("D", member_id)
        else:
            # the stay's end is the first day off the list: the fact of that day says why
            kinds = facts.get(stay.end, set())
            row = next((r for k, r in EXIT_ROWS.items() if k in kinds), "C5")
            flows.add(row, member_id)
            if row == "C3" and stay.probationary:
                flows.add("C3a", member_id)
            if row == "C5" and stay.destination in ("province", "district"):
                flows.add("C5a" if stay.destination == "province" else "C5b", member_id)
            flows.add("C", member_id)

