"""Biểu 1 (tăng, giảm đảng viên) on a hand-built tree, the expected figures written out by hand, and its
invariant D = A + B − C across a restructuring in the middle of the period."""

import datetime as dt

import pytest

from dangbo.accounts.models import Role
from dangbo.core import periods
from dangbo.core.exceptions import OutOfScope
from dangbo.core.testing import user_with
from dangbo.orgs.services import org_transfer
from dangbo.statforms import flows, rules, tables
from dangbo.statforms.definitions import guidance_on
from dangbo.statforms.measures import increases_decreases

D = dt.date
YEAR = (D(2025, 1, 1), D(2025, 12, 31))
pytestmark = pytest.mark.django_db


def figures(tree, org, period=YEAR):
    out = increases_decreases(user=tree.actor, org=org, start=period[0], end=period[1])
    assert rules.broken(guidance_on(period[1]).forms["1"], out.counts) == []
    return {row: n for row, n in out.counts.items() if n}, out


def test_the_commune_over_the_year(tree, year):
    got, out = figures(tree, tree.commune)
    assert got == {"A": 6, "B": 1, "B1": 1, "C": 3, "C1": 1, "C3": 1, "C3a": 1, "C5": 1, "C5b": 1, "D": 4}
    assert out.members["B1"] == [year["new"].pk] and out.members["C5"] == [year["away"].pk]


def test_a_cell_sees_a_move_between_cells_as_a_transfer(tree, year):
    got, _ = figures(tree, tree.cell2)
    # Bình all year; Dũng in from cell1 (same commune: neither another province nor another district); Em out
    # to huyện Đam Rông (another district of the province)
    assert got == {"A": 2, "B": 1, "B2": 1, "C": 1, "C5": 1, "C5b": 1, "D": 2}


def test_the_province_sees_only_what_crosses_its_boundary(tree, year):
    got, _ = figures(tree, tree.province)
    # An, Bình, Cường, Dũng, Em and Hải (probationary since 09/2024) on 31/12/2024; Em stays in the province
    assert got == {"A": 6, "B": 1, "B1": 1, "C": 2, "C1": 1, "C3": 1, "C3a": 1, "D": 5}


def test_a_cell_moved_out_mid_year_takes_its_members_out_as_transfers(tree, year):
    org_transfer(actor=tree.actor, org=tree.cell2, new_parent=tree.other_commune, on=D(2025, 7, 1))
    tree.commune.refresh_from_db()
    got, out = figures(tree, tree.commune)
    # cell2 held Bình and Dũng on 1/7 (Em had left on 2/6): two more exits, no fact of their own
    assert got["C5"] == 3 and got["D"] == 2 and got["A"] == 6
    # xã Rô Men is in huyện Đam Rông: the district loses them too; the province, nothing
    district, _ = figures(tree, tree.district)
    assert district["D"] == 2 and district["C5"] == 3 and district["C5b"] == 1  # Em's letter: another district
    province, _ = figures(tree, tree.province)
    assert province["D"] == 5 and "C5" not in province


def test_the_half_year_and_the_year_chain(tree, year):
    first, _ = figures(tree, tree.commune, (D(2025, 1, 1), D(2025, 6, 30)))
    second, _ = figures(tree, tree.commune, (D(2025, 7, 1), D(2025, 12, 31)))
    whole, _ = figures(tree, tree.commune)
    assert first["D"] == second["A"]
    assert whole["A"] == first["A"] and whole["D"] == second["D"]


def test_out_of_scope(tree, year):
    with pytest.raises(OutOfScope):
        increases_decreases(user=user_with(Role.ORG_COMMISSION, org=tree.other_district), org=tree.commune,
                            start=YEAR[0], end=YEAR[1])


def test_merging_makes_a_move_inside_no_flow():
    s = flows.Stay
    joined = flows.merged([s(D(2025, 4, 1), None), s(D(2020, 1, 1), D(2025, 4, 1), True)])
    assert joined == [s(D(2020, 1, 1), None, False)]
    out = flows.Flows()
    flows.member_flows(out, 1, [s(D(2020, 1, 1), D(2025, 3, 1)), s(D(2025, 5, 1), None)], {}, *YEAR)
    assert dict(out.counts) == {"A": 1, "C5": 1, "C": 1, "B2": 1, "B": 1, "D": 1}


def test_a_broken_figure_is_named_with_its_rows():
    form = guidance_on(D(2025, 12, 31)).forms["1"]
    values = {"A": 10, "B": 2, "B1": 2, "C": 1, "C1": 1, "C5": 0, "C5a": 1, "D": 12}
    assert rules.broken(form, values) == [
        "dòng C5a (Đến tỉnh, thành phố khác: 1) lớn hơn dòng C5 (Chuyển đi: 0).",
        "dòng D (Đảng viên có đến cuối kỳ (D = A + B − C): 12) khác A + B − C (11).",
    ]


def test_the_table_with_the_year_before(tree, year):
    table = tables.form_table(user=tree.actor, org=tree.commune, code="1", period=periods.year(2025))
    got = {line.row.key: (line.now, line.before, line.share) for line in table.lines}
    # 2024: Hải admitted on 02/09/2024, the others there since 2018
    assert got["A"] == (6, 5, "120,0%") and got["B1"] == (1, 1, "100,0%") and got["C1"] == (1, 0, "")
    assert got["D"] == (4, 6, "66,7%")
    assert table.broken == [] and table.previous.start == D(2024, 1, 1)
    assert table.members["C1"] == [year["died"].pk]
