"""Every write of jobs. ``job_start`` records the job (audited) and hands it to the worker once committed;
``job_run`` (in the worker) runs it: progress is written as it goes, the result or a Vietnamese failure message at
the end. A runner that writes does it in one transaction (an import: all or nothing), so a worker killed mid-way
leaves nothing half-written and the job can be run again (``job_rerun``)."""

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from dangbo.accounts import audit
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.jobs.choices import FINISHED, JobStatus
from dangbo.jobs.models import Job
from dangbo.jobs.runners import RUNNERS, Output

log = logging.getLogger(__name__)
STALE = "Tác vụ bị dừng giữa chừng (máy chủ hoặc tiến trình chạy nền khởi động lại); chưa có gì được ghi. Hãy chạy lại."


def job_start(*, actor, kind: str, title: str, org=None, params: dict | None = None) -> Job:
    if kind not in RUNNERS:
        raise DomainError(f"Không có loại tác vụ “{kind}”.", field="kind")
    with transaction.atomic():
        job = Job.objects.create(kind=kind, title=title[:300], user=actor, org=org, params=params or {})
        audit.record(actor=actor, action="job_start", instance=job, before=None,
                     org_path=org.path if org is not None else "")
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


@task()
def run_job(job_id: int) -> None:
    """The task the worker runs (``manage.py db_worker``, started by ``make run``): one job."""
    job_run(job_id)


def _enqueue(job_id: int) -> None:
    result = run_job.enqueue(job_id)
    Job.objects.filter(pk=job_id).update(task_id=str(result.id))


def job_rerun(*, actor, job: Job) -> Job:
    """The same work again, as a new job (the old one stays, with its outcome)."""
    if job.user_id != actor.pk:
        raise OutOfScope()
    if job.status not in FINISHED and not is_stale(job):
        raise DomainError("Tác vụ đang chạy: chờ kết quả trước khi chạy lại.", field="job")
    return job_start(actor=actor, kind=job.kind, title=job.title, org=job.org, params=job.params)


def is_stale(job: Job) -> bool:
    """A job the worker took and then lost (killed): running, with its backend's task finished or gone."""
    if job.status != JobStatus.RUNNING or not job.task_id:
        return False
    try:
        result = run_job.get_result(job.task_id)
    except Exception:  # noqa: BLE001 - the backend lost it: as good as finished
        return True
    return result.is_finished


def _update(job_id: int, **fields) -> None:
    Job.objects.filter(pk=job_id).update(**fields)


def job_run(job_id: int) -> None:
    job = Job.objects.select_related("user", "org").get(pk=job_id)
    if job.status in FINISHED:
        return
    _update(job_id, status=JobStatus.RUNNING, started_at=timezone.now(), done=0, message="")

    def progress(done: int, total: int, step: str = "") -> None:
        _update(job_id, done=done, total=total, step=step[:300])

    try:
        out: Output | str = RUNNERS[job.kind](job, progress)
    except (DomainError, OutOfScope) as exc:
        _update(job_id, status=JobStatus.FAILED, finished_at=timezone.now(),
                message=getattr(exc, "message", "") or "Không có quyền với tổ chức của tác vụ.")
        return
    except Exception:
        log.exception("job %s (%s) failed", job_id, job.kind)
        _update(job_id, status=JobStatus.FAILED, finished_at=timezone.now(),
                message="Tác vụ gặp lỗi hệ thống và đã dừng; chưa có gì được ghi. Hãy báo quản trị viên.")
        raise
    if isinstance(out, str):
        _update(job_id, status=JobStatus.DONE, finished_at=timezone.now(), message=out, step="")
        return
    _update(job_id, status=JobStatus.DONE, finished_at=timezone.now(), result=out.content, result_name=out.name,
            result_type=out.content_type, step="")
