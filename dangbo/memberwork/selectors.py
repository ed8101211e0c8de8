"""Reads of the member-work registers, always through the acting user's scope: the rewards, Huy hiệu awards and
card issues counted in an org's subtree (today's tree, by the org each row is counted in) within a period."""

import datetime as dt

from django.db.models import Q, QuerySet

from dangbo.accounts.scope import scope_for
from dangbo.core.text import fold, word_prefix_pattern
from dangbo.members.models import Member
from dangbo.members.selectors import member_list
from dangbo.memberwork.models import BadgeAward, CardIssue, Reward
from dangbo.orgs.models import Org
from dangbo.orgs.selectors import org_list

PICKER_CHOICES = 20


def _member_q(qs, q: str):
    if word_prefix_pattern(q):
        return qs.filter(member__search_text__words=q)
    return qs


def rewards_of(*, user, org: Org, start: dt.date, end: dt.date, q: str = "") -> QuerySet[Reward]:
    """Rewards to the orgs of ``org``'s subtree and to members of its cells, decided from ``start`` to ``end``,
    newest first. ``q``: the recipient's name (a member by word starts, an org by its folded name)."""
    scope_for(user).require_path(org.path)
    qs = Reward.objects.filter(org__path__startswith=org.path, awarded_on__gte=start, awarded_on__lte=end)
    if word_prefix_pattern(q):
        named = Q(member__isnull=True)
        for token in fold(q).split():
            named &= Q(org__search_name__contains=token)
        qs = qs.filter(Q(member__search_text__words=q) | named)
    return qs.select_related("org__type", "member").order_by("-awarded_on", "-id")


def badge_awards_of(*, user, org: Org, start: dt.date, end: dt.date, q: str = "") -> QuerySet[BadgeAward]:
    scope_for(user).require_path(org.path)
    qs = BadgeAward.objects.filter(org__path__startswith=org.path, awarded_on__gte=start, awarded_on__lte=end)
    return _member_q(qs, q).select_related("org", "member").order_by("-awarded_on", "-id")


def card_issues_of(*, user, org: Org, start: dt.date, end: dt.date, q: str = "") -> QuerySet[CardIssue]:
    scope_for(user).require_path(org.path)
    qs = CardIssue.objects.filter(org__path__startswith=org.path, issued_on__gte=start, issued_on__lte=end)
    return _member_q(qs, q).select_related("org", "member").order_by("-issued_on", "-id")


def member_choices(*, user, org: Org, q: str) -> list[Member]:
    """The member picker's choices: at most 20 active members of ``org``'s subtree in the user's scope whose name
    starts with what was typed (nothing before something is typed: never a list of every member)."""
    if not word_prefix_pattern(q):
        return []
    return list(member_list(user=user, org=org, q=q)[:PICKER_CHOICES])


def org_choices(*, user, org: Org, q: str) -> list[Org]:
    """The org picker's choices: at most 20 active orgs of ``org``'s subtree (the org itself included) whose name
    matches, party groups left out (Biểu 7 has no row for them)."""
    if not q.strip():
        return []
    return list(org_list(user=user, q=q, within=org).filter(type__is_party_group=False)
                .select_related("type")[:PICKER_CHOICES])


def badges_of_member(member: Member) -> list[BadgeAward]:
    """The member's Huy hiệu (the caller has read the member through its scoped selector)."""
    return list(BadgeAward.objects.filter(member=member).order_by("years"))


def cards_of_member(member: Member) -> list[CardIssue]:
    return list(CardIssue.objects.filter(member=member).order_by("-issued_on", "-id"))
