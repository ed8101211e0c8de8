"""A large import is written by the worker: the confirm step hands the checked file to a job, the clerk follows
its page, the members are there when it ends — all or nothing, like the import on the page."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.jobs import services
from dangbo.jobs.choices import JobStatus
from dangbo.jobs.models import Job
from dangbo.members import imports
from dangbo.members.models import Member
from dangbo.members.tests.test_imports import book, good_file, person


def _confirm(client, tree, admin, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
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


@pytest.mark.django_db(transaction=True)
def test_a_large_upload_is_checked_by_the_worker_and_its_report_kept_for_the_page(
        client, tree, admin, settings, tmp_path, monkeypatch):
    """Over CHECK_BACKGROUND_ROWS declared rows the upload's check is a job: the page is not held for it, the job
    page links back to the report it kept, and the confirm step hands the file to the import job."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(imports, "CHECK_BACKGROUND_ROWS", 2)
    monkeypatch.setattr(imports, "BACKGROUND_ROWS", 2)
    checks = []
    real = imports.validate
    monkeypatch.setattr(imports, "validate", lambda **kw: checks.append(1) or real(**kw))
    client.force_login(admin)
    upload = io.BytesIO(good_file(tree))
    upload.name = "dang-vien.xlsx"
    response = client.post(reverse("members:import"), {"file": upload})
    job = Job.objects.get()
    assert job.kind == imports.CHECK_JOB and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert checks == []  # nothing checked in the request
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and "không có lỗi" in job.message, job.message
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    token = job.params["token"]
    assert f'href="{reverse("members:import")}?token={token}"' in page and "Xem kết quả kiểm tra" in page
    report = client.get(f"{reverse('members:import')}?token={token}")
    body = report.content.decode()
    assert "Không có lỗi" in body and "Kiểm tra bằng tác vụ chạy nền lúc" in body and checks == [1]
    confirm = client.post(reverse("members:import"), {"token": token})
    imported = Job.objects.exclude(pk=job.pk).get()
    assert imported.kind == imports.IMPORT_JOB and confirm["Location"] == reverse("jobs:detail", args=[imported.pk])
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    assert Member.objects.filter(full_name__startswith="Nguyễn Văn Nhập").count() == 4


@pytest.mark.django_db
def test_a_large_upload_with_errors_shows_the_workers_report_and_its_excel(
        client, tree, admin, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(imports, "CHECK_BACKGROUND_ROWS", 2)
    client.force_login(admin)
    upload = io.BytesIO(book([], [person(1, **{"Ngày sinh": "31/02/1985"}), person(2), person(3)]))
    upload.name = "loi.xlsx"
    client.post(reverse("members:import"), {"file": upload})
    job = Job.objects.get()
    token = job.params["token"]
    waiting = client.get(f"{reverse('members:import')}?token={token}").content.decode()
    assert "tác vụ chạy nền" in waiting and 'name="recheck"' in waiting  # not checked yet: offered, not run
    services.job_run(job.pk)
    job.refresh_from_db()
    assert "có 1 lỗi" in job.message, job.message
    body = client.get(f"{reverse('members:import')}?token={token}").content.decode()
    assert "Dòng 2, cột “Ngày sinh”: “31/02/1985” không phải ngày hợp lệ" in body and "Nhập dữ liệu</button>" not in body
    xlsx = client.get(f"{reverse('members:import')}?token={token}&tai=bao-cao")
    summary = load_workbook(io.BytesIO(xlsx.content))[imports.SUMMARY_SHEET]
    assert [c.value for c in summary[2]][:2] == ["Đảng viên", 2]
    again = client.post(reverse("members:import"), {"recheck": token})
    assert Job.objects.count() == 2 and again["Location"].startswith("/")
    assert "Kiểm tra bằng" not in client.get(f"{reverse('members:import')}?token={token}").content.decode()


def test_a_jobs_next_link_is_a_path_of_this_site_only():
    assert Job(params={"next": "/dang-vien/nhap/?token=x"}).next_url == "/dang-vien/nhap/?token=x"
    assert Job(params={"next": "//evil.example/"}).next_url == ""
    assert Job(params={"next": "javascript:alert(1)"}).next_url == ""
    assert Job(params={}).next_url == ""
