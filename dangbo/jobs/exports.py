"""A list export too long to build in the web request (a province's 100.000 members take minutes and hold a server
thread): the export's page says so and, when the user confirms (POST), hands the list's filter to a job whose
runner reads the same list again with her scope. A shorter list is still built at once by the export view."""

from django.shortcuts import redirect, render

from dangbo.core.numbers import format_int
from dangbo.core.views import run_service
from dangbo.jobs import services

EXPORT_BACKGROUND_ROWS = 5_000


def too_long(count: int) -> bool:
    return count > EXPORT_BACKGROUND_ROWS


def background_export(request, *, kind: str, count: int, noun: str, title: str, back: str, org=None):
    """GET: what will happen, and a button; POST: the job (params: the page's query), then its page."""
    said = f"Danh sách có {format_int(count)} {noun}: tệp được tạo trong nền, tải về ở trang của tác vụ khi xong."
    if request.method != "POST":
        return render(request, "jobs/export_confirm.html", {"title": title, "said": said, "back": back})
    job = run_service(request, None, lambda: services.job_start(
        actor=request.user, kind=kind, title=f"{title} — {format_int(count)} {noun}", org=org,
        params=request.GET.dict()))
    return redirect("jobs:detail", pk=job.pk) if job is not None else redirect(back)
