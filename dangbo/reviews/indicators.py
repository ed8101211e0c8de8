"""Rating indicators (TARGETS.md: Quality ratings), computed from the one statistics function
``reviews.stats.year_totals`` — the stats page, its XLSX, the API, the dashboard and the reports share it."""

from django.db.models import Q

from dangbo.members.choices import RegistrationKind
from dangbo.members.models import Registration
from dangbo.orgs.models import Org
from dangbo.orgs.selectors import subtree_org_ids_on
from dangbo.reviews.choices import Level
from dangbo.reviews.models import TargetRegistration
from dangbo.reviews.stats import CELL, GRASSROOTS, MEMBER, year_totals
from dangbo.targets.registry import Measure, as_of, indicator


def _counts(org, period, population):
    return year_totals(org=org, year=period.start.year, now=as_of(period))[population]


def _good_rate(population):
    def compute(*, org, period):
        c = _counts(org, period, population)
        return Measure(c.good_or_above, c.decided)
    return compute


def _excellent_among_good(population):
    def compute(*, org, period):
        c = _counts(org, period, population)
        return Measure(c.excellent, c.good_or_above)
    return compute


indicator("org_good_rate", "Tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên")(_good_rate(GRASSROOTS))
indicator("subcell_good_rate", "Chi bộ trực thuộc đảng ủy cơ sở hoàn thành tốt nhiệm vụ trở lên")(_good_rate(CELL))
indicator("member_good_rate", "Đảng viên hoàn thành tốt nhiệm vụ trở lên")(_good_rate(MEMBER))
indicator("org_excellent_among_good",
          "Tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ / hoàn thành tốt trở lên")(_excellent_among_good(GRASSROOTS))
indicator("member_excellent_among_good",
          "Đảng viên hoàn thành xuất sắc nhiệm vụ / hoàn thành tốt trở lên")(_excellent_among_good(MEMBER))


@indicator("org_completed_rate", "Tổ chức cơ sở đảng hoàn thành nhiệm vụ trở lên")
def org_completed_rate(*, org, period):
    c = _counts(org, period, GRASSROOTS)
    return Measure(c.decided - c.levels[Level.NOT_COMPLETED], c.decided)


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


