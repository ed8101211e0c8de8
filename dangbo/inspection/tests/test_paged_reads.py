"""A list of confidential records reads (and logs) only the rows it shows: the case list, the denunciation list
and their API pages write one read entry per row of the page, not one per record the user may see; the
denunciation list's count of late letters comes from one query, not from reading every letter."""

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.accounts.audit import READ_ACTION
from dangbo.accounts.models import AuditEntry
from dangbo.admissions.tests.test_api import ok, token_api
from dangbo.inspection import services
from dangbo.inspection.selectors import pages as case_pages
from dangbo.inspection.tests.conftest import open_case
from dangbo.inspection.views import letters as letter_views

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def many(tree, inspector, an):
    cases = [open_case(tree, inspector, members=[an], decision_number=f"{n}-QĐ/UBKT") for n in range(1, 4)]
    letters = [services.denunciation_receive(actor=inspector, org=tree.district, data={
        "received_on": D(2024, 2, n), "denouncer_name": "Lê Thị Tố", "denouncer_address": "Thôn 2",
        "denouncer_contact": "0912 345 678", "subject_member": an, "content": f"Đơn số {n}"}) for n in range(1, 4)]
    return cases, letters


def reads(model: str) -> list[str]:
    return list(AuditEntry.objects.filter(action=READ_ACTION, model=model).values_list("object_id", flat=True))


def test_an_api_page_reads_only_its_rows(tree, inspector, commission, many):
    cases, letters = many
    api = token_api(inspector)
    page = ok(api.get("/api/inspection/cases?page_size=1&page=2"))
    assert (page["count"], len(page["items"])) == (3, 1)
    assert reads("inspection.Case") == [str(page["items"][0]["id"])]
    page = ok(api.get("/api/inspection/denunciations?page_size=2"))
    assert (page["count"], len(page["items"])) == (3, 2)
    assert sorted(reads("inspection.Denunciation")) == sorted(str(i["id"]) for i in page["items"])
    # the receiver is named to contact the denouncer; the district's org commission, named without it, is not
    assert all(item["denouncer_name"] == "Lê Thị Tố" for item in page["items"])
    services.access_grant(actor=inspector, user=commission, denunciation=letters[0], may_see_denouncer=False)
    page = ok(token_api(commission).get("/api/inspection/denunciations"))
    assert [i["id"] for i in page["items"]] == [letters[0].pk] and "denouncer_name" not in page["items"][0]


def test_the_pages_read_only_their_rows(tree, inspector, many, client, monkeypatch):
    monkeypatch.setattr(case_pages, "PER_PAGE", 2)
    monkeypatch.setattr(letter_views, "PAGE", 2)
    client.force_login(inspector)
    assert client.get(reverse("inspection:cases")).status_code == 200
    assert len(reads("inspection.Case")) == 2
    assert client.get(reverse("inspection:denunciation_list")).status_code == 200
    assert len(reads("inspection.Denunciation")) == 2
