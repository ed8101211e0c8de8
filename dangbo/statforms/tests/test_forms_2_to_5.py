"""Forms 2 (mới kết nạp), 3 (đội ngũ), 4 (dân tộc, tôn giáo) and 5 (loại hình cơ sở) of huyện Lạc Dương for
2025, on members built by hand; every expected figure below is worked out from the fixture's own words."""

import datetime as dt
from fractions import Fraction

import pytest

from dangbo.core.exceptions import OutOfScope
from dangbo.core.periods import half, year
from dangbo.core.testing import Role, cccd_for, user_with
from dangbo.members.services import event_record, member_create
from dangbo.statforms import rules, tables

D = dt.date


@pytest.fixture
def people(tree):
    """On 31/12/2025 the district has four members; a fifth died in March.

    - An: cell1 (commune, a xã), man born 02/03/1985 (40), admitted 19/05/2018, Kinh, no religion, THPT,
      university, trung cấp theory, civil servant.
    - K'Brừ: cell2, woman born 01/06/1995 (30; 29 on admission), Cơ Ho, Công giáo, youth-union member, farmer,
      THCS, admitted 10/04/2025, probationary.
    - Cả: the agency (chi bộ cơ sở of a state agency) since 2015, man born 01/01/1950 (75), admitted 03/02/1972
      elsewhere, retired,
      exempt since 10/01/2024, tiểu học, sơ cấp theory.
    - Dung: cell1, woman born 31/12/1990 (35 on 31/12/2025; 34 on admission), Kinh, Phật giáo, owner of a
      private business, admitted 01/07/2025, probationary, no schooling recorded.
    - Đức: cell2, died 10/03/2025.
    """
    a = tree.actor
    an = tree.member("Nguyễn Văn An", general_education="thpt", education_level="dai_hoc",
                     political_theory="trung_cap", category="cbccvc")
    brư = tree.member("K'Brừ", org=tree.cell2, gender="F", born=D(1995, 6, 1), admitted=D(2025, 4, 10),
                      official=None, ethnicity="Cơ Ho", religion="Công giáo", is_youth_union=True,
                      category="nong_dan", general_education="thcs")
    ca = member_create(actor=a, data={"full_name": "Trần Văn Cả", "date_of_birth": D(1950, 1, 1), "gender": "M",
                                      "cccd": cccd_for("M", D(1950, 1, 1), 7001), "category": "huu_tri",
                                      "general_education": "tieu_hoc", "political_theory": "so_cap"},
                       org=tree.agency, admitted_on=D(1972, 2, 3), official_on=D(1973, 2, 3),
                       external_org="Chi bộ xã Lát (1972)", transfer_in_on=D(2015, 3, 1), as_decided=True)
    event_record(actor=a, member=ca, kind="exempt", date=D(2024, 1, 10))
    dung = tree.member("Lê Thị Dung", gender="F", born=D(1990, 12, 31), admitted=D(2025, 7, 1), official=None,
                       religion="Phật giáo", category="chu_dn")
    duc = tree.member("Phạm Văn Đức", org=tree.cell2)
    event_record(actor=a, member=duc, kind="death", date=D(2025, 3, 10))
    return {"an": an, "brư": brư, "ca": ca, "dung": dung, "duc": duc}


def table(tree, code, period=None, user=None):
    return tables.form_table(user=user or tree.actor, org=tree.district, code=code, period=period or year(2025))


def nonzero(t) -> dict:
    return {k: v for k, v in t.figures().items() if v}


def key_of(t, of: str) -> str:
    return next(line.row.key for line in t.lines if line.row.of == of)


def test_form_3_the_members_on_the_list_at_the_end(tree, people):
    t = table(tree, "3")
    assert t.broken == []
    assert nonzero(t) == {
        "1": 4, "1.1": 2, "1.2": 2, "1.3": 1, "1.4": 2, "1.5": 1,  # women, probationary, minority, religious, owner
        "2": 4, "2.1": 3, "2.1.1": 1, "2.1.2": 1, "2.1.4": 1,  # An official, Dung enterprise, K'Brừ farmer
        "2.2": 1, "2.2.1": 1,  # Cả retired and exempt
        "3": 4, "3.1": 1, "3.2": 1, "3.3": 1, "3.8": 1, "3.9": 45.0,  # (40 + 30 + 75 + 35) / 4
        "4": 4, "4.3": 1, "4.4": 3,  # Cả admitted in 1972, the others after 1975
        "5": 4, "5.1": 1, "5.2": 1, "5.3": 1, "5.4": 1,  # Dung none recorded, Cả primary, K'Brừ THCS, An THPT
        "6": 1, "6.4": 1,  # An: university
        "7": 2, "7.1": 1, "7.2": 1,  # Cả sơ cấp, An trung cấp
    }
    average = next(line for line in t.lines if line.row.average)
    assert average.now == Fraction(180, 4) and average.cells[0].text == "45,0"
    # the drill-down: who the women are
    assert sorted(t.members["1.1"]) == sorted([people["brư"].pk, people["dung"].pk])
    # the year before: An, Cả and Đức on the list at 31/12/2024
    assert next(line for line in t.lines if line.row.key == "1").before == 3


def test_form_2_the_members_admitted_in_the_period(tree, people):
    t = table(tree, "2")
    assert t.broken == []
    assert nonzero(t) == {
        "1": 2, "1.1": 2, "1.2": 1, "1.3": 1, "1.4": 1,
        "2": 2, "2.2": 1, "2.4": 1,  # Dung runs her business, K'Brừ farms
        "3": 2, "3.1": 1, "3.2": 1, "3.9": 31.5,  # 29 and 34 on the admission day
        "4": 2, "4.1": 1, "4.3": 1,
        "6": 2, "6.1": 1, "6.2": 1, "6.3": 1,  # the commune admitted, the agency did not
    }
    assert t.orgs["6.3"] == [tree.commune.pk]
    # the first half of 2025: K'Brừ alone
    assert table(tree, "2", half(2025, 1)).figures()["1"] == 1


def test_form_4_ethnic_groups_and_religions_with_women(tree, people):
    t = table(tree, "4")
    assert t.broken == []
    kinh, coho = key_of(t, "eth:01"), key_of(t, "eth:15")
    catholic, buddhist = key_of(t, "rel:cong_giao"), key_of(t, "rel:phat_giao")
    assert nonzero(t) == {
        "I:total": 4, "I:women": 2, f"{kinh}:total": 3, f"{kinh}:women": 1, f"{coho}:total": 1, f"{coho}:women": 1,
        "II:total": 2, "II:women": 2, f"{catholic}:total": 1, f"{catholic}:women": 1, f"{buddhist}:total": 1,
        f"{buddhist}:women": 1,
    }
    kinh_line = next(line for line in t.lines if line.row.key == kinh)
    assert [c.text for c in kinh_line.cells] == ["3", "1", "33,3%"]


def test_form_5_orgs_and_members_by_the_kind_of_their_grassroots_org(tree, people):
    t = table(tree, "5")
    assert t.broken == []
    assert nonzero(t) == {
        "1:tccs": 1, "1:dbcs": 1, "1:cbtt": 2, "1:members": 3,  # the xã: its two cells, An, K'Brừ, Dung
        "5:tccs": 1, "5:cbcs": 1, "5:members": 1,  # the state agency's chi bộ cơ sở: Cả
        "T:tccs": 2, "T:dbcs": 1, "T:cbcs": 1, "T:cbtt": 2, "T:members": 4,
    }
    assert sorted(t.orgs["1:cbtt"]) == sorted([tree.cell1.pk, tree.cell2.pk])
    assert t.members["5:members"] == [people["ca"].pk]


def test_form_5_counts_a_member_in_the_kind_of_the_cell_of_the_period_s_end(tree, people):
    """An moved from cell1 (the xã) to the state agency on 01/09/2025: on 31/12/2025 he is in the agency's row,
    on 31/12/2024 (the year-before column) in the xã's — the cell each day's registration names, not today's."""
    event_record(actor=tree.actor, member=people["an"], kind="transfer", date=D(2025, 9, 1), org=tree.agency)
    t = table(tree, "5")
    assert t.broken == []
    figures = nonzero(t)
    assert (figures["1:members"], figures["5:members"], figures["T:members"]) == (2, 2, 4)
    assert sorted(t.members["5:members"]) == sorted([people["ca"].pk, people["an"].pk])
    _, before = tables.measured(user=tree.actor, org=tree.district, form=t.form, period=year(2025))
    # 31/12/2024: An and Đức (died in 2025) in the xã's cells, Cả alone in the agency
    assert (before.counts["1:members"], before.counts["5:members"], before.counts["T:members"]) == (2, 1, 3)
    half_year = table(tree, "5", period=half(2025, 1))  # on 30/06/2025 An was still in the xã's cell
    assert half_year.members["5:members"] == [people["ca"].pk]


def test_the_forms_of_a_set_agree(tree, people):
    made = {code: table(tree, code).figures() for code in ("1", "2", "3", "4", "5")}
    forms = tables.guidance_on(D(2025, 12, 31)).forms
    assert rules.across(made, forms) == []
    assert made["1"]["D"] == made["3"]["1"] == made["4"]["I:total"] == made["5"]["T:members"] == 4
    assert made["1"]["B1"] == made["2"]["1"] == 2
    # a figure that disagrees is named, with both forms
    made["3"]["1"] = 5
    assert rules.across(made, forms) == ["Biểu số 3-BTCTW dòng 1 (5) khác Biểu số 1-BTCTW D (4)."]


def test_a_check_that_fails_is_named(tree, people):
    form = tables.guidance_on(D(2025, 12, 31)).forms["5"]
    figures = table(tree, "5").figures() | {"1:tccs": 3}
    assert rules.broken(form, figures) == [
        "dòng T (Cộng (1 + 2 + … + 11), cột “Tổ chức cơ sở đảng”: 2) khác tổng các dòng 1 + 2 + 3 + 4 + 5 + 6 + "
        "7 + 8 + 9 + 10 + 11 (4).",
        "dòng 1 (Xã): cột “Tổ chức cơ sở đảng” (3) khác “Đảng bộ cơ sở” + “Chi bộ cơ sở” (1).",
    ]


@pytest.mark.parametrize("code", ["2", "3", "4", "5"])
def test_outside_the_scope_nothing_is_counted(tree, people, code):
    outsider = user_with(Role.ORG_COMMISSION, org=tree.other_district)
    with pytest.raises(OutOfScope):
        table(tree, code, user=outsider)
