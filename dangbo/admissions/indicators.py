"""``admissions_vs_plan`` (TARGETS.md; 002: "192/187 … 102,67% so với kế hoạch năm"): members admitted in the
year over the year's admission plan. An org's plan is the quota its superior assigned it; without one, the sum of
the quotas assigned to the highest orgs below it (bottom-up). The tree is the one of the period's day."""

from dangbo.admissions.models import AdmissionPlan
from dangbo.members.indicators import admissions_count, admissions_count_children
from dangbo.orgs.models import OrgPlacement
from dangbo.orgs.selectors import subtree_org_ids_on
from dangbo.targets.registry import Measure, as_of, children_of, indicator


def _plan_rows(org_ids, year: int, on) -> list[tuple[str, int, int]]:
    """(path on ``on``, org id, quota) of the plans of ``year`` among ``org_ids``, in path order."""
    quotas = dict(AdmissionPlan.objects.filter(year=year, org_id__in=org_ids).values_list("org_id", "quota"))
    paths = OrgPlacement.objects.filter(org_id__in=list(quotas), valid_from__lte=on).exclude(
        valid_to__lte=on).values_list("path", "org_id")
    return sorted((path, pk, quotas[pk]) for path, pk in paths)


def topmost_total(rows: list[tuple[str, int, int]]) -> int | None:
    """The sum of the quotas of the rows no other row lies above (rows in path order); None without any.
    In path order a row's ancestors come before it and everything between an ancestor and the row lies under
    that ancestor, so the last row kept is the only one to test: one pass, not each row against all kept."""
    total, last = None, None
    for path, _pk, quota in rows:
        if last is None or not path.startswith(last):
            last = path
            total = (total or 0) + quota
    return total


@indicator("admissions_vs_plan", "Kết nạp đảng viên so với kế hoạch năm")
def admissions_vs_plan(*, org, period):
    on = as_of(period)
    plan = topmost_total(_plan_rows(subtree_org_ids_on(org=org, on=on), period.end.year, on))
    if plan is None:
        return None
    return Measure(admissions_count(org=org, period=period).numerator, plan)


@children_of("admissions_vs_plan")
def admissions_vs_plan_children(*, org, period, child_of):
    on = as_of(period)
    by_kid: dict[int, list] = {}
    for row in _plan_rows(subtree_org_ids_on(org=org, on=on), period.end.year, on):
        if row[1] in child_of:  # the org's own quota is not a child's
            by_kid.setdefault(child_of[row[1]], []).append(row)
    admitted = admissions_count_children(org=org, period=period, child_of=child_of)
    out = {}
    for kid, rows in by_kid.items():
        out[kid] = Measure(admitted[kid].numerator, topmost_total(rows))
    return out
