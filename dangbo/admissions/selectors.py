"""Reads of the admission pipeline, always within the user's scope."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from dangbo.accounts.scope import scope_for
from dangbo.admissions import rules
from dangbo.admissions.choices import Stage
from dangbo.admissions.models import AdmissionStep, Candidate, Introduction
from dangbo.core.exceptions import get_or_out_of_scope
from dangbo.core.text import word_prefix_pattern
from dangbo.members.models import WordPrefixes
from dangbo.orgs.models import Org
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
