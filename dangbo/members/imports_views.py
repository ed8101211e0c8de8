"""Excel import pages: template download, upload → row-by-row report → “Nhập dữ liệu”. Thin: the checks and
the commit live in ``members.imports``; this file only keeps the uploaded file between the two steps.

The upload is stored under ``DATA_DIR/imports/<token>.xlsx`` with a ``.json`` beside it naming its owner, so
the confirm step commits exactly the file that was checked, and only for the user who uploaded it.
"""

import datetime as dt
import json
import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from dangbo.accounts.scope import scope_for
from dangbo.core.numbers import format_int
from dangbo.members import imports
from dangbo.members.views import XLSX

TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
MAX_BYTES = 20 * 1024 * 1024
KEEP_SECONDS = 24 * 3600
SHOWN_ISSUES = 500


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx)", error_messages={"required": "Hãy chọn tệp Excel."})

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Chỉ nhận tệp Excel .xlsx (hãy dùng tệp mẫu).")
        if f.size > MAX_BYTES:
            raise forms.ValidationError(f"Tệp lớn hơn {MAX_BYTES // (1024 * 1024)} MB; hãy chia nhỏ tệp.")
        return f


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _store(user, upload) -> str:
    folder = _folder()
    cutoff = time.time() - KEEP_SECONDS
    for old in folder.iterdir():  # uploads nobody confirmed: kept a day, then dropped
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)
        except OSError:  # another request removed it first
            continue
    token = secrets.token_urlsafe(24)
    with open(folder / f"{token}.xlsx", "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    meta = {"user": user.pk, "name": upload.name, "at": dt.datetime.now(dt.UTC).isoformat()}
    (folder / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def _load(user, token: str) -> tuple[bytes, dict]:
    """The stored upload, only for its owner; anything else is “not found”, whoever asks."""
    if not TOKEN.match(token or ""):
        raise Http404("Không tìm thấy tệp đã tải lên.")
    folder = _folder()
    try:
        meta = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
        if meta.get("user") != user.pk:
            raise Http404("Không tìm thấy tệp đã tải lên.")
        return (folder / f"{token}.xlsx").read_bytes(), meta
    except (OSError, ValueError) as exc:
        raise Http404("Không tìm thấy tệp đã tải lên (có thể đã quá hạn); hãy tải lên lại.") from exc


def _drop(token: str) -> None:
    for suffix in (".xlsx", ".json"):
        (_folder() / f"{token}{suffix}").unlink(missing_ok=True)


def _require_writer(request) -> None:
    if not scope_for(request.user).can_write_anything:
        raise PermissionDenied("Chỉ người có quyền ghi mới được nhập dữ liệu.")


def _page(request, *, form=None, report=None, token="", meta=None, error=""):
    context = {"form": form or UploadForm(), "report": report, "token": token, "meta": meta or {}, "error": error}
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
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return _page(request, form=form)
        token = _store(request.user, form.cleaned_data["file"])
        return redirect(f"{reverse('members:import')}?token={token}")
    token = request.GET.get("token", "")
    if not token:
        return _page(request)
    data, meta = _load(request.user, token)
    report = imports.validate(user=request.user, data=data)
    if request.GET.get("tai") == "bao-cao":
        response = HttpResponse(imports.report_xlsx(data=data, report=report), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="bao-cao-loi-nhap-du-lieu.xlsx"'
        return response
    return _page(request, report=report, token=token, meta=meta)


def _commit(request, token: str):
    data, meta = _load(request.user, token)
    try:
        result = imports.run_import(actor=request.user, data=data)
    except imports.ImportRejected as exc:
        return _page(request, report=exc.report, token=token, meta=meta, error=exc.message)
    except imports.ImportFailed as exc:
        report = imports.validate(user=request.user, data=data)
        return _page(request, report=report, token=token, meta=meta, error=exc.message)
    _drop(token)
    messages.success(request, f"Đã nhập {format_int(result.orgs)} tổ chức và {format_int(result.members)} đảng viên "
                              f"từ tệp {meta.get('name', '')}.")
    return redirect("members:list")
