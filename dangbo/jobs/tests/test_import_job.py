"""A large import is written by the worker: the confirm step hands the checked file to a job, the clerk follows
its page, the members are there when it ends — all or nothing, like the import on the page."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from dangbo.jobs import services
from dangbo.jobs.choices import JobStatus
from dangbo.jobs.models import Job
from dangbo.members import imports
from dangbo.members.models import Member
from dangbo.members.tests.test_imports import good_file


def _confirm(client, tree, admin, settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(imports, "BACKGROUND_ROWS", 2)  # the good file has more rows than that
    client.force_login(admin)
    upload = io.BytesIO(good_file(tree))
    upload.name = "dang-vien.xlsx"
    token = client.get(client.post(reverse("members:import"), {"file": upload})["Location"]).context["token"]
    return client.post(reverse("members:import"), {"token": token}), token


@pytest.mark.django_db(transaction=True)
def test_a_large_import_runs_in_the_worker(client, tree, admin, settings, tmp_path, monkeypatch):
    response, token = _confirm(client, tree, admin, settings, tmp_path, monkeypatch)
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.kind == imports.IMPORT_JOB and not Member.objects.filter(full_name__startswith="Nguyễn Văn Nhập")
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.message.startswith("Đã nhập"), job.message
    assert Member.objects.filter(full_name__startswith="Nguyễn Văn Nhập").count() == 4
    assert not (tmp_path / "imports" / f"{token}.xlsx").exists()
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Đã nhập" in page and "job-download" not in page


@pytest.mark.django_db
def test_a_refused_import_job_writes_nothing_and_says_why(client, tree, admin, settings, tmp_path, monkeypatch):
    _confirm(client, tree, admin, settings, tmp_path, monkeypatch)
    job = Job.objects.get()
    before = Member.objects.count()

    def refuse(**kwargs):
        raise imports.ImportFailed(imports.Issue("Đảng viên", 3, "Số CCCD", "bị từ chối khi ghi"))

    monkeypatch.setattr(imports, "run_import", refuse)
    services.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "Chưa nhập dữ liệu nào" in job.message
    assert Member.objects.count() == before
