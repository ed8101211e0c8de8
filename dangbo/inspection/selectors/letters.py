"""Reads the letters pages need besides ``inspection.selectors`` (added by the letters pages, issue 14 wave 2):
a proposal through its case, the cases a letter may be assigned to, the decisions a complaint may be about, the
user named on a record. Confidential rows come only through ``selectors.visible_cases`` and are logged."""

from django.contrib.auth import get_user_model

from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import get_or_out_of_scope
from dangbo.core.text import word_prefix_pattern
from dangbo.inspection import selectors
from dangbo.inspection.choices import WorkKind
from dangbo.inspection.models import Case, CaseAccess, Denunciation
from dangbo.members.models import DisciplineDecision
from dangbo.orgs.models import Org

PICKER_CHOICES = 20


def assignable_cases(*, user, denunciation: Denunciation) -> list[Case]:
    """The denunciation cases (K2 "giải quyết tố cáo") the user may see, decided on or after the letter's receipt:
    the choices to assign it to (the 50 newest; not logged — only their numbers and orgs are shown)."""
    return list(selectors.visible_cases(user).filter(
        kind=WorkKind.DENUNCIATION, decided_on__gte=denunciation.received_on).select_related("org").order_by(
        "-decided_on", "-id")[:50])


def decision_choices(*, user, org: Org, q: str) -> list[DisciplineDecision]:
    """The complaint picker's choices: discipline decisions of at most 20 members (of ``org``'s subtree, in the
    user's read scope) whose name starts with what was typed; nothing before something is typed."""
    if not word_prefix_pattern(q):
        return []
    scope = scope_for(user)
    if not (scope.covers_inspection(org.path) or scope.covers_path(org.path)):
        return []
    return list(DisciplineDecision.objects.filter(
        member__org__path__startswith=org.path, member__search_text__words=q).select_related(
        "member__org").order_by("member__full_name", "-date", "-id")[:PICKER_CHOICES])


def decision_for_complaint(*, user, org: Org, pk) -> DisciplineDecision:
    """A decision of a member of ``org``'s subtree, else not found."""
    return get_or_out_of_scope(DisciplineDecision.objects.filter(org__path__startswith=org.path).select_related(
        "member__org", "org"), pk=pk)


def active_user(username: str):
    """The active user of that login name, or None (named by whoever has an inspection grant over the record)."""
    return get_user_model().objects.filter(username=username.strip(), is_active=True).first()


def named_on(*, denunciation: Denunciation | None = None, case: Case | None = None) -> list[CaseAccess]:
    """Who is named on a record read through its selector (for the inspection commission only)."""
    qs = CaseAccess.objects.filter(denunciation=denunciation) if denunciation else CaseAccess.objects.filter(
        case=case)
    return list(qs.select_related("user", "granted_by").order_by("id"))
