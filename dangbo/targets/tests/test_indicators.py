"""Indicator values on hand-built fixtures: each number is counted by hand here."""

import datetime as dt

from dangbo.core.periods import term, year
from dangbo.core.testing import okind, otype
from dangbo.members import indicators as member_indicators
from dangbo.members.choices import EventKind
from dangbo.members.services import event_record, member_update, post_assign
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs import services as org_services
from dangbo.orgs.selectors import subtree_org_ids_on
from dangbo.targets.registry import measure

D = dt.date


def test_admissions_and_removals(tree, admin):
    for i in range(8):
        tree.member(f"Nguyễn Văn Cũ{i}", admitted=D(2015, 5, 1), official=D(2016, 5, 1))
    new1 = tree.member("Lê Văn Mới", admitted=D(2021, 3, 1), official=D(2022, 3, 1))
    tree.member("Lê Thị Mới", gender="F", admitted=D(2021, 9, 1), official=None, org=tree.cell2)
    tree.member("Trần Văn Xa", admitted=D(2021, 9, 1), official=None, org=tree.other_cell)  # other district
    member_update(actor=admin, member=new1, data={"category": "chu_dn", "political_theory": "so_cap"})
    old = tree.member("Đỗ Văn Già", admitted=D(2015, 1, 1), official=D(2016, 1, 1), born=D(1950, 1, 1))
    event_record(actor=admin, member=old, kind=EventKind.DEATH, date=D(2021, 6, 1))
    y21 = year(2021)
    assert measure("admissions_count", org=tree.district, period=y21).numerator == 2
    rate = measure("admission_rate", org=tree.district, period=y21)
    assert (rate.numerator, rate.denominator) == (2, 9)  # 8 + the deceased on 31/12/2020
    assert rate.text == "2/9 (tỷ lệ 22,2%)"
    assert measure("business_owners_admitted", org=tree.district, period=y21).numerator == 1
    llct = measure("new_members_basic_llct_rate", org=tree.district, period=y21)
    assert (llct.numerator, llct.denominator) == (1, 2)
    assert measure("deceased_count", org=tree.district, period=y21).numerator == 1
    assert measure("recognized_count", org=tree.district, period=year(2022)).numerator == 1
    assert measure("members_count", org=tree.district, period=y21).numerator == 10
    assert measure("admissions_count", org=tree.province, period=y21).numerator == 3


def test_counts_follow_the_tree_as_it_stood(tree, admin):
    tree.member("Lê Văn Mới", admitted=D(2021, 3, 1), official=D(2022, 3, 1), org=tree.cell1)
    org_services.org_transfer(actor=admin, org=tree.commune, new_parent=tree.other_district, on=D(2022, 7, 1))
    assert measure("admissions_count", org=tree.district, period=year(2021)).numerator == 1
    assert measure("admissions_count", org=tree.other_district, period=year(2021)).numerator == 0
    assert measure("members_count", org=tree.other_district, period=year(2022)).numerator == 1


def test_members_on_a_day_same_count_with_the_subtree_listed_or_as_a_subquery(tree, admin, monkeypatch):
    tree.member("Lê Văn Mới", admitted=D(2021, 3, 1), official=D(2022, 3, 1), org=tree.cell1)
    tree.member("Trần Thị Hai", org=tree.agency)
    tree.member("Phạm Văn Ba", org=tree.other_cell)
    org_services.org_transfer(actor=admin, org=tree.commune, new_parent=tree.other_district, on=D(2022, 7, 1))
    cases = [(org, day) for org in (tree.province, tree.district, tree.other_district, tree.cell2)
             for day in (D(2021, 12, 31), D(2022, 12, 31))]
    # a district's orgs fit in the list; the subquery is what a subtree above IDS_AT_MOST orgs gets
    district_ids = subtree_org_ids_on(org=tree.district, on=D(2022, 12, 31))
    assert isinstance(org_selectors.listed_if_small(district_ids), list)
    listed = [member_indicators.members_on_day(org, day) for org, day in cases]
    monkeypatch.setattr(org_selectors, "IDS_AT_MOST", 1)
    assert org_selectors.listed_if_small(district_ids) is district_ids
    assert [member_indicators.members_on_day(org, day) for org, day in cases] == listed
    # by hand: the province keeps all three; after 1/7/2022 the district keeps the agency's member only, the
    # commune's (Lê Văn Mới, probationary on the list since 2021) counts in the other district
    assert listed == [3, 3, 2, 1, 1, 2, 0, 0]


def test_villages_heads_secretaries_and_committees(tree, admin):
    sec1 = tree.member("Nguyễn Văn An", org=tree.cell1)
    tree.member("Trần Văn Bình", org=tree.cell2)
    org_services.village_save(actor=admin, commune=tree.commune, name="Đạ Nghịt", kind=okind("thon"),
                              valid_from=D(2015, 1, 1), cell=tree.cell1, head_member=sec1)
    org_services.village_save(actor=admin, commune=tree.commune, name="Păng Tiêng", kind=okind("thon"),
                              valid_from=D(2015, 1, 1), cell=tree.cell2, head_name="K' Brơi")
    org_services.village_save(actor=admin, commune=tree.commune, name="Đưng K'Si", kind=okind("thon"),
                              valid_from=D(2015, 1, 1))
    committee = org_services.term_open(actor=admin, org=tree.cell1, name="2022–2025", starts_on=D(2022, 6, 1))
    org_services.committee_seat_assign(actor=admin, committee=committee, member=sec1, post="secretary",
                                       starts_on=D(2022, 6, 1))
    post_assign(actor=admin, member=sec1, kind="village_head", starts_on=D(2020, 1, 1))
    y = year(2023)
    assert measure("villages_with_cell_rate", org=tree.district, period=y).text == "2/3 (tỷ lệ 66,7%)"
    assert measure("village_head_member_rate", org=tree.district, period=y).text == "1/3 (tỷ lệ 33,3%)"
    assert measure("village_cells_with_committee_rate", org=tree.district, period=y).text == "1/2 (tỷ lệ 50,0%)"
    assert measure("secretary_is_village_head_rate", org=tree.district, period=y).text == "1/2 (tỷ lệ 50,0%)"
    # before the term opened there was no chi ủy
    assert measure("village_cells_with_committee_rate", org=tree.district, period=year(2021)).numerator == 0


def test_commune_secretary_chair_and_committee_qualifications(tree, admin):
    sec = tree.member("Nguyễn Văn An", org=tree.cell1, education_level="dai_hoc", political_theory="trung_cap")
    deputy = tree.member("Trần Văn Bình", org=tree.cell1, education_level="trung_cap", political_theory="so_cap")
    committee = org_services.term_open(actor=admin, org=tree.commune, name="2020–2025", starts_on=D(2020, 6, 1),
                                       has_working_rules=True)
    org_services.committee_seat_assign(actor=admin, committee=committee, member=sec, post="secretary",
                                       starts_on=D(2020, 6, 1))
    org_services.committee_seat_assign(actor=admin, committee=committee, member=deputy, post="deputy_secretary",
                                       starts_on=D(2020, 6, 1))
    post_assign(actor=admin, member=sec, kind="council_chair", starts_on=D(2021, 7, 1))
    y = year(2022)
    assert measure("secretary_is_commune_chair_count", org=tree.district, period=y).text == "1/1 (tỷ lệ 100,0%)"
    assert measure("committee_university_rate", org=tree.district, period=y).text == "1/2 (tỷ lệ 50,0%)"
    assert measure("committee_llct_intermediate_rate", org=tree.district, period=y).text == "1/2 (tỷ lệ 50,0%)"
    wr = measure("orgs_with_working_rules_rate", org=tree.district, period=y)
    assert (wr.numerator, wr.denominator) == (1, 2)  # the commune yes, the agency chi bộ cơ sở no


def test_new_private_sector_cells_per_term(tree, admin):
    org_services.org_create(actor=admin, parent=tree.district, name="Chi bộ Công ty TNHH Đà Lạt Xanh",
                            type=otype("chi_bo_co_so"), kind=okind("dn_tu_nhan"), founded_on=D(2023, 4, 1))
    org_services.org_create(actor=admin, parent=tree.district, name="Chi bộ Trường Tiểu học",
                            type=otype("chi_bo_co_so"), kind=okind("su_nghiep_cong_lap"), founded_on=D(2023, 4, 1))
    assert measure("new_cells_private_sector", org=tree.district, period=term(2020, 2025)).numerator == 1
    assert measure("new_cells_private_sector", org=tree.district, period=year(2022)).numerator == 0


def test_unknown_and_manual_indicators(tree, admin):
    assert measure("district_committee_good_rate", org=tree.district, period=year(2023)) is None  # no app yet
    # the meetings app counts even with nothing recorded: none of the district's three cells held its quarters
    assert measure("thematic_quarterly_rate", org=tree.district, period=year(2023)).text == "0/3 (tỷ lệ 0,0%)"
    assert measure("orgs_new_model_rate", org=tree.district, period=year(2023)) is None     # manual, not entered


def test_rating_indicators_equal_the_statistics(tree, admin):
    from dangbo.reviews import services as review_services
    from dangbo.reviews.choices import Level
    from dangbo.reviews.models import Assessment
    from dangbo.reviews.stats import MEMBER, year_totals

    members = [tree.member(f"Nguyễn Văn Số{i}", org=tree.cell1) for i in range(10)]
    review_services.campaign_open(actor=admin, org=tree.district, year=2024, opens_on=D(2024, 11, 15))
    levels = [Level.EXCELLENT] + [Level.GOOD] * 7 + [Level.COMPLETED, Level.NOT_COMPLETED]
    rows = {Assessment.objects.get(member=m, year=2024).pk: {"level": lv} for m, lv in zip(members, levels,
                                                                                            strict=True)}
    review_services.unit_propose(actor=admin, unit=tree.cell1, year=2024, rows=rows)
    review_services.assessments_approve(actor=admin, approver=tree.commune, year=2024)
    good = measure("member_good_rate", org=tree.district, period=year(2024))
    assert good.text == "8/10 (tỷ lệ 80,0%)"
    assert measure("member_excellent_among_good", org=tree.district, period=year(2024)).text == "1/8 (tỷ lệ 12,5%)"
    counts = year_totals(org=tree.district, year=2024, now=D(2025, 1, 1))[MEMBER]
    assert (good.numerator, good.denominator) == (counts.good_or_above, counts.decided)
    review_services.registration_record(actor=admin, year=2024, level=Level.GOOD, registered_on=D(2024, 1, 5),
                                        member=members[0])
    assert measure("member_target_registration_rate", org=tree.district, period=year(2024)).text == \
        "1/10 (tỷ lệ 10,0%)"


def test_several_years_in_one_pass_equal_each_year_alone(tree, admin, monkeypatch):
    """``registry.measure_years`` (the indicators' ``years_of`` hooks: one grouped read split by year and by each
    year's tree) gives what ``measure`` gives year by year — over a tree that changes between the years, a term
    that ends, villages that appear, admissions in several years and a year still running — and the same again
    when the subtree is too big to list (the hooks decline, the years are measured one by one)."""
    from dangbo.targets import registry
    from dangbo.targets.selectors import clip

    head = tree.member("Nguyễn Văn An", org=tree.cell1)
    for i, (day, org) in enumerate([(D(2020, 4, 1), tree.cell1), (D(2021, 3, 1), tree.cell2),
                                    (D(2021, 9, 1), tree.cell1), (D(2022, 2, 1), tree.other_cell),
                                    (D(2022, 8, 1), tree.cell1), (D(2023, 5, 1), tree.agency)]):
        tree.member(f"Lê Văn Mới{i}", admitted=day, official=None, org=org)
    org_services.term_open(actor=admin, org=tree.commune, name="2020–2025", starts_on=D(2020, 6, 1),
                           has_working_rules=True)
    org_services.term_open(actor=admin, org=tree.commune, name="2022–2027", starts_on=D(2022, 3, 1))
    org_services.village_save(actor=admin, commune=tree.commune, name="Đạ Nghịt", kind=okind("thon"),
                              valid_from=D(2015, 1, 1), cell=tree.cell1, head_member=head)
    org_services.village_save(actor=admin, commune=tree.commune, name="Păng Tiêng", kind=okind("thon"),
                              valid_from=D(2021, 6, 1))
    org_services.org_transfer(actor=admin, org=tree.commune, new_parent=tree.other_district, on=D(2022, 7, 1))
    codes = sorted(code for code, ind in registry.REGISTRY.items() if ind.compute_years)
    assert {"admission_rate", "admissions_count", "orgs_with_working_rules_rate", "village_head_member_rate",
            "villages_with_cell_rate"} <= set(codes)
    periods = [clip(year(y), D(2023, 8, 15)) for y in range(2020, 2024)]  # 2023 counted up to 15/08
    orgs = (tree.province, tree.district, tree.other_district, tree.commune)

    def each_year():
        return {(code, org.pk): [registry.get(code).compute(org=org, period=p) for p in periods]
                for code in codes for org in orgs}

    def in_one_pass():
        return {(code, org.pk): registry.measure_years(code, org=org, periods=periods)
                for code in codes for org in orgs}

    alone = each_year()
    assert in_one_pass() == alone
    # the commune left on 1/7/2022: its 2022 admissions count in the other district, whose tree that year's is
    by_hand = {("admissions_count", tree.district.pk): [1, 2, 0, 1],
               ("admissions_count", tree.other_district.pk): [0, 0, 2, 0],
               ("orgs_with_working_rules_rate", tree.commune.pk): [(1, 1), (1, 1), (0, 1), (0, 1)],
               ("village_head_member_rate", tree.district.pk): [(1, 1), (1, 2), (0, 0), (0, 0)],
               ("villages_with_cell_rate", tree.other_district.pk): [(0, 0), (0, 0), (1, 2), (1, 2)]}
    for key, expected in by_hand.items():
        got = [(m.numerator, m.denominator) if m.denominator is not None else m.numerator for m in alone[key]]
        assert got == expected, (key, got)
    monkeypatch.setattr(org_selectors, "IDS_AT_MOST", 1)
    assert in_one_pass() == alone
