"""A long member or org list is exported by the worker (issue 11, Deliver 1): the export page says so and starts a
job only when confirmed (POST); the job reads the same filtered list again with its owner's scope and makes the
same XLSX, formula-like text kept as text. A short list is still exported at once (members/tests/test_exports)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.accounts.models import Role
from dangbo.core.testing import user_with
from dangbo.jobs import exports as background
from dangbo.jobs import services
from dangbo.jobs.choices import JobStatus
from dangbo.jobs.models import Job
from dangbo.members import exports as member_exports
from dangbo.members.models import Member
from dangbo.orgs import exports as org_exports


@pytest.fixture
def long_lists(monkeypatch):
    monkeypatch.setattr(background, "EXPORT_BACKGROUND_ROWS", 0)  # any list with a row is long
    monkeypatch.setattr(member_exports, "PROGRESS_EVERY", 2)


@pytest.fixture
def women(tree):
    made = [tree.member("Trần Thị An", org=tree.cell1, gender="F"), tree.member("Lê Thị Bé", org=tree.cell2, gender="F"),
            tree.member("Vũ Thị Cúc", org=tree.cell1, gender="F"), tree.member("Ngô Văn Dũng", org=tree.cell1),
            tree.member("Đinh Thị Xa", org=tree.other_cell, gender="F")]
    Member.objects.filter(pk=made[2].pk).update(full_name="=1+1")  # user text that a spreadsheet would compute
    return made


def _run(job) -> list:
    services.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    return list(load_workbook(io.BytesIO(bytes(job.result))).active.iter_rows())


def test_a_long_member_list_is_confirmed_then_made_by_the_worker_with_the_owners_scope(client, tree, long_lists,
                                                                                          women):
    secretary = user_with(Role.CELL_SECRETARY, org=tree.commune)
    client.force_login(secretary)
    page = client.get(reverse("members:export"), {"gender": "F"})
    assert page.status_code == 200 and "text/html" in page["Content-Type"] and not Job.objects.exists()
    assert "Danh sách có 3 đảng viên: tệp được tạo trong nền" in page.content.decode()

    response = client.post(f"{reverse('members:export')}?gender=F")
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.params, job.user, job.status) == (member_exports.EXPORT_JOB, {"gender": "F"}, secretary,
                                                            JobStatus.QUEUED)
    rows = _run(job)
    assert [c.value for c in rows[0]] == [c for c, _ in member_exports.COLUMNS]
    # the women of the commune only: not the man filtered out, not the woman outside the scope
    assert sorted(r[1].value for r in rows[1:]) == sorted(["Trần Thị An", "Lê Thị Bé", "=1+1"])
    formula = next(r[1] for r in rows if r[1].value == "=1+1")
    assert (formula.data_type, formula.quotePrefix) == ("s", True)
    assert (job.result_name, job.result_type) == (member_exports.FILENAME, member_exports.XLSX)
    assert (job.done, job.total) == (3, 3)


def test_an_org_filter_outside_the_scope_never_widens_the_job(client, tree, long_lists, women):
    outsider = user_with(Role.ORG_COMMISSION, org=tree.other_district)
    client.force_login(outsider)
    client.post(f"{reverse('members:export')}?org={tree.cell1.pk}")
    assert [r[1].value for r in _run(Job.objects.get())[1:]] == ["Đinh Thị Xa"]


def test_an_outsider_cannot_export_an_org_list_within_an_org_she_cannot_see(client, tree, long_lists):
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.other_district))
    url = f"{reverse('orgs:export')}?within={tree.commune.pk}"
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    assert not Job.objects.exists()


def test_a_long_org_list_is_made_by_the_worker(client, tree, admin, long_lists):
    client.force_login(admin)
    url = f"{reverse('orgs:export')}?within={tree.commune.pk}"
    assert "tổ chức: tệp được tạo trong nền" in client.get(url).content.decode()
    assert not Job.objects.exists()
    client.post(url)
    job = Job.objects.get()
    assert (job.kind, job.params, job.org) == (org_exports.EXPORT_JOB, {"within": str(tree.commune.pk)}, tree.commune)
    names = [r[1].value for r in _run(job)[1:]]
    assert names[0] == tree.commune.name and tree.cell1.name in names and tree.other_cell.name not in names


def test_a_job_whose_owner_lost_the_org_fails_with_a_message(tree, admin):
    job = services.job_start(actor=admin, kind=org_exports.EXPORT_JOB, title="x", params={"within": str(tree.commune.pk)})
    job.user = user_with(Role.ORG_COMMISSION, org=tree.other_district)
    job.save()
    services.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.message and job.result is None
