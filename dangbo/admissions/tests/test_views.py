"""The admission pages through HTTP: a candidate from the list to the ceremony by the secretary, the commune's and
the district's commissions; bad input named on its field; the steps of other levels neither shown nor taken;
query counts of the main pages pinned."""

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.accounts.models import Role
from dangbo.admissions import services
from dangbo.admissions.choices import Stage
from dangbo.admissions.models import AdmissionStep, Candidate
from dangbo.core.testing import user_with
from dangbo.members.choices import MemberStatus

pytestmark = pytest.mark.django_db
D = dt.date
PERSON = {"full_name": "Ka Thị Hương", "date_of_birth": "08/03/2000", "gender": "F", "ethnicity": "Cơ Ho",
          "religion": "Không", "general_education": "thpt", "category": "khac", "source": "doan_vien",
          "groups": ["dan_toc_thieu_so", "thanh_nien"], "listed_on": "01/09/2024"}


@pytest.fixture
def people(tree):
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell1)
    commune = user_with(Role.ORG_COMMISSION, org=tree.commune)
    district = user_with(Role.ORG_COMMISSION, org=tree.district)
    an = tree.member("Nguyễn Văn An", org=tree.cell1)
    binh = tree.member("Trần Văn Bình", org=tree.cell1)
    return tree, secretary, commune, district, an, binh


def step(client, candidate, code, **fields):
    data = {f"{code}-{k}": v for k, v in fields.items()}
    return client.post(reverse("admissions:step", args=[candidate.pk, code]), data)


def detail(client, candidate):
    return client.get(reverse("admissions:detail", args=[candidate.pk])).content.decode()


def test_from_the_list_to_the_member_through_the_pages(client, people):
    tree, secretary, commune, district, an, binh = people
    client.force_login(secretary)
    listing = client.get(reverse("admissions:list"), {"org": tree.cell1.pk}).content.decode()
    assert "Thêm quần chúng ưu tú" in listing
    created = client.post(reverse("admissions:create", args=[tree.cell1.pk]), {**PERSON, "helper": an.pk})
    assert created.status_code == 302, created.content.decode()
    c = Candidate.objects.get()
    assert c.helper == an and c.groups == ["dan_toc_thieu_so", "thanh_nien"] and c.listed_on == D(2024, 9, 1)
    assert "Ka Thị Hương" in client.get(reverse("admissions:list"), {"org": tree.commune.pk, "q": "huong"}
                                        ).content.decode()
    assert step(client, c, "course", date="20/10/2024", issued_on="18/10/2024", document_ref="CN 125").status_code \
        == 302
    assert step(client, c, "application", date="01/11/2024").status_code == 302
    assert step(client, c, "background", date="02/12/2024", decided_by="Đảng ủy xã").status_code == 302
    for who in (an, binh):
        added = client.post(reverse("admissions:introducer_add", args=[c.pk]),
                            {"intro-member": who.pk, "intro-route": "two_members",
                             "intro-together_since": "01/01/2022", "intro-given_on": "10/12/2024"})
        assert added.status_code == 302, added.content.decode()
    assert step(client, c, "introduction", date="10/12/2024").status_code == 302
    assert step(client, c, "comments", date="20/12/2024").status_code == 302
    page = detail(client, c)
    assert 'id="step-cell_vote"' in page and "Trần Văn Bình" in page
    assert step(client, c, "cell_vote", date="06/01/2025", yes="2", eligible="3").status_code == 302
    page = detail(client, c)
    # the secretary neither sees nor takes the committee's steps
    assert 'id="step-grassroots"' not in page and 'id="step-decision"' not in page
    assert "Hạn cấp ủy có thẩm quyền quyết định kết nạp" in page and "08/04/2025" in page
    assert step(client, c, "grassroots", date="15/01/2025").status_code == 403

    client.force_login(commune)
    page = detail(client, c)
    assert 'id="step-grassroots"' in page and 'id="step-decision"' not in page
    assert step(client, c, "grassroots", date="15/01/2025", document_ref="NQ 12").status_code == 302
    assert step(client, c, "decision", date="20/02/2025").status_code == 403

    client.force_login(district)
    assert 'id="step-decision"' in detail(client, c)
    assert step(client, c, "decision", date="20/02/2025", document_ref="QĐ 345-QĐ/HU",
                decided_by="Ban Thường vụ Huyện ủy").status_code == 302
    assert "Hạn tổ chức lễ kết nạp" in detail(client, c)

    client.force_login(secretary)
    done = step(client, c, "ceremony", date="03/03/2025")
    assert done.status_code == 302
    c.refresh_from_db()
    assert c.stage == Stage.ADMITTED and c.member.status == MemberStatus.PROBATIONARY
    page = detail(client, c)
    assert "Đã kết nạp" in page and 'class="card step-form"' not in page
    assert reverse("members:detail", args=[c.member_id]) in page


def test_bad_input_is_named_on_its_field_and_nothing_changes(client, people):
    tree, secretary, *_ = people
    client.force_login(secretary)
    url = reverse("admissions:create", args=[tree.cell1.pk])
    response = client.post(url, {**PERSON, "full_name": "", "listed_on": "31/02/2024"})
    body = response.content.decode()
    assert response.status_code == 200 and "Ngày phải có dạng dd/mm/yyyy." in body
    response = client.post(url, {**PERSON, "cccd": "12345"})
    assert response.status_code == 200 and "CCCD" in response.content.decode()
    assert not Candidate.objects.exists()


def test_a_refused_step_names_its_rule_and_citation(client, people):
    tree, secretary, _c, _d, an, _b = people
    c = services.candidate_create(actor=secretary, org=tree.cell1, data={
        "full_name": "Ka Thị Hương", "date_of_birth": D(2000, 3, 8), "gender": "F", "general_education": "thpt",
        "listed_on": D(2024, 9, 1)})
    client.force_login(secretary)
    # the vote before the file is complete: the form is not offered, and posting it is refused by M4
    response = step(client, c, "cell_vote", date="06/01/2025", yes="3", eligible="3")
    body = response.content.decode()
    assert response.status_code == 200 and "[M4]" in body and "Hướng dẫn 12-HD/BTCTW" in body
    response = step(client, c, "course", date="20/10/2024", issued_on="")
    assert response.status_code == 200 and "Phải nhập ngày." in response.content.decode()
    assert not AdmissionStep.objects.exists()


def test_read_only_users_see_no_forms_and_cannot_post(client, people):
    tree, secretary, *_ = people
    c = services.candidate_create(actor=secretary, org=tree.cell1, data={
        "full_name": "Ka Thị Hương", "date_of_birth": D(2000, 3, 8), "gender": "F", "general_education": "thpt",
        "listed_on": D(2024, 9, 1)})
    client.force_login(user_with(Role.INSPECTION, org=tree.district))
    page = detail(client, c)
    assert "Ka Thị Hương" in page and "step-form" not in page and "introducer-form" not in page
    assert "Thêm quần chúng ưu tú" not in client.get(reverse("admissions:list"), {"org": tree.cell1.pk}
                                                     ).content.decode()
    assert step(client, c, "application", date="01/11/2024").status_code == 404
    assert client.get(reverse("admissions:create", args=[tree.cell1.pk])).status_code == 404
    assert not AdmissionStep.objects.exists()


def test_list_filters_by_stage_and_paginates(client, people):
    tree = people[0]
    for i in range(52):
        services.candidate_create(actor=tree.actor, org=tree.cell1 if i % 2 else tree.cell2, data={
            "full_name": f"Lê Văn Số {i:02d}", "date_of_birth": D(2000, 3, 8), "gender": "M",
            "general_education": "thpt", "listed_on": D(2024, 9, 1)})
    Candidate.objects.filter(full_name="Lê Văn Số 07").update(stage=Stage.CELL_AGREED)
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.commune))
    body = client.get(reverse("admissions:list")).content.decode()
    assert "Trang 1/2" in body
    body = client.get(reverse("admissions:list"), {"org": tree.commune.pk, "tinh_trang": "cell_agreed"}
                      ).content.decode()
    assert "Lê Văn Số 07" in body and "Lê Văn Số 08" not in body
    assert "Lê Văn Số 09" in client.get(reverse("admissions:list"), {"q": "so 09"}).content.decode()


def test_query_counts_of_the_list_and_the_candidate_page(client, people, django_assert_num_queries):
    tree, secretary, commune, district, an, binh = people
    for i in range(12):
        c = services.candidate_create(actor=secretary, org=tree.cell1, data={
            "full_name": f"Lê Văn Số {i:02d}", "date_of_birth": D(2000, 3, 8), "gender": "M",
            "general_education": "thpt", "listed_on": D(2024, 9, 1)}, helper=an)
    services.step_record(actor=secretary, candidate=c, step="application", date=D(2024, 11, 1))
    services.introducer_add(actor=secretary, candidate=c, member=an, route="two_members",
                            together_since=D(2022, 1, 1), given_on=D(2024, 12, 10))
    client.force_login(secretary)
    url = reverse("admissions:list")
    client.get(url)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(url, {"org": tree.cell1.pk}).status_code == 200
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(reverse("admissions:detail", args=[c.pk])).status_code == 200


LIST_QUERIES = 7
DETAIL_QUERIES = 9
