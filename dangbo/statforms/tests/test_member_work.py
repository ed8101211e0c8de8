"""Biểu 7 (nghiệp vụ công tác đảng viên) on a hand-built tree, the expected figures written out by hand: rewards by
form and recipient, Huy hiệu by step, cards by kind, transfers out and in — within the period, over the subtree as
it stood at the period's end."""

import datetime as dt

import pytest

from dangbo.accounts.models import Role
from dangbo.core.exceptions import OutOfScope
from dangbo.core.testing import Tree, user_with
from dangbo.memberwork import services as work
from dangbo.memberwork.choices import CardKind, RewardForm, RewardLevel
from dangbo.orgs.services import org_transfer
from dangbo.statforms.definitions import guidance_on
from dangbo.statforms.member_work import NOT_DERIVABLE, member_work
from dangbo.transfers import services as transfers
from dangbo.transfers.choices import LetterKind, Reason

D = dt.date
YEAR = (D(2024, 1, 1), D(2024, 12, 31))
pytestmark = pytest.mark.django_db
FLAG, CERT, MERIT = RewardForm.FLAG, RewardForm.CERTIFICATE, RewardForm.MERIT


def reward(t, form, on, **who):
    return work.reward_record(actor=t.actor, form=form, level=RewardLevel.DISTRICT, awarded_on=on,
                              decision_ref="QĐ", decided_by="Huyện ủy", **who)


def badge(t, member, years, on, note=""):
    return work.badge_award(actor=t.actor, member=member, years=years, awarded_on=on, decision_ref="QĐ", note=note)


def card(t, member, kind, on, number):
    return work.card_issue(actor=t.actor, member=member, kind=kind, issued_on=on, card_number=number)


def letter(t, member, kind, on, to_org, received_on=None):
    extra = {"stay_until": on + dt.timedelta(days=150), "reason": Reason.STAY} if kind == LetterKind.TEMPORARY \
        else {"reason": Reason.NEW_JOB}
    issued = transfers.letter_issue(actor=t.actor, member=member, kind=kind, issued_on=on, to_org=to_org,
                                    **extra).letter
    if received_on:
        transfers.letter_receive(actor=t.actor, letter=issued, received_on=received_on)
    return issued


@pytest.fixture
def world(admin):
    """Huyện Lạc Dương (founded 1950) and its neighbour Đam Rông, with the district's 2024 (and a little 2023 and
    2025) written through the services."""
    t = Tree(admin, founded=D(1950, 1, 1))
    m = {
        "an": t.member("Nguyễn Văn An", admitted=D(1985, 3, 1), official=D(1986, 3, 1), born=D(1960, 1, 5)),
        "binh": t.member("Trần Thị Bình", org=t.cell2, gender="F", admitted=D(1994, 6, 1), official=D(1995, 6, 1),
                         born=D(1970, 7, 7)),
        "chi": t.member("Lê Văn Chí", org=t.agency, admitted=D(1979, 2, 3), official=D(1980, 2, 3),
                        born=D(1955, 1, 9)),
        "dung": t.member("Phạm Văn Dũng", org=t.other_cell, admitted=D(1990, 1, 2), official=D(1991, 1, 2),
                         born=D(1965, 2, 2)),
        "em": t.member("Võ Văn Em", admitted=D(2018, 5, 19), official=D(2019, 5, 19)),
        "phuc": t.member("Đỗ Văn Phúc"),
        "giang": t.member("Hồ Thị Giang", org=t.cell2, gender="F"),
        "hoa": t.member("Bùi Thị Hoa", org=t.other_cell, gender="F"),
        "khanh": t.member("Đinh Văn Khánh", org=t.other_cell),
    }
    # part I: rewards
    reward(t, FLAG, D(2024, 12, 20), org=t.district)              # I1a
    reward(t, CERT, D(2024, 12, 20), org=t.commune)               # I2b
    reward(t, MERIT, D(2024, 6, 30), org=t.commune)               # I2c
    reward(t, MERIT, D(2024, 6, 30), org=t.agency)                # I2c (chi bộ cơ sở: a grassroots org)
    reward(t, MERIT, D(2024, 6, 30), org=t.cell1)                 # I3c
    reward(t, CERT, D(2024, 12, 20), member=m["an"])              # I4b
    reward(t, MERIT, D(2024, 6, 30), member=m["binh"])            # I4c
    reward(t, MERIT, D(2024, 6, 30), member=m["em"])              # I4c
    reward(t, CERT, D(2024, 12, 20), org=t.other_commune)         # another district
    reward(t, CERT, D(2023, 12, 20), org=t.commune)               # 2023
    # part II: Huy hiệu
    badge(t, m["an"], 30, D(2015, 5, 19))                         # long before
    badge(t, m["binh"], 30, D(2024, 9, 2))                        # II30
    badge(t, m["em"], 30, D(2024, 9, 2), note="Trao sớm theo quyết định riêng.")  # II30, with its reason
    badge(t, m["chi"], 45, D(2024, 5, 19))                        # II45
    badge(t, m["dung"], 30, D(2024, 9, 2))                        # another district
    # part III: cards
    card(t, m["em"], CardKind.FIRST, D(2024, 3, 1), "079085000001")    # III1
    card(t, m["an"], CardKind.LOST, D(2024, 4, 1), "079085000002")     # III2
    card(t, m["chi"], CardKind.DAMAGED, D(2024, 5, 1), "079085000003")  # III3
    card(t, m["binh"], CardKind.DAMAGED, D(2025, 2, 1), "079085000004")  # 2025
    # part IV: transfers
    letter(t, m["phuc"], LetterKind.OFFICIAL, D(2024, 4, 1), t.cell2, D(2024, 4, 10))   # IV3 and IV4
    letter(t, m["giang"], LetterKind.TEMPORARY, D(2024, 5, 6), t.other_cell, D(2024, 5, 10))  # IV1
    letter(t, m["hoa"], LetterKind.OFFICIAL, D(2024, 12, 2), t.agency, D(2025, 1, 6))  # in, but received in 2025
    letter(t, m["khanh"], LetterKind.TEMPORARY, D(2024, 6, 3), t.cell1, D(2024, 6, 5))  # IV2
    return t, m


def figures(t, org, period=YEAR, user=None):
    out = member_work(user=user or t.actor, org=org, start=period[0], end=period[1])
    return {key: n for key, n in out.counts.items() if n}, out


def test_the_district_over_the_year(world):
    t, m = world
    got, out = figures(t, t.district)
    assert got == {
        "I": 8, "I1": 1, "I1a": 1, "I2": 3, "I2b": 1, "I2c": 2, "I3": 1, "I3c": 1, "I4": 3, "I4b": 1, "I4c": 2,
        "II": 3, "II30": 2, "II45": 1,
        "III": 3, "III1": 1, "III2": 1, "III3": 1,
        "IV": 4, "IV1": 1, "IV2": 1, "IV3": 1, "IV4": 1,
    }
    assert out.orgs["I1a"] == [t.district.pk]
    assert sorted(out.orgs["I2c"]) == sorted([t.commune.pk, t.agency.pk])
    assert out.members["I4b"] == [m["an"].pk] and sorted(out.members["I4c"]) == sorted([m["binh"].pk, m["em"].pk])
    assert sorted(out.members["II30"]) == sorted([m["binh"].pk, m["em"].pk])
    assert out.members["III1"] == [m["em"].pk]
    assert out.members["IV3"] == out.members["IV4"] == [m["phuc"].pk]
    assert out.members["IV1"] == [m["giang"].pk] and out.members["IV2"] == [m["khanh"].pk]
    # a member of a member figure is behind the total too; an org never is
    assert sorted(out.members["I"]) == sorted([m["an"].pk, m["binh"].pk, m["em"].pk]) and len(out.orgs["I"]) == 5


def test_a_cell_and_the_next_year(world):
    t, m = world
    got, _ = figures(t, t.cell1)
    # cell 1's own giấy khen, An's bằng khen and Em's giấy khen; Em's Huy hiệu; Em's first card and An's reissue;
    # Phúc's letter out; Khánh's temporary stay in
    assert got == {"I": 3, "I3": 1, "I3c": 1, "I4": 2, "I4b": 1, "I4c": 1, "II": 1, "II30": 1,
                   "III": 2, "III1": 1, "III2": 1, "IV": 2, "IV3": 1, "IV2": 1}
    got, _ = figures(t, t.agency, (D(2025, 1, 1), D(2025, 12, 31)))
    assert got == {"IV": 1, "IV4": 1}  # Hoa presented her letter to the agency cell in 2025


def test_counted_over_the_tree_at_the_period_end(world):
    t, m = world
    # cell 2 moves to xã Rô Men of huyện Đam Rông in 2025: the commune's 2024 still counts it, not a 2025 range
    org_transfer(actor=t.actor, org=t.cell2, new_parent=t.other_commune, on=D(2025, 3, 1))
    got, _ = figures(t, t.commune)
    assert got["I4c"] == 2 and got["II30"] == 2 and got["IV4"] == 1
    got, _ = figures(t, t.commune, (D(2024, 3, 1), D(2025, 2, 28)))
    assert (got["I4c"], got["II30"], got.get("IV4")) == (2, 2, 1)
    got, out = figures(t, t.commune, (D(2024, 3, 2), D(2025, 3, 1)))
    # Bình's giấy khen and Huy hiệu and Phúc's arrival were in cell 2, no longer under the commune on 01/03/2025
    assert (got["I4c"], got["II30"], got.get("IV4", 0)) == (1, 1, 0)
    assert m["binh"].pk not in out.members["I4c"]
    got, _ = figures(t, t.other_district, (D(2024, 3, 2), D(2025, 3, 1)))
    assert got["II30"] == 2 and got["III3"] == 1  # Dũng's and, with her cell, Bình's; Bình's 2025 card


def test_scope_and_rows_not_derivable(world):
    t, _ = world
    with pytest.raises(OutOfScope):
        member_work(user=user_with(Role.ORG_COMMISSION, org=t.other_district), org=t.commune, start=YEAR[0],
                    end=YEAR[1])
    got, _ = figures(t, t.commune, user=user_with(Role.INSPECTION, org=t.district))
    assert got["I"] == 6  # the commune twice, cell 1 and the three members; read-only users see the form too
    assert set(NOT_DERIVABLE) == {"IV5", "IV6", "IV7"} and all(NOT_DERIVABLE.values())
    assert not set(NOT_DERIVABLE) & {r.key for r in guidance_on(dt.date(2025, 12, 31)).forms["7"].rows}
