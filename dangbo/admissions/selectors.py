"""Reads of the admission pipeline, always within the user's scope."""

import datetime as dt

from django.db.models import QuerySet

from dangbo.accounts.scope import scope_for
from dangbo.admissions.models import AdmissionStep, Candidate, Introduction
from dangbo.core.exceptions import get_or_out_of_scope
from dangbo.core.text import fold
from dangbo.orgs.models import Org


def candidates_in(*, user, org: Org) -> QuerySet[Candidate]:
    """The candidates of ``org``'s subtree (scoped: OutOfScope when the user cannot read ``org``)."""
    scope_for(user).require_path(org.path)
    return Candidate.objects.filter(org__path__startswith=org.path).select_related("org")


def candidate_list(*, user, org: Org, stage: str = "", q: str = "") -> QuerySet[Candidate]:
    """The subtree's candidates in name order, by stage and by the words of the name or CCCD (accents folded)."""
    qs = candidates_in(user=user, org=org)
    if stage:
        qs = qs.filter(stage=stage)
    for word in fold(q).split():
        qs = qs.filter(search_text__contains=word)
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


def introducers_of(candidate: Candidate) -> list[Introduction]:
    """The candidate's introducers, current and replaced (the caller has read the candidate)."""
    return list(Introduction.objects.filter(candidate=candidate).select_related("member").order_by("given_on", "id"))
