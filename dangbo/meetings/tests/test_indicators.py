"""The nine indicators of cell meetings and the cell's work with its members, on the year of ``conftest.Year``:
every numerator and denominator below is counted by hand from that fixture's docstring."""

import datetime as dt

import pytest
from django.db.models import F

from dangbo.core.periods import half, quarter, year
from dangbo.meetings import services
from dangbo.meetings.selectors.subtree import exempt_on_day
from dangbo.members.models import Member
from dangbo.members.selectors import exempt_on
from dangbo.members.services import member_update
from dangbo.orgs.models import Org
from dangbo.targets import registry
from dangbo.targets.registry import measure

pytestmark = pytest.mark.django_db
D = dt.date
Y = year(2024)


def figures(code, org, period=Y):
    m = measure(code, org=org, period=period)
    return (m.numerator, m.denominator)


def test_monthly_meetings_in_the_window(year2024):
    t = year2024.tree
    # cell1 (January's held 08/02 counts for January), the agency (December's on 05/01/2025), the company (from
    # June); not cell2 (no March meeting, August's outside the commune's day)
    assert figures("monthly_meeting_rate", t.district) == (3, 4)
    assert figures("monthly_meeting_rate", t.commune) == (1, 2)
    assert figures("monthly_meeting_rate", year2024.company) == (1, 1)


def test_thematic_every_quarter(year2024):
    t = year2024.tree
    # cell1 (four), the agency (combined sessions); not cell2 (no Q4), not the company (owes Q3 and Q4, held Q3)
    assert figures("thematic_quarterly_rate", t.district) == (2, 4)
    assert figures("thematic_quarterly_rate", year2024.company, quarter(2024, 2)) == (0, 0)  # founded in June
    assert figures("thematic_quarterly_rate", year2024.company, quarter(2024, 3)) == (1, 1)


def test_preparation_only_where_the_cell_had_a_committee(year2024):
    t = year2024.tree
    # cell1's chi ủy from 01/04: April–December (9 regular meetings), November's prepared the day after
    assert figures("committee_preparation_rate", t.district) == (8, 9)
    assert figures("committee_preparation_rate", t.cell2) == (0, 0)


def test_conclusions_and_rating(year2024):
    t = year2024.tree
    # sessions: cell1 12 + 4, cell2 11 + 3, agency 12, company 7 + 1 = 50; 4 thematic without conclusion
    assert figures("meetings_with_conclusion_rate", t.district) == (46, 50)
    # rated regular meetings: 12 + 11 + 11 + 7 = 41, of which Tốt 12 + 8 + 10 + 5 = 35
    m = measure("meeting_rating_distribution", org=t.district, period=Y)
    assert (m.numerator, m.denominator) == (35, 41) and m.text == "35/41 (tỷ lệ 85,4%)"


def test_a_planned_meeting_counts_for_nothing(year2024, admin):
    t = year2024.tree
    services.meeting_save(actor=admin, org=t.cell2, kind="regular", date=D(2026, 12, 28), conclusion="Dự kiến")
    assert figures("meetings_with_conclusion_rate", t.district, year(2026)) == (0, 0)


def test_indicators_before_the_windows_close(year2024, monkeypatch):
    """On 01/03/2024 only January's window has closed (10/02) for every cell; February's closes 10/03."""
    from dangbo.meetings import indicators

    monkeypatch.setattr(indicators, "today", lambda: D(2024, 3, 1))
    monkeypatch.setattr(registry, "today", lambda: D(2024, 3, 1))
    t = year2024.tree
    # cell1, cell2 and the agency owe January and held it; the company did not exist yet
    assert figures("monthly_meeting_rate", t.district) == (3, 3)
    assert figures("thematic_quarterly_rate", t.district) == (0, 0)


@pytest.fixture
def people(people2024):
    return people2024


def test_member_indicators(people):
    t = people
    # on 31/12/2024: An, Bình, E, Phúc, Xuân (exemption ended), Giang, Hạnh, Ích (moved to the company);
    # not Cường (exempt since 01/05), not Dũng (transferred out on 01/10)
    assert figures("members_assigned_tasks_rate", t.district) == (4, 8)  # An, Bình, Xuân, Giang
    assert figures("members_commitment_rate", t.district) == (3, 8)  # An, Bình, E
    assert figures("members_personal_plan_rate", t.district) == (2, 8)  # An, E
    assert figures("residence_liaison_rate", t.district) == (2, 3)  # Giang, Ích of Giang, Hạnh, Ích
    assert figures("members_assigned_tasks_rate", t.other_district) == (1, 1)  # Dũng, assigned in cell1
    # on 30/06/2024 Dũng is still here: An, Bình, Dũng, Xuân, Giang of 9 (Cường exempt)
    assert figures("members_assigned_tasks_rate", t.district, half(2024, 1)) == (5, 9)


def test_working_members_of_a_village_cell_have_no_residence_to_liaise_with(people, admin):
    """A civil servant registered in a thôn's cell lives where they meet: not in the liaison population."""
    kien = people.member("Cao Văn Kiên", org=people.cell1)
    member_update(actor=admin, member=kien, data={"category": "cbccvc"})
    assert people.cell1.kind.is_residential
    assert figures("residence_liaison_rate", people.district) == (2, 3)
    assert figures("members_commitment_rate", people.district) == (3, 9)  # still a member of the other rates


def test_set_based_exemption_is_exempt_on(people):
    ids = list(Member.objects.values_list("pk", flat=True))
    for day in (D(2023, 1, 31), D(2023, 2, 1), D(2024, 2, 29), D(2024, 3, 1), D(2024, 6, 1)):
        found = Member.objects.annotate(member_id=F("id")).filter(exempt_on_day(day)).values_list("pk", flat=True)
        assert set(found) == exempt_on(ids, day), day


def test_children_hooks_equal_each_child_alone(people):
    t = people
    codes = [c for c, ind in registry.REGISTRY.items() if ind.source == "dangbo.meetings.indicators"]
    assert len(codes) == 9
    for org in (t.district, t.commune):
        kids = list(Org.objects.get_children(org))
        for period in (Y, quarter(2024, 3)):
            for code in codes:
                alone = {kid.pk: measure(code, org=kid, period=period) for kid in kids}
                assert registry.measure_children(code, org=org, period=period, kids=kids) == alone, code


def test_one_pass_for_all_nine(people, django_assert_max_num_queries):
    codes = [c for c, ind in registry.REGISTRY.items() if ind.source == "dangbo.meetings.indicators"]
    # a year never filled into the tally (test_year_tally pins the filled one): one query finds no rows, nine count
    with registry.shared(), django_assert_max_num_queries(10):
        for code in codes:
            measure(code, org=people.district, period=Y)


def test_several_years_in_one_pass_equal_each_year_alone(year2024, admin):
    """The ``years_of`` hook of the five indicators over cells (``subtree.tally_years``: the cells of every year's
    tree read in one pass, split by day) gives what ``measure`` gives year by year — with the commune (its two
    cells) moved to the other district on 01/07/2025, so the commune's own root path changes between the years,
    the company cell founded in 2024, meetings in 2025 and a year not over."""
    from dangbo.orgs import services as org_services
    from dangbo.targets.selectors import clip

    t = year2024.tree
    for m in (2, 5, 8, 11):
        year2024.meet(t.cell1, "thematic", D(2025, m, 15))
        year2024.meet(t.other_cell, "thematic", D(2025, m, 16))
    year2024.meet(t.cell2, "regular", D(2025, 1, 28), level="good")
    org_services.org_transfer(actor=admin, org=t.commune, new_parent=t.other_district, on=D(2025, 7, 1))
    codes = [c for c, ind in registry.REGISTRY.items()
             if ind.source == "dangbo.meetings.indicators" and ind.compute_years is not None]
    assert set(codes) == {"thematic_quarterly_rate", "monthly_meeting_rate", "committee_preparation_rate",
                          "meetings_with_conclusion_rate", "meeting_rating_distribution"}
    periods = [clip(year(y), D(2025, 9, 20)) for y in (2023, 2024, 2025)]  # 2025 counted up to 20/09
    for org in (t.province, t.district, t.other_district, t.commune, t.cell1):
        for code in codes:
            alone = [registry.get(code).compute(org=org, period=p) for p in periods]
            assert registry.measure_years(code, org=org, periods=periods) == alone, (code, org.name)
            with registry.shared():  # the hook's pass, then each year found where ``measure`` looks
                assert registry.measure_years(code, org=org, periods=periods) == alone, (code, org.name)
                assert [measure(code, org=org, period=p) for p in periods] == alone, (code, org.name)
    # by hand (test_thematic_every_quarter): 2024 in the district, cell1 and cell2 still under it then
    thematic = registry.measure_years("thematic_quarterly_rate", org=t.district, periods=periods)
    assert (thematic[1].numerator, thematic[1].denominator) == (2, 4)
    # 2025 up to 20/09 (Q1 and Q2 owed): in the other district the commune's cells and its own, cell1 and
    # other_cell holding both quarters, cell2 none
    later = registry.measure_years("thematic_quarterly_rate", org=t.other_district, periods=periods)[2]
    assert (later.numerator, later.denominator) == (2, 3)
