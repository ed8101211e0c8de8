"""Who still needs which training (issue 13, Deliver 2; RULES.md T5): the people a target names, each marked
trained or not, set-based (a few queries whatever the size of the subtree).

- Committee: members on ``on`` of a grassroots committee, and cell secretaries, with a passed party-work class
  ending within the term of their seat (``committee_trained_rate``). A person holding several seats counts once,
  trained when one of their seats' terms saw the course.
- Probationary: members on probation on ``on`` (their registration of that day), with a passed new-member course
  ending since their admission — the central new-member course, not sơ cấp (T5 keeps the kinds apart).

The unscoped builders serve the indicator (its callers have checked scope); ``needs`` is the scoped read of the
page and its export."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from dangbo.accounts.scope import scope_for
from dangbo.members.choices import RegistrationKind
from dangbo.members.models import Member, Registration
from dangbo.orgs.models import CommitteePost, CommitteeSeat, Org
from dangbo.orgs.selectors import subtree_org_ids_on
from dangbo.training.choices import CourseKind, Result
from dangbo.training.models import Enrolment


def _passed(kind: str, on: dt.date):
    return Enrolment.objects.filter(result=Result.PASSED, training_class__kind=kind, training_class__ends_on__lte=on)


def committee_seats(org: Org, on: dt.date) -> QuerySet[CommitteeSeat]:
    """Seats held on ``on`` in grassroots committees and as cell secretary in ``org``'s subtree of that day, each
    annotated ``trained``: its holder passed a party-work class ending between the term's start and ``on``."""
    trained = _passed(CourseKind.PARTY_WORK, on).filter(
        member_id=OuterRef("member_id"), training_class__ends_on__gte=OuterRef("committee__term__starts_on"))
    return CommitteeSeat.objects.filter(
        Q(committee__term__org__type__is_grassroots=True)
        | Q(committee__term__org__type__is_cell=True, post=CommitteePost.SECRETARY),
        Q(ends_on__isnull=True) | Q(ends_on__gte=on),
        starts_on__lte=on, committee__term__org_id__in=subtree_org_ids_on(org=org, on=on),
    ).annotate(trained=Exists(trained))


def probationers(org: Org, on: dt.date) -> QuerySet[Member]:
    """Members on probation on ``on`` in ``org``'s subtree of that day, each annotated ``trained``: they passed a
    new-member course ending between their admission and ``on``."""
    regs = Registration.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on), kind=RegistrationKind.OFFICIAL, is_probationary=True,
        valid_from__lte=on, org_id__in=subtree_org_ids_on(org=org, on=on))
    trained = _passed(CourseKind.NEW_MEMBER, on).filter(
        member_id=OuterRef("pk"), training_class__ends_on__gte=OuterRef("admitted_on"))
    return Member.objects.filter(pk__in=regs.values("member_id")).annotate(trained=Exists(trained))


def untrained_seats(seats: QuerySet[CommitteeSeat]) -> QuerySet[CommitteeSeat]:
    """The seats of the people none of whose seats is trained."""
    return seats.exclude(member_id__in=seats.filter(trained=True).values("member_id"))


def people_count(seats: QuerySet[CommitteeSeat]) -> int:
    return seats.values("member_id").distinct().count()


LIST_ROWS = 200  # the page shows the first ones; the XLSX has them all


@dataclass
class Needs:
    org: Org
    on: dt.date
    seats: QuerySet  # seats of committee members and secretaries not yet trained, by org and post
    seats_people: int
    committee_people: int
    probationers: QuerySet  # probationary members without the new-member course
    probationers_count: int
    probationers_total: int


def needs(*, user, org: Org, on: dt.date) -> Needs:
    """The page's lists for ``org``'s subtree on ``on``, limited to the members the user may read."""
    scope = scope_for(user)
    scope.require_path(org.path)
    seats = committee_seats(org, on).filter(scope.member_q(prefix="member__"))
    todo = untrained_seats(seats).select_related("member__org", "committee__term__org").order_by(
        "committee__term__org__path", "post", "member__sort_key", "member_id")
    members = probationers(org, on).filter(scope.member_q())
    waiting = members.filter(trained=False).select_related("org").order_by("org__path", "sort_key", "id")
    return Needs(org, on, todo, people_count(todo), people_count(seats), waiting, waiting.count(), members.count())
