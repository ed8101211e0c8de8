"""Indicators of cell meetings and of the cell's work with its members (TARGETS.md: Meetings; Admissions and
members), for any subtree and period.

Two grouped passes serve all nine and every child: ``selectors.subtree.tally`` (the cells of the subtree on
``as_of(period)`` with the months and quarters each owed and met, their meetings, levels and conclusions) and
``selectors.member_figures.figures_by_org`` (the members on ``as_of(period)``). Inside a ``registry.shared()``
block each pass runs once for all the indicators of one org and period; ``measure`` sums every cell (org), a
``children_of`` hook sums them by the child they lie under — so a child's value is its own ``measure``.

A closed year (every window past) is read from ``YearTally`` (``selectors.year_tally``): one row per org, the
same figures, written by ``services.year_tally_fill`` and voided by triggers on any change.

What counts as owed — the windows, a cell founded or ended in the period, combined sessions — is written once in
``selectors.subtree``. Windows are judged closed on today's date (a past year's December meeting, due by the 10th
of January, counts once that day has passed); the tree is the one of ``as_of(period)``.
"""

from dangbo.core.dates import today
from dangbo.meetings.selectors.member_figures import MemberFigures, figures_by_org
from dangbo.meetings.selectors.subtree import CellTally, tally, tally_years
from dangbo.meetings.selectors.year_tally import YearFigures, year_figures
from dangbo.targets.registry import Measure, as_of, cached, children_of, indicator, years_of


def _closed(org, period) -> YearFigures | None:
    now = today()
    return cached(("meetings.year_tally", org.pk, period.start, period.end, now),
                  lambda: year_figures(org, period, now))


def _cells(org, period) -> dict[int, CellTally]:
    closed = _closed(org, period)
    if closed is not None:
        return closed.cells
    now = today()
    return cached(("meetings.tally", org.pk, period.start, period.end, now), lambda: tally(org, period, now))


def _cells_years(org, periods) -> list[dict[int, CellTally]]:
    """``_cells`` of each of ``periods``: the closed years from ``YearTally``, the others counted with their tree
    days' cells read in one pass (``tally_years``) and put where ``_cells`` finds them in a ``shared`` block."""
    now = today()
    closed = [_closed(org, p) for p in periods]
    live = [p for p, c in zip(periods, closed, strict=True) if c is None]
    counted = iter(cached(("meetings.tally_years", org.pk, tuple((p.start, p.end) for p in live), now),
                          lambda: tally_years(org, live, now)) if live else [])
    out = []
    for p, c in zip(periods, closed, strict=True):
        if c is not None:
            out.append(c.cells)
        else:
            mine = next(counted)
            out.append(cached(("meetings.tally", org.pk, p.start, p.end, now), lambda mine=mine: mine))
    return out


def _members(org, period) -> dict[int, MemberFigures]:
    closed = _closed(org, period)
    if closed is not None:
        return closed.members
    on = as_of(period)
    return cached(("meetings.members", org.pk, period.start, on),
                  lambda: figures_by_org(org=org, start=period.start, on=on))


def _by_child(values: dict, child_of: dict, make):
    """Each child's sum of the per-org values of the orgs under it: one pass over the values with the map of each
    org to its child (``child_of_on``). Linear already, and a NumPy matrix of the values costs more to build from
    these objects than the adds it saves (bench/indicator_rollup.py: 23 ms against 65 ms for Hà Nội's cells)."""
    out = {kid: make() for kid in set(child_of.values())}
    for org_id, v in values.items():
        if org_id in child_of:
            out[child_of[org_id]].add(v)
    return out


def _total(values: dict, make):
    acc = make()
    for v in values.values():
        acc.add(v)
    return acc


def _define(code: str, name: str, source, make, figures) -> None:
    """An indicator ``figures(total) -> (numerator, denominator)`` over the per-org values of ``source``."""
    @indicator(code, name)
    def compute(*, org, period):
        # the indicators of one source share its sum inside a ``registry.shared()`` block
        summed = cached(("meetings.total", source.__name__, org.pk, period.start, period.end, today()),
                        lambda: _total(source(org, period), make))
        return Measure(*figures(summed))

    @children_of(code)
    def compute_children(*, org, period, child_of):
        return {kid: Measure(*figures(v)) for kid, v in _by_child(source(org, period), child_of, make).items()}

    if source is _cells:
        @years_of(code)
        def compute_years(*, org, periods):
            return [Measure(*figures(cached(("meetings.total", source.__name__, org.pk, p.start, p.end, today()),
                                            lambda cells=cells: _total(cells, make))))
                    for p, cells in zip(periods, _cells_years(org, periods), strict=True)]


class _Cells:
    """Per-cell facts summed: counts of cells meeting a condition, and sums of meetings."""

    def __init__(self):
        self.sum = CellTally()
        self.cells_months = self.cells_months_ok = self.cells_quarters = self.cells_quarters_ok = 0

    def add(self, t):
        if isinstance(t, _Cells):
            self.sum.add(t.sum)
            for name in ("cells_months", "cells_months_ok", "cells_quarters", "cells_quarters_ok"):
                setattr(self, name, getattr(self, name) + getattr(t, name))
            return
        self.sum.add(t)
        if t.months_due:
            self.cells_months += 1
            self.cells_months_ok += t.months_met == t.months_due
        if t.quarters_due:
            self.cells_quarters += 1
            self.cells_quarters_ok += t.quarters_met == t.quarters_due


_define("thematic_quarterly_rate", "Chi bộ sinh hoạt chuyên đề ít nhất mỗi quý một lần", _cells, _Cells,
        lambda c: (c.cells_quarters_ok, c.cells_quarters))
_define("monthly_meeting_rate", "Chi bộ sinh hoạt định kỳ hằng tháng đúng thời gian quy định", _cells, _Cells,
        lambda c: (c.cells_months_ok, c.cells_months))
_define("committee_preparation_rate", "Kỳ sinh hoạt định kỳ được chi ủy họp chuẩn bị trước (chi bộ có chi ủy)",
        _cells, _Cells, lambda c: (c.sum.prepared, c.sum.regular_with_committee))
_define("meetings_with_conclusion_rate", "Kỳ sinh hoạt chi bộ có nghị quyết hoặc kết luận", _cells, _Cells,
        lambda c: (c.sum.concluded, c.sum.sessions))
# Pooled over the months: Σ Tốt / Σ rated = Σ_m (rated_m / Σ rated) × (Tốt_m / rated_m), i.e. the average of the
# monthly shares weighted by the meetings rated each month — with one regular meeting per cell a month, "bình quân
# mỗi tháng có …% chi bộ xếp loại Tốt" (002).
_define("meeting_rating_distribution",
        "Chi bộ xếp loại sinh hoạt Tốt, bình quân mỗi tháng (theo số kỳ sinh hoạt định kỳ được xếp loại)",
        _cells, _Cells, lambda c: (c.sum.levels.get("good", 0), c.sum.rated))
_define("members_assigned_tasks_rate", "Đảng viên được chi bộ phân công nhiệm vụ", _members, MemberFigures,
        lambda f: (f.tasked, f.members))
_define("members_commitment_rate", "Đảng viên có bản cam kết tu dưỡng, rèn luyện năm", _members, MemberFigures,
        lambda f: (f.committed, f.members))
_define("members_personal_plan_rate", "Đảng viên có kế hoạch phấn đấu, rèn luyện cá nhân năm", _members,
        MemberFigures, lambda f: (f.planned, f.members))
_define("residence_liaison_rate", "Đảng viên đang công tác giữ mối liên hệ với chi bộ nơi cư trú, được nơi cư trú "
        "nhận xét", _members, MemberFigures, lambda f: (f.liaised, f.working))
