"""Indicators of training (TARGETS.md: Training and qualifications; RULES.md T5). ``new_members_basic_llct_rate``
(sơ cấp for newly admitted members) is the members app's: it reads the political-theory level a passed course sets."""

from dangbo.accounts.scope import scope_for
from dangbo.members.models import Member
from dangbo.targets.registry import Measure, as_of, cached, children_of, indicator
from dangbo.training.needs import committee_seats, untrained_seats


def _people(user, seats):
    return Member.objects.filter(scope_for(user).member_q(), pk__in=seats.values("member_id")).select_related(
        "org").order_by("sort_key", "id")


def committee_trained_detail(*, user, org, period):
    seats = committee_seats(org, as_of(period))
    todo = untrained_seats(seats)
    return [("Đã được bồi dưỡng nghiệp vụ công tác đảng trong nhiệm kỳ",
             _people(user, seats.exclude(member_id__in=todo.values("member_id")))),
            ("Chưa được bồi dưỡng", _people(user, todo))]


def _seat_rows(org, period) -> list[tuple[int, int, bool]]:
    """(org id, member id, trained) of every seat counted on the period's day: one read, which the org's value
    and its children's share inside a ``registry.shared()`` block (two distinct counts cost more than this)."""
    on = as_of(period)
    return cached(("training.seats", org.pk, on), lambda: list(
        committee_seats(org, on).order_by().values_list("committee__term__org_id", "member_id", "trained")))


@indicator("committee_trained_rate", "Cấp ủy viên cơ sở, bí thư chi bộ được bồi dưỡng nghiệp vụ công tác đảng",
           drilldown=committee_trained_detail)
def committee_trained(*, org, period):
    """Each person once, trained when one of their seats is (as ``needs.untrained_seats`` lists the others)."""
    rows = _seat_rows(org, period)
    return Measure(len({member_id for _, member_id, trained in rows if trained}),
                   len({member_id for _, member_id, _ in rows}))


@children_of("committee_trained_rate")
def committee_trained_children(*, org, period, child_of):
    """Each person once per child, trained when one of their seats under that child is; one read."""
    people = {kid: set() for kid in child_of.values()}
    good = {kid: set() for kid in child_of.values()}
    for org_id, member_id, trained in _seat_rows(org, period):
        kid = child_of.get(org_id)
        if kid is not None:
            people[kid].add(member_id)
            if trained:
                good[kid].add(member_id)
    return {kid: Measure(len(good[kid]), len(people[kid])) for kid in people}
