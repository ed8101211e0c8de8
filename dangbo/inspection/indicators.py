"""Indicator of inspection work (TARGETS.md: ``orgs_with_inspection_plan_rate``; RULES.md K3): committees and cells
of the subtree — as the tree stood on the period's day — with an inspection and supervision plan for that year
(of the committee or of its commission), over all of them. Tổ đảng are not counted: they adopt no plan."""

from django.db.models import Q

from dangbo.accounts.scope import scope_for
from dangbo.inspection.choices import ProgrammeKind
from dangbo.inspection.models import Programme
from dangbo.orgs.models import Org
from dangbo.orgs.selectors import subtree_org_ids_on
from dangbo.targets.registry import Measure, as_of, children_of, indicator


def _orgs(org, on):
    return Org.objects.filter(pk__in=subtree_org_ids_on(org=org, on=on), type__is_party_group=False)


def _with_plan(year: int) -> Q:
    return Q(pk__in=Programme.objects.filter(kind=ProgrammeKind.YEAR, year=year).values("org_id"))


def orgs_with_inspection_plan_detail(*, user, org, period):
    on = as_of(period)
    seen = _orgs(org, on).filter(scope_for(user).org_q()).select_related("type").order_by("path")
    return [("Cấp ủy, chi bộ có kế hoạch kiểm tra, giám sát của năm", seen.filter(_with_plan(on.year))),
            ("Cấp ủy, chi bộ chưa có kế hoạch kiểm tra, giám sát của năm", seen.exclude(_with_plan(on.year)))]


@indicator("orgs_with_inspection_plan_rate", "Cấp ủy, chi bộ có chương trình, kế hoạch kiểm tra, giám sát",
           drilldown=orgs_with_inspection_plan_detail)
def orgs_with_inspection_plan(*, org, period):
    on = as_of(period)
    orgs = _orgs(org, on)
    return Measure(orgs.filter(_with_plan(on.year)).count(), orgs.count())


@children_of("orgs_with_inspection_plan_rate")
def orgs_with_inspection_plan_children(*, org, period, child_of):
    """(with a plan, all) under each child — a child counts itself — in two reads."""
    on = as_of(period)
    orgs = _orgs(org, on)
    out = {kid: [0, 0] for kid in child_of.values()}
    for column, qs in ((0, orgs.filter(_with_plan(on.year))), (1, orgs)):
        for pk in qs.values_list("pk", flat=True):
            if pk in child_of:
                out[child_of[pk]][column] += 1
    return {kid: Measure(n, total) for kid, (n, total) in out.items()}
