"""``orgs_with_inspection_plan_rate`` (TARGETS.md; RULES.md K3): committees and cells of the subtree on the
period's day with a plan for that year, over all of them; each child alone equals the set-based children pass."""

import datetime as dt

import pytest

from dangbo.core.periods import year
from dangbo.inspection import services
from dangbo.structure import services as structure_services
from dangbo.targets.registry import REGISTRY, measure, measure_children

pytestmark = pytest.mark.django_db
D = dt.date


def _plan(actor, org, kind="year", **extra):
    data = {"body": "committee", "kind": kind, "title": "Kế hoạch kiểm tra, giám sát", "adopted_on": D(2024, 1, 5),
            **extra}
    return services.programme_save(actor=actor, org=org, data=data)


def test_committees_and_cells_with_a_year_plan(tree, inspector, secretary):
    _plan(inspector, tree.commune, year=2024)
    _plan(secretary, tree.cell1, body="cell", year=2024)  # the cell adopts its own plan (K3)
    _plan(inspector, tree.district, kind="term", first_year=2020, last_year=2025)  # a term programme: not a year plan
    _plan(inspector, tree.cell2, year=2023, adopted_on=D(2023, 1, 5))  # another year
    _plan(tree.actor, tree.other_commune, year=2024)  # another district
    # district, commune, cell1, cell2, agency: 2 of 5
    m = measure("orgs_with_inspection_plan_rate", org=tree.district, period=year(2024))
    assert (m.numerator, m.denominator, m.text) == (2, 5, "2/5 (tỷ lệ 40,0%)")
    assert measure("orgs_with_inspection_plan_rate", org=tree.district, period=year(2023)).numerator == 1
    kids = [tree.commune, tree.agency]
    by_child = measure_children("orgs_with_inspection_plan_rate", org=tree.district, period=year(2024), kids=kids)
    assert [(by_child[k.pk].numerator, by_child[k.pk].denominator) for k in kids] == [(2, 3), (0, 1)]
    for kid in kids:
        assert by_child[kid.pk] == measure("orgs_with_inspection_plan_rate", org=kid, period=year(2024))
    has, lacks = REGISTRY["orgs_with_inspection_plan_rate"].drilldown(user=secretary, org=tree.district,
                                                                      period=year(2024))
    assert [o.name for o in has[1]] == ["Chi bộ thôn Đạ Nghịt"] and list(lacks[1]) == []  # only what they read


def test_the_tree_as_it_stood(tree, inspector):
    _plan(inspector, tree.cell2, year=2024)
    structure_services.org_dissolve(actor=tree.actor, org=tree.cell2, on=D(2025, 3, 1), reason="Sáp xếp")
    assert measure("orgs_with_inspection_plan_rate", org=tree.district, period=year(2024)).text == \
        "1/5 (tỷ lệ 20,0%)"
    assert measure("orgs_with_inspection_plan_rate", org=tree.district, period=year(2025)).text == \
        "0/4 (tỷ lệ 0,0%)"
