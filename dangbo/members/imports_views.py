"""Excel import pages: template download, upload → row-by-row report → “Nhập dữ liệu”. Thin: the checks and
the commit live in ``members.imports``; the uploaded file is kept between the two steps by ``core.uploads``.
"""


import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from dangbo.accounts.scope import scope_for
from dangbo.core.numbers import format_int
from dangbo.core.uploads import UploadForm, drop_stashed, load_stashed, stash, update_stashed
from dangbo.jobs import services as job_services
from dangbo.members import imports
from dangbo.members.views import XLSX

SHOWN_ISSUES = 500


def _require_writer(request) -> None:
    if not scope_for(request.user).can_write_anything:
        raise PermissionDenied("Chỉ người có quyền ghi mới được nhập dữ liệu.")


def _page(request, *, form=None, report=None, token="", meta=None, error="", unchecked=False):
    context = {"form": form or UploadForm(), "report": report, "token": token, "meta": meta or {}, "error": error,
               "unchecked": unchecked}
    if (meta or {}).get("checked"):
        context["checked_at"] = timezone.localtime(dt.datetime.fromisoformat(meta["checked"]["at"]))
    if report is not None:
        context.update({
            "groups": report.by_sheet(limit=SHOWN_ISSUES),
            "hidden": max(0, len(report.issues) - SHOWN_ISSUES),
            "counts": {k: format_int(v) for k, v in {
                "orgs": report.org_rows, "members": report.member_rows, "issues": len(report.issues),
                "warnings": len(report.warnings)}.items()},
        })
    template = "members/_partials/import_report.html" if request.headers.get("HX-Request") else "members/import.html"
    return render(request, template, context)


@login_required
def template_view(request):
    _require_writer(request)
    response = HttpResponse(imports.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-to-chuc-dang-vien.xlsx"'
    return response


@login_required
def import_view(request):
    _require_writer(request)
    if request.method == "POST" and "token" in request.POST:
        return _commit(request, request.POST["token"])
    if request.method == "POST" and "recheck" in request.POST:
        return _check_in_worker(request, request.POST["recheck"])
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return _page(request, form=form)
        token = stash(request.user, form.cleaned_data["file"])
        data, _meta = load_stashed(request.user, token)
        declared = imports.declared_rows(data)
        update_stashed(request.user, token, declared=declared)
        if declared > imports.CHECK_BACKGROUND_ROWS:
            return _check_in_worker(request, token)
        return redirect(f"{reverse('members:import')}?token={token}")
    token = request.GET.get("token", "")
    if not token:
        return _page(request)
    data, meta = load_stashed(request.user, token)
    if meta.get("checked"):  # the worker's check of a large file
        report = imports.report_from_summary(meta["checked"])
    elif meta.get("declared", 0) > imports.CHECK_BACKGROUND_ROWS:
        return _page(request, token=token, meta=meta, unchecked=True)
    else:
        report = imports.validate(user=request.user, data=data)
    if request.GET.get("tai") == "bao-cao":
        response = HttpResponse(imports.report_xlsx(data=data, report=report), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="bao-cao-loi-nhap-du-lieu.xlsx"'
        return response
    if report.ok and meta.get("rows") != report.member_rows + report.org_rows:
        meta = update_stashed(request.user, token, rows=report.member_rows + report.org_rows)
    return _page(request, report=report, token=token, meta=meta)


def _check_in_worker(request, token: str):
    """A large file is checked by the worker; its job page follows the check and links back to the report."""
    meta = update_stashed(request.user, token, checked=None)
    job = job_services.job_start(
        actor=request.user, kind=imports.CHECK_JOB, title=f"Kiểm tra tệp {meta.get('name', '')}",
        params={"token": token, "next": f"{reverse('members:import')}?token={token}",
                "next_label": "Xem kết quả kiểm tra"})
    return redirect("jobs:detail", pk=job.pk)


def _commit(request, token: str):
    data, meta = load_stashed(request.user, token)
    if meta.get("rows", 0) > imports.BACKGROUND_ROWS:
        # a large file is written by the worker: the office keeps working, the job's page follows it
        job = job_services.job_start(actor=request.user, kind=imports.IMPORT_JOB,
                                     title=f"Nhập dữ liệu từ tệp {meta.get('name', '')}",
                                     params={"token": token, "name": meta.get("name", "")})
        return redirect("jobs:detail", pk=job.pk)
    try:
        result = imports.run_import(actor=request.user, data=data)
    except imports.ImportRejected as exc:
        return _page(request, report=exc.report, token=token, meta=meta, error=exc.message)
    except imports.ImportFailed as exc:
        report = imports.validate(user=request.user, data=data)
        return _page(request, report=report, token=token, meta=meta, error=exc.message)
    drop_stashed(token)
    messages.success(request, f"Đã nhập {format_int(result.orgs)} tổ chức và {format_int(result.members)} đảng viên "
                              f"từ tệp {meta.get('name', '')}.")
    return redirect("members:list")
