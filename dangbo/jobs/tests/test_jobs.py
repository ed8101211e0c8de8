"""Background jobs: a province's set of forms made by the real worker (``db_worker``), its progress, its file read
back; failures in Vietnamese; a job lost mid-way offered again; a job is its owner's alone."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.accounts.models import AuditEntry
from dangbo.core.exceptions import DomainError
from dangbo.core.testing import Role, user_with
from dangbo.jobs import services
from dangbo.jobs.choices import JobStatus
from dangbo.jobs.models import Job
from dangbo.statforms.files import SET_JOB
from dangbo.statforms.tables import guidance_on

QUERY = "bieu=1&ky=year&nam=2024"


@pytest.mark.django_db(transaction=True)
def test_the_set_is_made_by_the_worker_and_downloaded(tree, client):
    tree.member("Nguyễn Văn Một", org=tree.cell1)
    user = user_with(Role.ORG_COMMISSION, org=tree.district)
    client.force_login(user)
    response = client.post(f"{reverse('statforms:set_job', args=[tree.district.pk])}?{QUERY}&tai=bo-xlsx")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.QUEUED and job.task_id and job.user == user
    assert AuditEntry.objects.filter(action="job_start", object_id=str(job.pk)).exists()
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Đang chờ" in page and 'hx-trigger="every 1s"' in page
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    assert job.done == job.total == len(guidance_on(dt.date(2024, 12, 31)).forms)
    partial = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in partial and "Tải về" in partial
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(download.content))
    assert len(book.sheetnames) >= 8


@pytest.mark.django_db
def test_a_job_out_of_its_owners_scope_fails_with_a_message(tree, django_capture_on_commit_callbacks):
    user = user_with(Role.ORG_COMMISSION, org=tree.other_district)
    with django_capture_on_commit_callbacks(execute=False):
        job = services.job_start(actor=user, kind=SET_JOB, title="x", org=tree.cell1,
                                 params={"org": tree.cell1.pk, "start": "2024-01-01", "end": "2024-12-31",
                                         "period_kind": "year", "label": "Năm 2024", "file": "xlsx"})
    services.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.message and job.result is None


@pytest.mark.django_db
def test_an_unknown_kind_is_refused_and_nothing_is_written(tree):
    with pytest.raises(DomainError):
        services.job_start(actor=tree.actor, kind="nope", title="x")
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_a_job_lost_mid_way_is_offered_again(tree, client):
    user = user_with(Role.ORG_COMMISSION, org=tree.district)
    job = Job.objects.create(kind=SET_JOB, title="Cả bộ", user=user, org=tree.district, params={},
                             status=JobStatus.RUNNING, task_id="gone")
    assert services.is_stale(job)
    client.force_login(user)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Bị dừng giữa chừng" in page and "Chạy lại" in page
    response = client.post(reverse("jobs:rerun", args=[job.pk]))
    again = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("jobs:detail", args=[again.pk])
    assert (again.kind, again.org, again.status) == (SET_JOB, tree.district, JobStatus.QUEUED)


@pytest.mark.django_db
def test_a_running_job_is_not_run_twice(tree):
    job = Job.objects.create(kind=SET_JOB, title="Cả bộ", user=tree.actor, params={}, status=JobStatus.RUNNING)
    with pytest.raises(DomainError):
        services.job_rerun(actor=tree.actor, job=job)


@pytest.mark.django_db
def test_the_list_shows_only_ones_own_jobs(tree, client, django_assert_max_num_queries):
    mine = user_with(Role.ORG_COMMISSION, org=tree.district)
    other = user_with(Role.ORG_COMMISSION, org=tree.district)
    for n in range(3):
        Job.objects.create(kind=SET_JOB, title=f"Của tôi {n}", user=mine, params={})
    Job.objects.create(kind=SET_JOB, title="Của người khác", user=other, params={})
    client.force_login(mine)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("jobs:list")).content.decode()
    assert "Của tôi 2" in body and "Của người khác" not in body
