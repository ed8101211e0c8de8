"""Reads of transfer letters, always through the acting user's scope. A letter is seen by the sending side, the
receiving side and the committee that issued it."""

import datetime as dt

from django.db.models import Q, QuerySet

from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import OutOfScope, get_or_out_of_scope
from dangbo.core.text import word_prefix_pattern
from dangbo.members.models import Member
from dangbo.orgs import names
from dangbo.orgs.models import Org, OrgStatus
from dangbo.transfers import documents
from dangbo.transfers.choices import LetterKind, LetterState
from dangbo.transfers.models import TransferLetter

OUT, IN = "out", "in"
UNKNOWN_DESTINATION = "Chi bộ nơi đến không có trong hệ thống hoặc đã kết thúc hoạt động."
# who signs for a committee: the standing committee above the grassroots level (36-HD/VPTW)
SIGNERS = dict.fromkeys(("Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy"), "T/M BAN THƯỜNG VỤ")


def directory_cells() -> QuerySet[Org]:
    """The public directory of destinations: the active cells of the WHOLE system, deliberately not scoped — a
    letter is addressed to the receiving cell, usually outside the issuer's scope, and a cell's name is as public
    as an org directory. Only names and ids leave it, never a member or a record."""
    return Org.objects.filter(type__is_cell=True, status=OrgStatus.ACTIVE).select_related("type")


def destination_get(pk) -> Org:
    """The cell a user picked as destination, through the directory only: an unknown id, a committee, an ended
    cell all get the one message, so an id tells nothing of the org behind it (its existence, its name)."""
    try:
        return directory_cells().get(pk=pk)
    except (Org.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        refusal = OutOfScope(UNKNOWN_DESTINATION)
        refusal.field = "to_org"
        raise refusal from exc


def _open_on(on: dt.date) -> Q:
    return Q(received_on__isnull=True) | Q(received_on__gt=on)


def state_filter(state: str, on: dt.date) -> Q:
    """The letters in ``state`` on ``on`` (``rules.state_on`` as a query)."""
    if state == LetterState.RECEIVED:
        return Q(received_on__lte=on)
    if state == LetterState.OVERDUE:
        return _open_on(on) & Q(present_by__lt=on)
    if state == LetterState.IN_TRANSIT:
        return _open_on(on) & Q(present_by__gte=on)
    return Q()


def letters_of(*, user, org: Org, direction: str = OUT, state: str = "", on: dt.date, kind: str = "",
               q: str = "") -> QuerySet[TransferLetter]:
    """The letters issued on or before ``on`` for members leaving (``out``) or coming to (``in``) ``org``'s
    subtree, newest first."""
    scope_for(user).require_path(org.path)
    side = "from_org" if direction == OUT else "to_org"
    qs = TransferLetter.objects.filter(**{f"{side}__path__startswith": org.path}, issued_on__lte=on)
    qs = qs.filter(state_filter(state, on))
    if kind:
        qs = qs.filter(kind=kind)
    if word_prefix_pattern(q):
        qs = qs.filter(Q(member__search_text__words=q) | Q(number__iexact=q.strip()))
    return qs.select_related("member", "from_org", "to_org", "issuer").order_by("-issued_on", "-id")


def not_arrived(*, user, org: Org, on: dt.date) -> QuerySet[TransferLetter]:
    """Members who left ``org``'s subtree with an official letter and had not presented it by its deadline on
    ``on`` (M14): on no cell's list, the case the committee must chase. Oldest deadline first."""
    return letters_of(user=user, org=org, direction=OUT, state=LetterState.OVERDUE, on=on,
                      kind=LetterKind.OFFICIAL).order_by("present_by", "id")


def letter_get(*, user, pk, write: bool = False) -> TransferLetter:
    letter = get_or_out_of_scope(TransferLetter.objects.select_related(
        "member", "from_org__type", "to_org__type", "issuer", "out_event", "in_event"), pk=pk)
    scope = scope_for(user)
    paths = [letter.from_org.path, letter.issuer.path] + ([letter.to_org.path] if letter.to_org_id else [])
    if not any(scope.covers_path(path, write=write) for path in paths):
        raise OutOfScope()
    return letter


def letters_of_member(member: Member) -> list[TransferLetter]:
    """The member's letters, newest first (the caller has read the member through its scoped selector)."""
    return list(TransferLetter.objects.filter(member=member).select_related("from_org", "to_org", "issuer"))


def _chain(top: str, bottom: str) -> list[str]:
    """The paths strictly below ``top`` down to ``bottom`` inclusive."""
    step = Org.steplen
    return [bottom[:n] for n in range(len(top) + step, len(bottom) + 1, step)]


def _common(a: str, b: str) -> str:
    step, n = Org.steplen, 0
    while n + step <= min(len(a), len(b)) and a[n:n + step] == b[n:n + step]:
        n += step
    return a[:n]


def _body(name: str) -> str:
    return names.committee_of(name).name


def letter_document(letter: TransferLetter) -> documents.LetterDoc:
    """What the letter prints (the caller has read ``letter`` through ``letter_get``): the member's record, both
    ends, and the route of the official letter after the issuer — up to the level both ends share, then down to
    the receiving cell."""
    issuer, member = letter.issuer, letter.member
    route_paths: list[str] = []
    if letter.to_org_id:
        common, step = _common(issuer.path, letter.to_org.path), Org.steplen
        up = [issuer.path[:n] for n in range(len(issuer.path) - step, len(common) - 1, -step) if n]
        route_paths = up + _chain(common, letter.to_org.path)
    wanted = {*route_paths, issuer.path[:-Org.steplen], *(_chain("", letter.from_org.path))}
    by_path = {org.path: org for org in Org.objects.filter(path__in=[p for p in wanted if p])}
    superior = by_path.get(issuer.path[:-Org.steplen])
    body = names.committee_of(issuer.name)
    home = [by_path[p].name for p in reversed(_chain("", letter.from_org.path)) if p in by_path]
    route = [_body(by_path[p].name) for p in route_paths if p in by_path]
    if route and letter.to_org_id:
        route[-1] = f"{letter.to_org.name} (nơi đến)"
    return documents.LetterDoc(
        official=letter.kind == LetterKind.OFFICIAL, number=letter.number, issued_on=letter.issued_on,
        place=issuer.place or names.place_of(issuer.name), superior=superior.name if superior else "",
        issuer=body.name, signer_title=SIGNERS.get(body.short, f"T/M {body.short.upper()}"),
        member_name=member.full_name, date_of_birth=member.date_of_birth, hometown=member.hometown,
        admitted_on=member.admitted_on, official_on=member.official_on, card_number=member.card_number,
        profile_number=member.profile_number, from_org=", ".join(home[:2]), destination=letter.destination_name,
        reason=letter.get_reason_display(), present_by=letter.present_by, decision_ref=letter.decision_ref,
        stay_until=letter.stay_until, route=route,
    )
