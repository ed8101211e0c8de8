"""Rating indicators (TARGETS.md: Quality ratings), computed from the one statistics function
``reviews.stats.year_totals`` — the stats page, its XLSX, the API, the dashboard and the reports share it — and,
for the children of an org, from one ``stats.snapshot`` of its subtree."""

from django.db.models import Q

from dangbo.members.choices import RegistrationKind
from dangbo.members.models import Registration
from dangbo.orgs.models import Org
from dangbo.orgs.selectors import subtree_org_ids_on
from dangbo.reviews.choices import Level
from dangbo.reviews.models import TargetRegistration
from dangbo.reviews.stats import CELL, GRASSROOTS, MEMBER, Counts, snapshot, split, year_totals
from dangbo.targets.registry import Measure, as_of, cached, children_of, indicator


def _counts(org, period, population):
    on = as_of(period)
    totals = cached(("year_totals", org.pk, period.start.year, on),
                    lambda: year_totals(org=org, year=period.start.year, now=on))
    return totals[population]


def _children_counts(org, period, population) -> dict:
    """Each child's counts in one snapshot of the subtree (the stats page's own pass), not one query per child."""
    on = as_of(period)
    snap = cached(("snapshot", org.pk, period.start.year, on),
                  lambda: snapshot(org=org, year=period.start.year, now=on))
    return {row[0]: split(snap.total_of(row[0]))[population] for row in snap.children()}


def _rated(code: str, name: str, population: str, figures) -> None:
    """A rating indicator ``figures(counts) -> (numerator, denominator)``, for an org and for its children."""
    @indicator(code, name)
    def compute(*, org, period):
        return Measure(*figures(_counts(org, period, population)))

    @children_of(code)
    def compute_children(*, org, period, child_of):
        counts = _children_counts(org, period, population)
        # a child missing from the year's tree (a period longer than the year) counts nothing, as ``compute``
        return {kid: Measure(*figures(counts.get(kid, Counts()))) for kid in set(child_of.values())}


def _good(c):
    return c.good_or_above, c.decided


def _excellent(c):
    return c.excellent, c.good_or_above


_rated("org_good_rate", "Tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", GRASSROOTS, _good)
_rated("subcell_good_rate", "Chi bộ trực thuộc đảng ủy cơ sở hoàn thành tốt nhiệm vụ trở lên", CELL, _good)
_rated("member_good_rate", "Đảng viên hoàn thành tốt nhiệm vụ trở lên", MEMBER, _good)
_rated("org_excellent_among_good", "Tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ / hoàn thành tốt trở lên",
       GRASSROOTS, _excellent)
_rated("member_excellent_among_good", "Đảng viên hoàn thành xuất sắc nhiệm vụ / hoàn thành tốt trở lên", MEMBER,
       _excellent)
_rated("org_completed_rate", "Tổ chức cơ sở đảng hoàn thành nhiệm vụ trở lên", GRASSROOTS,
       lambda c: (c.decided - c.levels[Level.NOT_COMPLETED], c.decided))


@indicator("cell_target_registration_rate", "Chi bộ đăng ký phấn đấu mức hoàn thành nhiệm vụ trở lên")
def cell_registration_rate(*, org, period):
    on = as_of(period)
    cells = Org.objects.filter(pk__in=subtree_org_ids_on(org=org, on=on), type__is_cell=True)
    registered = TargetRegistration.objects.filter(
        year=period.start.year, subject_org__in=cells.values("pk")).exclude(level=Level.NOT_COMPLETED)
    return Measure(registered.values("subject_org_id").distinct().count(), cells.count())


@indicator("member_target_registration_rate", "Đảng viên đăng ký mức phấn đấu")
def member_registration_rate(*, org, period):
    on = as_of(period)
    members = Registration.objects.filter(
        kind=RegistrationKind.OFFICIAL, valid_from__lte=on, org_id__in=subtree_org_ids_on(org=org, on=on)
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)).values("member_id")
    registered = TargetRegistration.objects.filter(year=period.start.year, member_id__in=members)
    return Measure(registered.values("member_id").distinct().count(), members.distinct().count())




@children_of("cell_target_registration_rate")
def cell_registration_children(*, org, period, child_of):
    cells = Org.objects.filter(pk__in=list(child_of), type__is_cell=True).values_list("pk", flat=True)
    registered = set(TargetRegistration.objects.filter(year=period.start.year, subject_org__in=list(child_of))
                     .exclude(level=Level.NOT_COMPLETED).values_list("subject_org_id", flat=True))
    out = {kid: [0, 0] for kid in child_of.values()}
    for pk in cells:
        out[child_of[pk]][0] += pk in registered
        out[child_of[pk]][1] += 1
    return {kid: Measure(n, total) for kid, (n, total) in out.items()}


@children_of("member_target_registration_rate")
def member_registration_children(*, org, period, child_of):
    on = as_of(period)
    listed = Registration.objects.filter(
        kind=RegistrationKind.OFFICIAL, valid_from__lte=on, org_id__in=subtree_org_ids_on(org=org, on=on)
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)).values_list("org_id", "member_id").distinct()
    registered = set(TargetRegistration.objects.filter(year=period.start.year, member__isnull=False)
                     .filter(member_id__in=[m for _, m in listed]).values_list("member_id", flat=True))
    people = {kid: set() for kid in child_of.values()}
    for org_id, member_id in listed:
        if org_id in child_of:
            people[child_of[org_id]].add(member_id)
    return {kid: Measure(len(ms & registered), len(ms)) for kid, ms in people.items()}
