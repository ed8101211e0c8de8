"""A user's jobs (``/tac-vu/``): the list, one job with its progress bar (refreshed by htmx every second until it
ends), its result to download and, when it ended or was lost, running it again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from dangbo.core.views import get_or_404, run_service
from dangbo.jobs import selectors, services
from dangbo.jobs.choices import FINISHED, JobStatus

PAGE = 50


@login_required
def job_list(request):
    page = Paginator(selectors.jobs_of(user=request.user), PAGE).get_page(request.GET.get("page"))
    return render(request, "jobs/list.html", {"page": page})


def _context(request, pk) -> dict:
    job = get_or_404(selectors.job_get, user=request.user, pk=pk)
    stale = services.is_stale(job)
    return {"job": job, "stale": stale, "finished": job.status in FINISHED,
            "may_rerun": job.status == JobStatus.FAILED or stale}


@login_required
def job_detail(request, pk):
    return render(request, "jobs/detail.html", _context(request, pk))


@login_required
def job_progress(request, pk):
    return render(request, "jobs/_progress.html", _context(request, pk))


@login_required
def job_download(request, pk):
    job = get_or_404(selectors.job_get, user=request.user, pk=pk, with_result=True)
    if job.status != JobStatus.DONE or job.result is None:
        messages.error(request, "Tác vụ chưa có kết quả để tải về.")
        return redirect("jobs:detail", pk=job.pk)
    response = HttpResponse(bytes(job.result), content_type=job.result_type or "application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    return response


@login_required
def job_rerun(request, pk):
    """By POST; a GET (another's job: 404 first) goes back to the job's page."""
    job = get_or_404(selectors.job_get, user=request.user, pk=pk)
    if request.method != "POST":
        return redirect("jobs:detail", pk=job.pk)
    again = run_service(request, None, lambda: services.job_rerun(actor=request.user, job=job))
    return redirect("jobs:detail", pk=again.pk if again is not None else job.pk)
