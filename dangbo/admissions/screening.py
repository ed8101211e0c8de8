"""The screening list (M11): members to consider for striking off, from what every part of the record shows —
ratings, meetings, probation, dues. It reads the dues (which count seniority from the admission file), so it sits
above both ``admissions.selectors`` and ``dues``; neither imports it."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count

from dangbo.accounts.scope import scope_for
from dangbo.admissions import rules
from dangbo.admissions.models import ScreeningDecision
from dangbo.admissions.selectors import probations_due
from dangbo.dues import book_selectors
from dangbo.dues import rules as dues_rules
from dangbo.dues.parameters import ARREARS_MONTHS
from dangbo.meetings.choices import Presence
from dangbo.meetings.models import Attendance
from dangbo.meetings.rules import STRIKE_OFF_ABSENCES, absence_window
from dangbo.members.choices import MemberStatus
from dangbo.members.models import Member
from dangbo.members.rules import add_months
from dangbo.orgs.models import Org
from dangbo.reviews.choices import Level
from dangbo.reviews.models import Assessment


@dataclass(frozen=True)
class ScreeningCase:
    member: Member
    reasons: tuple[str, ...]


def screening(*, user, org: Org, on: dt.date) -> list[ScreeningCase]:
    """Members of ``org``'s subtree to consider for striking off (M11), each with the reasons the data shows:
    reviews of the two previous years, unexcused absences of the 12 months to ``on``, overdue probations, and
    dues left unpaid without a recorded reason (D3) in the 12 months before the month of ``on``.
    Members already decided on since a year before ``on`` are left out.

    Dues window: M11/D3 say "3 months in a year". Read as any 12 months, not the calendar year: the same window as
    the absences in the same clause of M11, and a screening early in the year still sees last autumn's months
    (with the calendar year, unpaid 11/2025–01/2026 would never count). Only months already over are counted —
    the month of ``on`` is still open for paying, as on the arrears list.

    Grouped queries whatever the size: ratings, absences, probations, decisions, the dues pass (registrations,
    members, declarations, reliefs, payments, and under 01-QĐ/TW the seniority spans) and the members found."""
    scope_for(user).require_path(org.path)
    current = Member.objects.filter(org__path__startswith=org.path,
                                    status__in=(MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY))
    ratings: dict[int, list[int]] = {}
    for member_id, y in Assessment.objects.filter(
            member__in=current, year__in=(on.year - 2, on.year - 1),
            final_level=Level.NOT_COMPLETED).values_list("member_id", "year"):
        ratings.setdefault(member_id, []).append(y)
    first, last = absence_window(on)
    absences = dict(Attendance.objects.filter(member__in=current, status=Presence.UNEXCUSED, date__gte=first,
                                              date__lte=last).values("member_id").annotate(n=Count("id"))
                    .values_list("member_id", "n"))
    overdue = {p.member.pk: p.vote_due for p in probations_due(user=user, org=org, on=on) if p.overdue}
    decided = set(ScreeningDecision.objects.filter(member__in=current, decided_on__gt=add_months(on, -12))
                  .values_list("member_id", flat=True))
    unpaid = book_selectors.unexcused_months(user=user, org=org, first=dues_rules.add_months(on, -12),
                                             last=dues_rules.add_months(on, -1))
    unpaid = {pk: months for pk, months in unpaid.items() if dues_rules.arrears_to_consider(len(months))}
    found = (set(ratings) | set(absences) | set(overdue) | set(unpaid)) - decided
    members = current.filter(pk__in=found).select_related("org").order_by("sort_key", "id")
    out = []
    for m in members:
        reasons = rules.screening_reasons(not_completed_years=ratings.get(m.pk, []), year=on.year,
                                          unexcused=absences.get(m.pk, 0), probation_overdue=overdue.get(m.pk),
                                          absence_bar=STRIKE_OFF_ABSENCES, unpaid_months=unpaid.get(m.pk, []),
                                          dues_bar=ARREARS_MONTHS)
        if reasons:
            out.append(ScreeningCase(m, tuple(reasons)))
    return out
