"""No existence leaks (issue 11): a value a unique key already holds outside the user's scope (a CCCD, an org code,
a document's number) is refused with one neutral message — nothing written, and neither the holder's name nor its
org in the answer; inside the scope the message may name the holder. A race lost to the database's constraint
gives the neutral message too, never a 500."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangbo.accounts.tests.test_api_auth import Api, assert_error, db_state
from dangbo.admissions import services as admission_services
from dangbo.core.exceptions import DomainError
from dangbo.core.testing import Role, user_with
from dangbo.members import imports
from dangbo.members import services as member_services
from dangbo.members.models import Member
from dangbo.members.tests.test_imports import ORG_OK, book, person
from dangbo.orgs.models import Org
from dangbo.targets import services as target_services

pytestmark = pytest.mark.django_db

CCCD_NEUTRAL = ("Không thể dùng số CCCD này. Nếu đây đúng là số CCCD của người này, đề nghị liên hệ cấp ủy cấp trên "
                "để kiểm tra.")
CODE_NEUTRAL = "Không thể dùng mã tổ chức này."
BORN = dt.date(1985, 3, 2)
FAR = "Phạm Văn Xa"  # the holder outside the district: must never appear


@pytest.fixture
def far(tree):
    return tree.member(FAR, org=tree.other_cell, born=BORN)


@pytest.fixture
def commission(tree):
    return user_with(Role.ORG_COMMISSION, org=tree.district)


def other_digit(cccd: str) -> str:
    """A last digit unlike ``cccd``'s (the fixture's serial decides it: a fixed "9" collided when it ended in 9)."""
    return "8" if cccd.endswith("9") else "9"


def hidden(text: str, tree) -> bool:
    return FAR not in text and tree.other_cell.name not in text and tree.other_district.name not in text


def form(cccd: str, org) -> dict:
    return {"full_name": "Lò Văn Mới", "date_of_birth": BORN.strftime("%d/%m/%Y"), "gender": "M", "ethnicity": "Thái",
            "org": org.pk, "admitted_on": "01/01/2020", "education_level": "none", "political_theory": "none",
            "category": "nong_dan", "cccd": cccd}


def test_member_form_outside_scope_is_neutral_inside_names(client, tree, far, commission):
    client.force_login(commission)
    before = db_state()
    body = client.post(reverse("members:create"), form(far.cccd, tree.cell1)).content.decode()
    assert CCCD_NEUTRAL in body and hidden(body, tree) and "đã có" not in body
    near = tree.member("Trần Văn Gần", org=tree.cell2, born=dt.date(1990, 1, 1))
    mine = tree.member("Lê Văn Sửa", org=tree.cell1, born=BORN)
    before = db_state()
    body = client.post(reverse("members:edit", kwargs={"pk": mine.pk}), form(far.cccd, tree.cell1)).content.decode()
    assert CCCD_NEUTRAL in body and hidden(body, tree)
    assert db_state() == before and Member.objects.get(pk=mine.pk).cccd != far.cccd
    with pytest.raises(DomainError, match=f"Số CCCD {near.cccd} đã có trong hồ sơ đảng viên Trần Văn Gần"):
        member_services.member_create(actor=commission, data={"full_name": "X", "date_of_birth": near.date_of_birth,
                                      "gender": "M", "cccd": near.cccd}, org=tree.cell1, admitted_on=dt.date(2020, 1, 1))


def test_member_api_create_and_patch_outside_scope_are_neutral(tree, far, commission):
    api = Api(commission)
    mine = tree.member("Lê Văn Sửa", org=tree.cell1, born=BORN)
    before = db_state()
    body = {"full_name": "Lò Văn Mới", "gender": "M", "date_of_birth": BORN.isoformat(), "cccd": far.cccd,
            "org_id": tree.cell1.pk, "admitted_on": "2020-01-15"}
    response = api.post("/api/members", body)
    assert assert_error(response, 400, field="cccd")["message"] == CCCD_NEUTRAL
    assert hidden(response.content.decode(), tree)
    response = api.patch(f"/api/members/{mine.pk}", {"cccd": far.cccd})
    assert assert_error(response, 400, field="cccd")["message"] == CCCD_NEUTRAL
    assert db_state() == before


def test_import_outside_scope_is_neutral_and_writes_nothing(client, tree, far, commission):
    rows = [person(1, **{"Số CCCD": far.cccd})]
    report = imports.validate(user=commission, data=book(None, rows))
    assert [i.message for i in report.issues] == [CCCD_NEUTRAL]
    other = Org.objects.filter(pk=tree.other_cell.pk)
    other.update(code="CB-XA")
    report = imports.validate(user=commission, data=book([{**ORG_OK, "Mã tổ chức": "CB-XA"}], None))
    assert [i.message[:len(CODE_NEUTRAL)] for i in report.issues] == [CODE_NEUTRAL]
    client.force_login(commission)
    before = db_state()
    upload = SimpleUploadedFile("ds.xlsx", book(None, rows))
    page = client.get(client.post(reverse("members:import"), {"file": upload})["Location"]).content.decode()
    assert CCCD_NEUTRAL in page and hidden(page, tree)
    with pytest.raises(imports.ImportRejected):
        imports.run_import(actor=commission, data=book(None, rows))
    assert db_state() == before


def test_candidate_cccd_held_outside_scope_is_neutral(tree, far, commission):
    api = Api(commission)
    before = db_state()
    body = {"org_id": tree.cell1.pk, "full_name": "Lò Văn Mới", "date_of_birth": BORN.isoformat(), "gender": "M",
            "cccd": far.cccd, "general_education": "thpt", "listed_on": "2024-09-01"}
    response = api.post("/api/admissions/candidates", body)
    assert assert_error(response, 400, field="cccd")["message"] == CCCD_NEUTRAL and hidden(response.content.decode(), tree)
    far_candidate = admission_services.candidate_create(actor=tree.actor, org=tree.other_cell, data={
        "full_name": FAR, "date_of_birth": BORN, "gender": "M", "cccd": far.cccd[:-1] + other_digit(far.cccd),
        "general_education": "thpt", "listed_on": dt.date(2024, 9, 1)})
    before = db_state()
    response = api.post("/api/admissions/candidates", {**body, "cccd": far_candidate.cccd})
    assert assert_error(response, 400, field="cccd")["message"] == CCCD_NEUTRAL and hidden(response.content.decode(), tree)
    assert db_state() == before


def test_org_code_and_document_number_outside_scope_are_neutral(client, tree, commission):
    Org.objects.filter(pk=tree.other_cell.pk).update(code="CB-XA")
    api = Api(commission)
    before = db_state()
    response = api.post("/api/orgs", {"parent_id": tree.commune.pk, "name": "Chi bộ thôn Mới", "code": "CB-XA",
                                      "type": "chi_bo_truc_thuoc", "founded_on": "2016-01-01"})
    assert assert_error(response, 400, field="code")["message"].startswith(CODE_NEUTRAL)
    assert hidden(response.content.decode(), tree)
    target_services.document_create(actor=tree.actor, reference="07-KH/HU", issuing_body="Huyện ủy Đam Rông",
                                    issued_on=dt.date(2023, 1, 10), title="Kế hoạch riêng của Đam Rông",
                                    period_start=2023, period_end=2025, scope_org=tree.other_district)
    before = db_state()
    response = api.post("/api/documents", {"reference": "07-KH/HU", "title": "Kế hoạch", "issuing_body": "Huyện ủy",
                                           "issued_on": "2023-02-01", "period_start": 2023, "period_end": 2025,
                                           "scope_org_id": tree.district.pk})
    message = assert_error(response, 400, field="reference")["message"]
    assert message.startswith("Không thể dùng số và ký hiệu này.") and "Đam Rông" not in response.content.decode()
    assert db_state() == before


def test_a_race_lost_to_the_constraint_is_the_neutral_refusal(monkeypatch, tree, far, commission):
    """The check found the number free; another writer took it before the save: the database refuses, the user
    reads the neutral message (no 500), nothing is written."""
    monkeypatch.setattr(member_services, "cccd_refusals", lambda *args, **kwargs: {})
    before = db_state()
    response = Api(commission).post("/api/members", {
        "full_name": "Lò Văn Mới", "gender": "M", "date_of_birth": BORN.isoformat(), "cccd": far.cccd,
        "org_id": tree.cell1.pk, "admitted_on": "2020-01-15"})
    assert assert_error(response, 400, field="cccd")["message"] == CCCD_NEUTRAL
    assert db_state() == before
