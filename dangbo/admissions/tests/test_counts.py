"""Counts of admissions by category per year and per term (issue 9, deliver 4) and the 002 sentence: the pure
paragraph, the grouped counts on the fixture tree (an admission counts for the org of its day), the page and the
API."""

import datetime as dt
from fractions import Fraction

import pytest

from dangbo.accounts.models import Role
from dangbo.admissions import paragraphs, selectors, services
from dangbo.admissions.models import Candidate
from dangbo.core.periods import half, term, year
from dangbo.core.testing import user_with
from dangbo.members.choices import EventKind
from dangbo.members.services import event_record
from dangbo.orgs.services import org_transfer, term_open

D = dt.date


# --- the sentence (pure) -------------------------------------------------------------------------------------------

def test_the_002_sentence_of_a_year():
    text = paragraphs.admission_sentence("Năm 2021", admitted=192, plan=187, base=4638, body="Đảng bộ huyện",
                                         outcome=paragraphs.verdict(192, 4638, Fraction(4)))
    assert text == ("Năm 2021 đã kết nạp 192/187 quần chúng vào Đảng, đạt tỷ lệ 102,67% so với kế hoạch năm và "
                    "đạt tỷ lệ 4,14% so với tổng số đảng viên trong toàn Đảng bộ huyện vượt chỉ tiêu đề ra.")


def test_the_half_year_form_leaves_the_rate_against_members_out():
    text = paragraphs.admission_sentence("6 tháng đầu năm 2023", admitted=68, plan=203, base=4700,
                                         body="Đảng bộ huyện", partial=True)
    assert text == ("6 tháng đầu năm 2023 đã kết nạp 68/203 quần chúng ưu tú vào Đảng, đạt tỷ lệ 33,5% so với kế "
                    "hoạch năm.")


def test_without_a_plan_the_sentence_has_no_plan_part():
    text = paragraphs.admission_sentence("Năm 2022", admitted=199, plan=None, base=4783, body="Đảng bộ huyện")
    assert text == ("Năm 2022 đã kết nạp 199 quần chúng vào Đảng, đạt tỷ lệ 4,16% so với tổng số đảng viên trong "
                    "toàn Đảng bộ huyện.")
    assert paragraphs.admission_sentence("Năm 2022", admitted=0, plan=None, base=0, body="x") == (
        "Năm 2022 chưa kết nạp quần chúng nào vào Đảng.")


def test_rates_and_verdicts():
    assert paragraphs.rate(200, 200) == "100%"
    assert paragraphs.rate(1, 3) == "33,33%"
    assert paragraphs.rate(5, 0) == ""
    assert paragraphs.rate(4638 * 2, 2) == "463.800%"
    assert paragraphs.verdict(4, 100, Fraction(4)) == "met"
    assert paragraphs.verdict(3, 100, Fraction(4)) == "not_met"
    assert paragraphs.verdict(3, 100, None) == ""
    text = paragraphs.admission_sentence("Năm 2024", admitted=3, plan=2, base=100, body="Đảng bộ xã",
                                         outcome="not_met")
    assert text.endswith("trong toàn Đảng bộ xã chưa đạt chỉ tiêu đề ra.")


# --- the counts on the fixture tree --------------------------------------------------------------------------------

@pytest.fixture
def world(tree):
    """Commune: 3 members on the list at the start of 2021; in 2021 cell1 admits a Cơ Ho woman from the youth
    union (file: thanh_nien) who moves to the agency in 2022, and cell2 a business owner, the cell itself moving
    to the other district in 2022; in 2022 cell1 admits a man again after he left in 2017."""
    t = tree
    for name in ("Nguyễn Văn An", "Trần Văn Bình", "Lê Thị Cúc"):
        t.member(name, org=t.cell1, admitted=D(2015, 5, 19), official=D(2016, 5, 19))
    hoa = t.member("Ka Hoa", org=t.cell1, admitted=D(2021, 3, 10), official=None, gender="F", ethnicity="Cơ Ho",
                   born=D(1998, 1, 1))
    Candidate.objects.create(org=t.cell1, full_name="Ka Hoa", date_of_birth=D(1998, 1, 1), gender="F",
                             general_education="thpt", listed_on=D(2020, 1, 1), source="doan_vien",
                             groups=["thanh_nien", "dan_toc_thieu_so"], member=hoa, stage="admitted")
    event_record(actor=t.actor, member=hoa, kind=EventKind.TRANSFER, date=D(2022, 2, 1), org=t.agency)
    t.member("Đỗ Văn Chủ", org=t.cell2, admitted=D(2021, 9, 2), official=None, category="chu_dn")
    t.member("Outside", org=t.other_cell, admitted=D(2021, 9, 2), official=None)
    org_transfer(actor=t.actor, org=t.cell2, new_parent=t.other_commune, on=D(2022, 1, 1))
    back = t.member("Vũ Văn Lại", org=t.cell1, admitted=D(2015, 6, 19), official=D(2016, 6, 19))
    event_record(actor=t.actor, member=back, kind=EventKind.STRIKE_OFF, date=D(2017, 3, 1), leave_reason="resigned_family")
    event_record(actor=t.actor, member=back, kind=EventKind.ADMIT, date=D(2022, 6, 1), org=t.cell1,
                 approvals=[{"rule": "M12", "decision_ref": "CV 1-CV/TU", "reason": "Đủ điều kiện", "decided_on": D(2022, 5, 1),
                             "decided_by": "Ban Thường vụ Tỉnh ủy"}])
    district = user_with(Role.ORG_COMMISSION, org=t.district)
    services.plan_set(actor=district, org=t.commune, year=2021, quota=2, decided_on=D(2021, 1, 10))
    return t


def test_counts_by_category_for_the_org_of_the_day(world, admin):
    t = world
    c2021, c2022 = selectors.admission_counts(user=admin, org=t.commune, periods=[year(2021), year(2022)])
    assert (c2021.admitted, c2021.plan, c2021.base, c2021.base_on) == (2, 2, 3, D(2020, 12, 31))
    assert c2021.by_category == {"chu_dn": 1, "lao_dong_ngoai_nn": 0, "dan_toc_thieu_so": 1, "thanh_nien": 1,
                                 "truong_thon": 0, "co_dao": 0, "women": 1, "youth_union": 1, "readmitted": 0}
    assert c2021.label == "Năm 2021" and not c2021.partial
    # 2022: the re-admission only; cell2 now lies under the other district
    assert (c2022.admitted, c2022.by_category["readmitted"], c2022.plan) == (1, 1, None)
    # the agency, where Ka Hoa went, admitted nobody; the other district does not get 2021's business owner
    agency, = selectors.admission_counts(user=admin, org=t.agency, periods=[year(2021)])
    other, = selectors.admission_counts(user=admin, org=t.other_district, periods=[year(2021)])
    assert (agency.admitted, other.admitted, other.by_category["chu_dn"]) == (0, 1, 0)
    h1, = selectors.admission_counts(user=admin, org=t.district, periods=[half(2021, 1)])
    assert (h1.admitted, h1.plan, h1.partial, h1.label) == (1, 2, True, "6 tháng đầu năm 2021")
    # a term counts over the tree of its own last day, as the indicators do: cell2 had left by then
    whole, = selectors.admission_counts(user=admin, org=t.commune, periods=[term(2020, 2022)])
    assert (whole.admitted, whole.plan, whole.label) == (2, 2, "Nhiệm kỳ 2020 - 2022")


def test_one_period_alone_counts_as_among_several(world, admin):
    # alone, a period's rows are picked by its subtree listed as ids; among several, by subqueries
    t = world
    fields = lambda c: (c.admitted, c.base, c.plan, c.by_category)  # noqa: E731
    for org in (t.province, t.district, t.commune, t.other_district, t.cell2):
        together = selectors.admission_counts(user=admin, org=org, periods=[year(2021), year(2022), half(2021, 1)])
        alone = [selectors.admission_counts(user=admin, org=org, periods=[p])[0]
                 for p in (year(2021), year(2022), half(2021, 1))]
        assert [fields(c) for c in alone] == [fields(c) for c in together], org.name
    # by hand (see ``world``): the province admitted Ka Hoa, the business owner and Outside in 2021; on 31/12/2020
    # its list held the commune's three (Vũ Văn Lại had left in 2017)
    province_2021, = selectors.admission_counts(user=admin, org=t.province, periods=[year(2021)])
    assert (province_2021.admitted, province_2021.base) == (3, 3)


def test_counts_are_scoped(world):
    from dangbo.core.exceptions import OutOfScope

    with pytest.raises(OutOfScope):
        selectors.admission_counts(user=user_with(Role.ORG_COMMISSION, org=world.other_district),
                                   org=world.commune, periods=[year(2021)])


def test_terms_of_an_org_or_the_nearest_above(world, admin):
    term_open(actor=admin, org=world.commune, name="2020–2025", starts_on=D(2020, 8, 1))
    found = selectors.terms_for(user=admin, org=world.cell1)
    assert [t.name for t in found] == ["2020–2025"]
    assert selectors.term_period(found[0]).start == D(2020, 8, 1)


# --- the page and the API ------------------------------------------------------------------------------------------

STATS_QUERIES = 11  # session, user, scope, org, crumbs, terms, placements, events, registrations, plans (2)


def test_the_page_shows_the_counts_and_the_sentence(client, world, admin):
    from django.urls import reverse

    client.force_login(user_with(Role.ORG_COMMISSION, org=world.district))
    body = client.get(reverse("admissions:stats"), {"org": world.commune.pk, "nam": 2021}).content.decode()
    assert "Năm 2021 đã kết nạp 2/2 quần chúng vào Đảng, đạt tỷ lệ 100% so với kế hoạch năm và đạt tỷ lệ 66,67% " \
           "so với tổng số đảng viên trong toàn Đảng bộ xã Đạ Sar." in body
    assert "6 tháng đầu năm 2021 đã kết nạp 1/2 quần chúng ưu tú vào Đảng, đạt tỷ lệ 50% so với kế hoạch năm." in body
    assert "Đảng viên đầu kỳ (cơ sở tính tỷ lệ)" in body and "3 (ngày 31/12/2020)" in body
    plans = client.get(reverse("admissions:plans"), {"org": world.commune.pk, "nam": 2021}).content.decode()
    assert f'href="{reverse("admissions:stats")}?org={world.commune.pk}&amp;nam=2021"' in plans
    # a term: each of its years and the whole term
    committee = term_open(actor=admin, org=world.commune, name="2020–2022", starts_on=D(2020, 8, 1))
    Term = type(committee.term)
    Term.objects.filter(pk=committee.term.pk).update(ends_on=D(2022, 12, 31))
    body = client.get(reverse("admissions:stats"), {"org": world.commune.pk, "nhiem_ky": committee.term.pk}
                      ).content.decode()
    for label in ("Năm 2020", "Năm 2021", "Năm 2022", "Nhiệm kỳ 2020 - 2022"):
        assert f"<th>{label}</th>" in body
    # outside the scope: 404
    client.force_login(user_with(Role.ORG_COMMISSION, org=world.other_district))
    assert client.get(reverse("admissions:stats"), {"org": world.commune.pk}).status_code == 404


def test_stats_page_queries(client, world, django_assert_num_queries):
    from django.urls import reverse

    client.force_login(user_with(Role.ORG_COMMISSION, org=world.district))
    client.get(reverse("admissions:stats"), {"org": world.commune.pk, "nam": 2021})
    with django_assert_num_queries(STATS_QUERIES):
        assert client.get(reverse("admissions:stats"), {"org": world.commune.pk, "nam": 2021}).status_code == 200


def test_the_api_gives_the_counts(world):
    from dangbo.accounts.tests.test_api_auth import Api, assert_error

    api = Api(user_with(Role.ORG_COMMISSION, org=world.district))
    response = api.get("/api/admissions/stats", org=world.commune.pk, year=2021)
    assert response.status_code == 200, response.content
    h1, whole = response.json()
    assert (whole["label"], whole["admitted"], whole["plan"], whole["base"], whole["base_on"]) == (
        "Năm 2021", 2, 2, 3, "2020-12-31")
    assert whole["categories"]["women"] == 1 and whole["categories"]["chu_dn"] == 1
    assert whole["sentence"].startswith("Năm 2021 đã kết nạp 2/2 quần chúng vào Đảng")
    assert h1["admitted"] == 1
    assert_error(api.get("/api/admissions/stats", org=world.commune.pk, term=999999), 404, "out_of_scope", "term")


def test_the_report_writes_the_admissions_sentence(world, admin):
    from dangbo.reports import datasets, outline
    from dangbo.targets import services as target_services

    t = world
    doc = target_services.document_create(
        actor=admin, reference="05-CTr/ĐU", issuing_body="Đảng ủy xã Đạ Sar", issued_on=D(2020, 12, 22),
        title="Nâng cao chất lượng đảng viên", period_start=2021, period_end=2025, scope_org=t.commune,
        issuing_org=t.commune, signer_name="Lê Bình Thanh", signer_title="BÍ THƯ")
    target_services.target_add(actor=admin, document=doc, text="Hằng năm kết nạp đạt trên 4% so với tổng số đảng viên",
                               indicator="admission_rate", comparator="gt", low=4, order=1)
    target_services.target_add(actor=admin, document=doc, text="Kết nạp đạt kế hoạch năm",
                               indicator="admissions_vs_plan", comparator="gte", low=100, order=2)
    report = datasets.build(user=admin, document=doc, as_of=D(2021, 12, 31))
    lines = [b.text for b in outline.blocks(report)]
    sentence = ("+ Năm 2021 đã kết nạp 2/2 quần chúng vào Đảng, đạt tỷ lệ 100% so với kế hoạch năm và đạt tỷ lệ "
                "66,67% so với tổng số đảng viên trong toàn Đảng bộ xã Đạ Sar; ")
    assert sentence + "vượt chỉ tiêu đề ra." in lines
    assert sentence + "đạt chỉ tiêu đề ra." in lines
