"""A user's jobs over JSON, mounted at /api/ by ``dangbo.api``: the list, one job's progress, its result. A job
is its owner's alone: another user's answers 404 (``jobs.selectors``)."""

import datetime as dt

from django.http import HttpResponse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from dangbo.core.api import ERRORS, Page
from dangbo.core.exceptions import DomainError
from dangbo.jobs import selectors
from dangbo.jobs.choices import JobStatus

router = Router(tags=["Tác vụ chạy nền"])


class JobOut(Schema):
    id: int
    kind: str
    title: str
    org_id: int | None
    status: JobStatus
    percent: int = Field(description="0–100")
    done: int
    total: int
    step: str = Field(description="bước đang làm")
    message: str = Field(description="lý do khi lỗi")
    result_name: str = Field(description="tên tệp kết quả khi xong")
    created_at: dt.datetime
    finished_at: dt.datetime | None


@router.get("/jobs", response={200: list[JobOut], **ERRORS})
@paginate(Page)
def job_list(request):
    return selectors.jobs_of(user=request.auth)


@router.get("/jobs/{job_id}", response={200: JobOut, **ERRORS})
def job_detail(request, job_id: int):
    return selectors.job_get(user=request.auth, pk=job_id)


@router.get("/jobs/{job_id}/file", response={200: None, **ERRORS})
def job_file(request, job_id: int):
    job = selectors.job_get(user=request.auth, pk=job_id, with_result=True)
    if job.status != JobStatus.DONE or job.result is None:
        raise DomainError("Tác vụ chưa có kết quả để tải về.", field="job_id")
    response = HttpResponse(bytes(job.result), content_type=job.result_type or "application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    return response
