"""Reads of the admission pipeline, always within the user's scope."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet

from dangbo.accounts.scope import scope_for
from dangbo.admissions import rules
from dangbo.admissions.choices import Group, Source, Stage
from dangbo.admissions.indicators import topmost_total
from dangbo.admissions.models import AdmissionPlan, AdmissionStep, Candidate, Introduction
from dangbo.core.dates import today
from dangbo.core.exceptions import get_or_out_of_scope
from dangbo.core.periods import Period, half
from dangbo.core.periods import year as year_period
from dangbo.core.text import word_prefix_pattern
from dangbo.members.choices import EventKind, Gender, MemberCategory, MemberStatus, RegistrationKind
from dangbo.members.models import LifecycleEvent, Member, Registration, WordPrefixes
from dangbo.members.rules import add_months, counted_spans, effective_start, seniority_on
from dangbo.orgs.models import Org, OrgPlacement, Term
from dangbo.orgs.selectors import listed_if_small
from dangbo.workdays.rules import deadline_years
from dangbo.workdays.selectors import calendar_for

# "nguyen van an" finds Nguyễn Văn An by word starts, as the member registry searches (search_text__words)
Candidate._meta.get_field("search_text").register_lookup(WordPrefixes)


def candidates_in(*, user, org: Org) -> QuerySet[Candidate]:
    """The candidates of ``org``'s subtree (scoped: OutOfScope when the user cannot read ``org``)."""
    scope_for(user).require_path(org.path)
    return Candidate.objects.filter(org__path__startswith=org.path).select_related("org")


def candidate_list(*, user, org: Org, stage: str = "", q: str = "") -> QuerySet[Candidate]:
    """The candidates of ``org``'s subtree in Vietnamese name order, by stage and by name or CCCD (accents and đ
    folded, word starts in order)."""
    qs = candidates_in(user=user, org=org)
    if stage:
        qs = qs.filter(stage=stage)
    if word_prefix_pattern(q):
        qs = qs.filter(search_text__words=q)
    return qs.order_by("sort_key", "id")


def candidate_get(*, user, pk, write: bool = False) -> Candidate:
    candidate = get_or_out_of_scope(Candidate.objects.select_related("org__type", "helper", "introduced_by",
                                                                     "member"), pk=pk)
    scope_for(user).require_path(candidate.org.path, write=write)
    return candidate


def steps_of(candidate: Candidate) -> list[AdmissionStep]:
    """The file's steps, oldest first (the caller has read the candidate through ``candidate_get``)."""
    return list(AdmissionStep.objects.filter(candidate=candidate).order_by("date", "attempt", "id"))


def admitted_between(*, user, org: Org, start: dt.date, end: dt.date) -> QuerySet[Candidate]:
    """Candidates of the subtree whose ceremony fell in [start, end]."""
    return candidates_in(user=user, org=org).filter(steps__step="ceremony", steps__date__gte=start,
                                                     steps__date__lte=end).distinct()


@dataclass(frozen=True)
class Probation:
    member: Member
    ends_on: dt.date  # 12 months after the ceremony (M7)
    vote_due: dt.date  # the cell's resolution within 30 working days of that day
    overdue: bool


def probations_due(*, user, org: Org, on: dt.date, within_days: int = 60) -> list[Probation]:
    """Probationary members of ``org``'s subtree whose probation ends within ``within_days`` of ``on`` or has
    ended, with the day the cell's vote is due; those past it are overdue (M7). Soonest first."""
    scope_for(user).require_path(org.path)
    horizon = on + dt.timedelta(days=within_days)
    members = list(Member.objects.filter(status=MemberStatus.PROBATIONARY, org__path__startswith=org.path,
                                         admitted_on__lte=add_months(horizon, -rules.PROBATION_MONTHS))
                   .select_related("org").order_by("admitted_on", "id"))
    if not members:
        return []
    first = min(m.admitted_on for m in members)
    cal = calendar_for(range(first.year + 1, on.year + 2))
    out = []
    for m in members:
        due = rules.recognition_due(cal, m.admitted_on)
        out.append(Probation(m, rules.probation_end(m.admitted_on), due, due < on))
    return out


def plans_of(*, user, org: Org, year: int) -> list[AdmissionPlan]:
    """The quotas of ``year`` assigned to ``org`` and to the orgs directly under it."""
    scope_for(user).require_path(org.path)
    return list(AdmissionPlan.objects.filter(year=year, org__path__startswith=org.path,
                                             org__depth__lte=org.depth + 1).select_related("org")
                .order_by("org__path"))


@dataclass(frozen=True)
class BadgeDue:
    member: Member
    years: int  # the Huy hiệu step (30, 40, 45 …)
    reached_on: dt.date
    seniority: tuple[int, int]  # full years and months on the chosen day


def badges_due(*, user, org: Org, on: dt.date, since: dt.date | None = None) -> list[BadgeDue]:
    """Official members of ``org``'s subtree on ``on`` who reached a Huy hiệu step after ``since`` (default: a
    year before) and by ``on`` — the list for an award ceremony on ``on`` (3/2, 19/5…). Seniority counts from
    the admission on the member's record minus the periods outside the party (M10); a probationary member has
    none yet. Three queries: the members, their registrations, their admission decisions."""
    scope_for(user).require_path(org.path)
    since = since or add_months(on, -12)
    members = {m.pk: m for m in Member.objects.filter(
        status=MemberStatus.OFFICIAL, org__path__startswith=org.path, official_on__lte=on).select_related("org")}
    spans = seniority_spans(list(members))
    out = []
    for pk, member in members.items():
        found = rules.badge_reached(spans[pk], on)
        if found and found[1] > since:
            out.append(BadgeDue(member, found[0], found[1], seniority_on(spans[pk], on)))
    return sorted(out, key=lambda b: (-b.years, b.member.sort_key, b.member.pk))


def seniority_spans(member_ids: list[int]) -> dict[int, list[tuple[dt.date, dt.date | None]]]:
    """Each member's periods in the party for seniority (M10): the official registrations, the first one
    starting at the admission decision where the admission file records it. Two queries. Unscoped: callers pass
    the ids of members they read through the user's scope (seniority lists, Huy hiệu, dues exemptions). The pure
    part (``members.rules.counted_spans``, ``seniority_on``) is the member's; this read is the admission file's."""
    spans: dict[int, list] = {pk: [] for pk in member_ids}
    for member_id, start, end in Registration.objects.filter(
            member_id__in=member_ids, kind=RegistrationKind.OFFICIAL).values_list("member_id", "valid_from",
                                                                                  "valid_to"):
        spans[member_id].append((start, end))
    decided = dict(AdmissionStep.objects.filter(step=rules.DECISION, passed=True, candidate__member_id__in=member_ids)
                   .values("candidate__member_id").annotate(day=Min("date"))
                   .values_list("candidate__member_id", "day"))
    return {pk: counted_spans(rows, decided.get(pk)) for pk, rows in spans.items()}


@dataclass(frozen=True)
class Seniority:
    on: dt.date
    years: int
    months: int
    since: dt.date  # the day seniority would have started with no gap (M10)


def seniority_of(member: Member, on: dt.date) -> Seniority | None:
    """The member's party seniority on ``on`` (the caller has read the member through its scoped selector): none
    before the member is official (M10 counts it for an official member) or before any period in the party."""
    if member.official_on is None or member.official_on > on:
        return None
    spans = seniority_spans([member.pk])[member.pk]
    since = effective_start(spans, on)
    if since is None:
        return None
    years, months = seniority_on(spans, on)
    return Seniority(on, years, months, since)


def introductions_of(candidate: Candidate) -> list[Introduction]:
    """The candidate's introducers, replaced ones included (the caller has read the candidate)."""
    return list(candidate.introductions.select_related("member").order_by("given_on", "id"))


@dataclass(frozen=True)
class NextStep:
    step: str
    label: str
    due: dt.date | None  # the last day, in working days (M5 decision, M6 ceremony); None when no deadline runs


def next_steps(candidate: Candidate, steps: list[AdmissionStep]) -> list[NextStep]:
    """The steps the file may record now (their prerequisites passed, not passed themselves) with the deadline
    that runs for them: the decision 60 working days from the cell's vote (before any extension), the ceremony
    30 from the decision (counted from its date until the day it was received is recorded with the ceremony)."""
    if candidate.stage in (Stage.ADMITTED, Stage.STOPPED):
        return []
    done = {row.step: row for row in steps if row.passed}
    out = []
    for code, label in rules.STEPS.items():
        if code in done or any(need not in done for need in rules.NEEDS.get(code, ())):
            continue
        due = None
        if code == rules.DECISION:
            start = done[rules.CELL_VOTE].date
            due = rules.decision_due(calendar_for(deadline_years(start, rules.DECISION_DAYS)), start)
        elif code == rules.CEREMONY:
            start = done[rules.DECISION].date
            due = rules.ceremony_due(calendar_for(deadline_years(start, rules.CEREMONY_DAYS)), start)
        out.append(NextStep(code, label, due))
    return out


# --- overdue cases (issue 9, Deliver 2: "overdue cases are listed") -------------------------------------------------

@dataclass(frozen=True)
class OverdueCase:
    candidate: Candidate
    step: str  # rules.DECISION or rules.CEREMONY: what is awaited
    label: str
    start: dt.date  # the cell's resolution (M5) or the decision (M6)
    due: dt.date  # the last day in working days
    late_days: int  # working days after the due day up to ``on``
    late_calendar_days: int
    latest_due: dt.date | None  # M5 only: the last day were the full extension (30 working days) granted


def overdue_cases(*, user, org: Org, on: dt.date) -> list[OverdueCase]:
    """The candidates of ``org``'s subtree whose decision or ceremony is past due on ``on``: the competent
    committee's decision 60 working days from the cell's resolution (M5, + at most 30 when extended — the
    extension is recorded with the decision, so the list shows the last day it could reach), the ceremony 30
    working days from the decision (M6; counted from its date, the day it was received being recorded with the
    ceremony). One query finds the cases at those stages whose start lies far enough back (a deadline of n
    working days is at least n calendar days), one calendar serves them all; the most overdue first."""
    qs = candidates_in(user=user, org=org).filter(
        stage__in=(Stage.CELL_AGREED, Stage.PROPOSED, Stage.DECIDED)).annotate(
        vote_on=Max("steps__date", filter=Q(steps__step=rules.CELL_VOTE, steps__passed=True)),
        decided_on=Max("steps__date", filter=Q(steps__step=rules.DECISION, steps__passed=True)),
    ).filter(Q(stage__in=(Stage.CELL_AGREED, Stage.PROPOSED), vote_on__lt=on - dt.timedelta(rules.DECISION_DAYS))
             | Q(stage=Stage.DECIDED, decided_on__lt=on - dt.timedelta(rules.CEREMONY_DAYS)))
    found = list(qs.order_by("sort_key", "id"))
    if not found:
        return []
    starts = [c.decided_on if c.stage == Stage.DECIDED else c.vote_on for c in found]
    cal = calendar_for(range(min(starts).year, max(on.year, max(starts).year) + 2))
    out = []
    for c, start in zip(found, starts, strict=True):
        if c.stage == Stage.DECIDED:
            step, due, latest = rules.CEREMONY, rules.ceremony_due(cal, start), None
        else:
            step, due = rules.DECISION, rules.decision_due(cal, start)
            latest = rules.decision_due(cal, start, rules.EXTENSION_DAYS)
        if due < on:
            out.append(OverdueCase(c, step, rules.STEPS[step], start, due, cal.count(due, on), (on - due).days,
                                   latest))
    return sorted(out, key=lambda o: (o.due, o.candidate.sort_key, o.candidate.pk))


# --- counts of admissions by category, per year and per term (issue 9, deliver 4) ----------------------------------

def _in_group(code: str) -> Q:
    """The member's candidate file lists the group (``Candidate.groups``, a JSON list: matched on its text)."""
    return Q(Exists(Candidate.objects.filter(member_id=OuterRef("member_id"), groups__icontains=f'"{code}"')))


# code -> (label, condition on the admission event): the categories the seeds push (001, 002), read from the
# member's record where it holds the fact and from the candidate's file otherwise
CATEGORIES: dict[str, tuple[str, Q]] = {
    Group.BUSINESS_OWNER: (Group.BUSINESS_OWNER.label,
                           Q(member__category=MemberCategory.BUSINESS_OWNER) | _in_group(Group.BUSINESS_OWNER)),
    Group.PRIVATE_SECTOR: (Group.PRIVATE_SECTOR.label, _in_group(Group.PRIVATE_SECTOR)),
    Group.ETHNIC_MINORITY: (Group.ETHNIC_MINORITY.label,
                            (~Q(member__ethnicity__iexact="Kinh") & ~Q(member__ethnicity=""))
                            | _in_group(Group.ETHNIC_MINORITY)),
    Group.YOUTH: (Group.YOUTH.label, _in_group(Group.YOUTH)),
    Group.VILLAGE_HEAD: (Group.VILLAGE_HEAD.label, _in_group(Group.VILLAGE_HEAD)),
    Group.RELIGIOUS: (Group.RELIGIOUS.label, (~Q(member__religion__iexact="Không") & ~Q(member__religion=""))
                      | _in_group(Group.RELIGIOUS)),
    "women": ("Nữ", Q(member__gender=Gender.FEMALE)),
    "youth_union": ("Đoàn viên thanh niên", Q(member__is_youth_union=True)
                    | Q(Exists(Candidate.objects.filter(member_id=OuterRef("member_id"),
                                                        source=Source.YOUTH_UNION)))),
    "readmitted": ("Kết nạp lại", Q(Exists(LifecycleEvent.objects.filter(
        member_id=OuterRef("member_id"), kind=EventKind.ADMIT, is_void=False, superseded_by__isnull=True,
        date__lt=OuterRef("date"))))),
}


@dataclass(frozen=True)
class AdmissionCounts:
    period: Period
    label: str  # "Năm 2021", "6 tháng đầu năm 2023", "Nhiệm kỳ 2020 - 2025"
    on: dt.date  # the day counted: the period's end, or today while it runs (the tree of that day)
    admitted: int
    by_category: dict[str, int]  # code of CATEGORIES -> admitted in it
    base: int  # members on the list (official registrations) the day before the period starts
    base_on: dt.date
    plan: int | None  # the year's quota (a term: the sum of its years' quotas); None when none was set
    partial: bool  # counted before the end of its year (a half, a year still running or clipped to a day)


def _placements(org: Org) -> list[OrgPlacement]:
    return list(OrgPlacement.objects.filter(org=org).order_by("valid_from"))


def _path_on(placements: list[OrgPlacement], on: dt.date) -> str | None:
    for p in placements:
        if p.valid_from <= on and (p.valid_to is None or p.valid_to > on):
            return p.path
    return None


def _subtree_on(placements: list[OrgPlacement], on: dt.date) -> Q:
    """``org_id`` within the org's subtree as it stood on ``on`` (a subquery of that day's placements)."""
    path = _path_on(placements, on)
    if path is None:
        return Q(pk__in=[])
    return Q(org_id__in=OrgPlacement.objects.filter(valid_from__lte=on, path__startswith=path).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)).values("org_id"))


def _within(placements: list[OrgPlacement], on: dt.date, start: dt.date | None = None, listed: bool = False) -> Q:
    """Rows of the org's subtree on ``on`` — events dated ``start``…``on`` when ``start`` is given, registrations
    valid on ``on`` otherwise — with the subtree as a list of ids while it is small when ``listed``."""
    path = _path_on(placements, on)
    if path is None:
        return Q(pk__in=[])
    ids = OrgPlacement.objects.filter(valid_from__lte=on, path__startswith=path).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)).values("org_id")
    if listed:
        ids = listed_if_small(ids)
    if start is not None:
        return Q(org_id__in=ids, date__gte=start, date__lte=on)
    return Q(org_id__in=ids, valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))


def _any(conditions) -> Q:
    out = Q(pk__in=[])
    for q in conditions:
        out |= q
    return out


def _plans(placements: list[OrgPlacement], org: Org, years: set[int], days: dict[int, dt.date]) -> dict:
    """year -> the org's quota: its own, else the sum of the topmost quotas below it (``indicators``). Two reads."""
    within = Q(pk__in=[])
    for y in years:
        within |= Q(year=y) & _subtree_on(placements, days[y])
    rows = list(AdmissionPlan.objects.filter(within).values_list("org_id", "year", "quota"))
    spans: dict[int, list] = {}
    for pk, path, start, end in OrgPlacement.objects.filter(org_id__in={r[0] for r in rows}).values_list(
            "org_id", "path", "valid_from", "valid_to"):
        spans.setdefault(pk, []).append((path, start, end))
    out = {}
    for y in years:
        on = days[y]
        placed = []
        for pk, year, quota in rows:
            if year != y:
                continue
            path = next((p for p, s, e in spans.get(pk, ()) if s <= on and (e is None or e > on)), None)
            if path is not None:
                placed.append((path, pk, quota))
        own = next((q for _p, pk, q in placed if pk == org.pk), None)
        out[y] = own if own is not None else topmost_total(sorted(placed))
    return out


def _label(period: Period, on: dt.date) -> str:
    if period.kind == "year" and on < dt.date(period.start.year, 12, 31):
        return f"Từ đầu năm {period.start.year} đến nay"
    return period.label[:1].upper() + period.label[1:].replace("–", " - ")


def admission_counts(*, user, org: Org, periods: list[Period]) -> list[AdmissionCounts]:
    """Admissions into ``org``'s subtree over each of ``periods`` (each over the tree of its own day: an admission
    counts for the org its cell stood under then, wherever the member or the cell went later), by category, with
    the members on the list the day before each period (the base of the rate) and the year's plan. One grouped
    read of the events, one of the registrations and two of the plans, whatever the periods and categories."""
    scope_for(user).require_path(org.path)
    placements = _placements(org)
    now = today()
    events = LifecycleEvent.objects.filter(kind=EventKind.ADMIT, is_void=False, superseded_by__isnull=True)
    regs = Registration.objects.filter(kind=RegistrationKind.OFFICIAL)
    counted, bases, days = {}, {}, {}
    for i, period in enumerate(periods):
        on = min(period.end, now)
        days[i] = on
        where = Q(date__gte=period.start, date__lte=on) & _subtree_on(placements, on)
        counted[f"p{i}"] = Count("member_id", distinct=True, filter=where)
        for code, (_name, cond) in CATEGORIES.items():
            counted[f"p{i}_{code}"] = Count("member_id", distinct=True, filter=where & cond)
        before = period.start - dt.timedelta(days=1)
        bases[f"p{i}"] = Count("member_id", distinct=True, filter=Q(valid_from__lte=before) & (
            Q(valid_to__isnull=True) | Q(valid_to__gt=before)) & _subtree_on(placements, before))
    if not periods:
        return []
    # The FILTERs above pick each period's rows; the WHERE keeps only rows some period may count (the subtree's
    # admissions of the periods, its registrations of the days before them), or each call reads the country's.
    # One period (a report's year) may list its subtree's ids; several keep subqueries (SQLite's bound values).
    listed = len(periods) == 1
    events = events.filter(_any(_within(placements, days[i], start=p.start, listed=listed)
                                for i, p in enumerate(periods)))
    regs = regs.filter(_any(_within(placements, p.start - dt.timedelta(days=1), listed=listed) for p in periods))
    got = events.aggregate(**counted)
    base = regs.aggregate(**bases)
    years = {y for p in periods for y in p.years}
    plans = _plans(placements, org, years, {y: min(dt.date(y, 12, 31), now) for y in years})
    out = []
    for i, period in enumerate(periods):
        year_plans = [plans[y] for y in period.years if plans.get(y) is not None]
        one_year = period.start.year == period.end.year
        out.append(AdmissionCounts(
            period=period, label=_label(period, days[i]), on=days[i], admitted=got[f"p{i}"],
            by_category={code: got[f"p{i}_{code}"] for code in CATEGORIES}, base=base[f"p{i}"],
            base_on=period.start - dt.timedelta(days=1), plan=sum(year_plans) if year_plans else None,
            partial=days[i] < (dt.date(period.end.year, 12, 31) if one_year else period.end)))
    return out


def terms_for(*, user, org: Org) -> list[Term]:
    """The terms (nhiệm kỳ) of ``org``'s committee, newest first; an org without its own (a cell under a
    grassroots committee) takes those of the nearest org above it that has some. One read."""
    scope_for(user).require_path(org.path)
    step = Org.steplen
    paths = [org.path[: i * step] for i in range(1, org.depth + 1)]
    terms = list(Term.objects.filter(org__path__in=paths).select_related("org").order_by("-org__depth",
                                                                                        "-starts_on"))
    return [t for t in terms if t.org_id == terms[0].org_id] if terms else []


def term_period(term: Term) -> Period:
    end = term.ends_on or dt.date(today().year, 12, 31)
    return Period("term", term.starts_on, end, f"nhiệm kỳ {term.name}")


def year_periods(year: int) -> list[Period]:
    """The columns of a year: its first half (the 002 half-year form) and the whole year."""
    return [half(year, 1), year_period(year)]
