"""Biểu 6 (đánh giá, xếp loại tổ chức đảng và đảng viên; FORMS.md §2 rows 6A–6E) and Biểu 6F (kết quả kiểm điểm
tự phê bình và phê bình) as measures of the statistics forms.

The rating form is yearly: whatever the period, it reports the year of the period's end (a period not ending on
31/12 says so in ``note``). Its figures are *the rating statistics' own numbers*: ``reviews.stats.snapshot`` of
the org for that year — the tally over the tree as it stood at the end of the year, the same snapshot the stats
page, the XLSX, the API and the paragraph read — so the form's totals equal the rating statistics by
construction. Only the ids behind each figure (the drill-down) come from one extra read of the year's
assessments in the same subtree of the same day, put in the same slots by ``stats.state_of``.

Layout after the 2012 forms 7A/7B, one figure per row: for each population (tổ chức cơ sở đảng, chi bộ trực
thuộc, đảng viên) those listed in the year's review = not rated (by the reason recorded, and not yet decided) +
rated (the four levels). Columns by grassroots type are left out: the org kinds are data (``OrgKind``) with no
fixed mapping to the form's types yet (form 5's columns).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import format_date
from dangbo.orgs.models import Org
from dangbo.orgs.selectors import placement_on
from dangbo.reviews import stats
from dangbo.reviews.choices import Exclusion, Status, Subject
from dangbo.reviews.models import Assessment
from dangbo.statforms.flows import Flows


@dataclass
class RatingFlows(Flows):
    """A yearly form's figures, with the year they report and, when the period does not end on 31/12, a note
    saying which year's results are shown."""

    year: int = 0
    note: str = ""


def year_note(start: dt.date, end: dt.date, *, on: dt.date | None = None) -> str:
    """The note a yearly form carries when the period is not the calendar year of its end (empty otherwise)."""
    year = end.year
    parts = []
    if (start, end) != (dt.date(year, 1, 1), dt.date(year, 12, 31)):
        parts.append(f"Biểu đánh giá, xếp loại lập theo năm: kỳ từ {format_date(start)} đến {format_date(end)} "
                     f"dùng kết quả đánh giá, xếp loại năm {year}.")
    if on is not None and on < dt.date(year, 12, 31):
        parts.append(f"Năm {year} chưa kết thúc: số liệu tính đến ngày {format_date(on)}.")
    return " ".join(parts)


# --- Biểu 6: đánh giá, xếp loại ------------------------------------------------------------------------------

LEVEL_SUFFIX = dict(zip(stats.LEVELS, "abcd", strict=True))
# the row prefix of each population
PREFIX = {stats.GRASSROOTS: "A", stats.CELL: "B", stats.MEMBER: "C"}


def _org_rows(p: str, state: str) -> tuple[str, ...]:
    """The rows of an org population (prefix ``p``) one assessment in ``state`` is counted in, leaf first."""
    if state in LEVEL_SUFFIX:
        extra = (f"{p}2e",) if state in stats.GOOD_OR_ABOVE else ()
        return (f"{p}2{LEVEL_SUFFIX[state]}", *extra, f"{p}2", p)
    if state == stats.UNDECIDED:
        return (f"{p}1c", f"{p}1", p)
    return (f"{p}1a" if state == Exclusion.NEW_ORG else f"{p}1b", f"{p}1", p)


MEMBER_EXCLUSION_ROWS = {Exclusion.EXEMPT: "C1a", Exclusion.NEW_MEMBER: "C1b", Exclusion.SUSPENDED: "C1c",
                         Exclusion.SICK_LEAVE: "C1d"}  # any other reason: C1e


def _member_rows(state: str) -> tuple[str, ...]:
    if state in LEVEL_SUFFIX:
        extra = ("C3e",) if state in stats.GOOD_OR_ABOVE else ()
        return (f"C3{LEVEL_SUFFIX[state]}", *extra, "C3", "C")
    if state == stats.UNDECIDED:
        return ("C2", "C")
    return (MEMBER_EXCLUSION_ROWS.get(state, "C1e"), "C1", "C")


def rows_of(population: str, state: str) -> tuple[str, ...]:
    """Every row of Biểu 6 one assessment of ``population`` in ``state`` is counted in."""
    return _member_rows(state) if population == stats.MEMBER else _org_rows(PREFIX[population], state)


def _subtree(org: Org, on: dt.date):
    at = placement_on(org=org, on=on)
    return None if at is None else stats._subtree_ids(on, at.path)


def ratings(*, user, org: Org, start: dt.date, end: dt.date) -> RatingFlows:
    """Biểu 6 of ``org`` for the year of ``end``: the rating statistics' totals of the year per population,
    spread over the form's rows; behind each member figure the members, behind each org figure the orgs."""
    scope_for(user).require_path(org.path)
    year = end.year
    snap = stats.snapshot(org=org, year=year)
    out = RatingFlows(year=year, note=year_note(start, end, on=snap.on))
    root = snap.root_id
    if root is None:
        return out
    totals = stats.split(snap.total_of(root))
    for population, counts in totals.items():
        for state in stats.STATES:
            n = counts[state]
            if n:
                for row in rows_of(population, state):
                    out.counts[row] += n
    # The drill-down: the same subtree of the same day, the same slots — one read of the year's assessments.
    rows = (Assessment.objects.filter(year=year, org_id__in=_subtree(org, snap.on))
            .filter(stats.POPULATION_Q[stats.MEMBER] | stats.POPULATION_Q[stats.GRASSROOTS]
                    | stats.POPULATION_Q[stats.CELL])
            .order_by("id").values_list("subject", "member_id", "subject_org_id", "org__type__is_grassroots",
                                        "org__type__is_cell", "exclusion", "final_level"))
    for subject, member_id, org_id, is_grassroots, is_cell, exclusion, level in rows:
        state = stats.state_of(exclusion, level)
        if state is None:
            continue
        if subject == Subject.MEMBER:
            for row in rows_of(stats.MEMBER, state):
                out.members.setdefault(row, []).append(member_id)
        else:
            population = stats.population_of_org(is_grassroots=is_grassroots, is_cell=is_cell)
            for row in rows_of(population, state):
                out.orgs.setdefault(row, []).append(org_id)
    return out


# --- Biểu 6F: kết quả kiểm điểm tự phê bình và phê bình ------------------------------------------------------

COLLECTIVE, MEMBER = "collective", "member"
REVIEWED = (Status.SELF_ASSESSED, Status.PROPOSED, Status.APPROVED)
# why an assessment was not reviewed -> the row of 6F
NOT_REVIEWED_ROWS = {Exclusion.NEW_ORG: "3.1", Exclusion.NEW_MEMBER: "3.2", Exclusion.EXEMPT: "3.3",
                     Exclusion.SUSPENDED: "3.4"}  # any other reason: 3.5; no reason, no review yet: 3.6

NOT_DERIVABLE: dict[str, str] = {
    "4.1 / 4.2 / 4.3": (
        "Assessment.pointed_review records that the superior pointed the review (row 4), not which level manages "
        "the collective or member (ban thường vụ tỉnh ủy, huyện ủy, cấp ủy cơ sở): the split of row 4 is not "
        "recorded anywhere."
    ),
    "ghi_chu": "The Ghi chú column is free text written by the compiler, no figure.",
}


def review_rows(*, excluded: str, status: str, final_level: str) -> tuple[str, ...]:
    """The rows of 6F one assessment is counted in (before row 4): listed (1) = reviewed (2) + not (3)."""
    if not excluded and (status in REVIEWED or final_level):
        return ("2", "1")
    if not excluded:
        return ("3.6", "3", "1")
    return (NOT_REVIEWED_ROWS.get(excluded, "3.5"), "3", "1")


def self_criticism(*, user, org: Org, start: dt.date, end: dt.date) -> RatingFlows:
    """Biểu 6F of ``org`` for the year of ``end``: every assessment of the year in the subtree as it stood at the
    end of the year (the rating statistics' day and units) — collectives (every org rated, đảng bộ bộ phận
    included) and members — by whether they were reviewed and why not; row 4 the reviews the superior pointed."""
    scope_for(user).require_path(org.path)
    year = end.year
    on = stats.counted_on(year)
    out = RatingFlows(year=year, note=year_note(start, end, on=on))
    ids = _subtree(org, on)
    if ids is None:
        return out
    rows = (Assessment.objects.filter(Q(subject=Subject.MEMBER) | Q(subject=Subject.ORG), year=year,
                                      org_id__in=ids)
            .order_by("id").values_list("subject", "member_id", "subject_org_id", "exclusion", "status",
                                        "final_level", "pointed_review"))
    for subject, member_id, org_id, exclusion, status, level, pointed in rows:
        keys = review_rows(excluded=exclusion, status=status, final_level=level) + (("4",) if pointed else ())
        for key in keys:
            if subject == Subject.MEMBER:
                out.add(f"{key}:{MEMBER}", member_id)
            else:
                out.add_org(f"{key}:{COLLECTIVE}", org_id)
    return out

