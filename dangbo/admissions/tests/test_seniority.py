"""Party seniority of any member on any date (issue 9, Deliver 7; RULES.md M10): on the member's page and in the
API, counted from the admission decision the file records, less the time outside the party."""

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.accounts.models import Role
from dangbo.accounts.tests.test_api_auth import Api, assert_error
from dangbo.admissions.models import AdmissionStep, Candidate
from dangbo.admissions.selectors import seniority_of
from dangbo.core.testing import user_with
from dangbo.members.services import event_record

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def member(tree):
    """Admitted 19/05/2018, official 19/05/2019, struck off 01/03/2021 and restored 01/03/2022."""
    m = tree.member()
    event_record(actor=tree.actor, member=m, kind="strike_off", date=D(2021, 3, 1), leave_reason="abandoned")
    event_record(actor=tree.actor, member=m, kind="restore", date=D(2022, 3, 1), org=tree.cell1)
    m.refresh_from_db()
    return m


def test_seniority_less_the_year_outside(member):
    got = seniority_of(member, D(2025, 5, 19))
    assert (got.years, got.months, got.since) == (6, 0, D(2019, 5, 19))
    assert seniority_of(member, D(2019, 5, 18)) is None  # still probationary that day


def test_counted_from_the_decision_the_file_records(tree, member):
    candidate = Candidate.objects.create(org=tree.cell1, full_name=member.full_name, date_of_birth=member.date_of_birth,
                                         gender="M", general_education="12/12", listed_on=D(2017, 1, 1), member=member)
    AdmissionStep.objects.create(candidate=candidate, step="decision", date=D(2018, 4, 19), passed=True)
    got = seniority_of(member, D(2025, 5, 19))
    assert (got.years, got.months, got.since) == (6, 1, D(2019, 4, 19))


def test_on_the_members_page_on_a_chosen_date(client, tree, member):
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    url = reverse("members:detail", args=[member.pk])
    page = client.get(url, {"tuoi_dang": "19/05/2025"}).content.decode()
    assert "Tuổi đảng đến ngày 19/05/2025" in page and "6 năm 0 tháng" in page and "tính từ 19/05/2019" in page
    bad = client.get(url, {"tuoi_dang": "31/02/2025"}, follow=True).content.decode()
    assert "không hợp lệ" in bad


def test_in_the_api(tree, member):
    api = Api(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    body = api.get(f"/api/admissions/seniority/{member.pk}", on="2025-05-19").json()
    assert body == {"member_id": member.pk, "on": "2025-05-19", "years": 6, "months": 0, "since": "2019-05-19"}
    none = api.get(f"/api/admissions/seniority/{member.pk}", on="2019-01-01").json()
    assert none["years"] is None and none["since"] is None
    outsider = Api(user_with(Role.CELL_SECRETARY, org=tree.other_cell))
    assert_error(outsider.get(f"/api/admissions/seniority/{member.pk}"), 404, "out_of_scope", None)
