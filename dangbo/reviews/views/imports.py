"""Excel import of a chi bộ's review results: pick the unit and year → template → upload → row-by-row report →
“Ghi kết quả”. Thin: checks and commit live in ``reviews.imports``; the upload is kept between the two steps
exactly as the member import keeps it (owner-bound token, imports/ in the default storage)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import today
from dangbo.core.exceptions import DomainError
from dangbo.core.numbers import format_int
from dangbo.core.uploads import UploadForm, drop_stashed, load_stashed, stash
from dangbo.core.views import get_or_404
from dangbo.members.imports import ImportFailed, ImportRejected
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.forms import OrgChoiceField
from dangbo.orgs.models import Org
from dangbo.reviews import imports, selectors, streaks
from dangbo.reviews.views.plans import XLSX, YEAR_BOUNDS

SHOWN_ISSUES = 500


def _units(user):
    return selectors.writable_cells(user=user)


class UnitForm(forms.Form):
    unit = OrgChoiceField(label="Chi bộ", queryset=Org.objects.none())
    year = forms.IntegerField(label="Năm đánh giá", **YEAR_BOUNDS)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


@login_required
def import_start(request):
    """Choose the chi bộ (within the write scope) and the year; the next pages are that unit's."""
    if not scope_for(request.user).can_write_anything:
        raise PermissionDenied("Chỉ người có quyền ghi mới được nhập kết quả.")
    form = UnitForm(request.GET or None, units=_units(request.user),
                    initial={"year": streaks.default_year(today())})
    if request.GET and form.is_valid():
        return redirect("reviews:results_import", pk=form.cleaned_data["unit"].pk, year=form.cleaned_data["year"])
    return render(request, "reviews/plans/import_start.html", {"form": form})


def _unit(request, pk):
    return get_or_404(org_selectors.org_get, user=request.user, pk=pk, write=True)


def _sheet(request, unit, year):
    try:
        return imports.unit_sheet(unit, year)
    except DomainError as exc:
        messages.error(request, exc.message)
        return None


@login_required
def import_template(request, pk, year):
    unit = _unit(request, pk)
    sheet = _sheet(request, unit, year)
    if sheet is None:
        return redirect("reviews:results_import_start")
    response = HttpResponse(imports.template_xlsx(sheet), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ket-qua-danh-gia-{year}-{unit.pk}.xlsx"'
    return response


def _decided(request, unit, year) -> bool:
    """A past year's results recorded as decided: asked for, and the user may write the deciding level."""
    asked = (request.POST.get("decided") or request.GET.get("decided")) == "1"
    return asked and imports.can_record_decided(user=request.user, unit=unit, year=year)


def _page(request, unit, year, *, form=None, report=None, token="", meta=None, error=""):
    context = {"unit": unit, "year": year, "form": form or UploadForm(), "report": report, "token": token,
               "meta": meta or {}, "error": error, "decided": _decided(request, unit, year),
               "can_decide": imports.can_record_decided(user=request.user, unit=unit, year=year)}
    if report is not None:
        context.update({
            "issues": report.issues[:SHOWN_ISSUES], "hidden": max(0, len(report.issues) - SHOWN_ISSUES),
            "counts": {"rows": format_int(report.data_rows), "proposed": format_int(len(report.rows)),
                       "issues": format_int(len(report.issues))},
        })
    return render(request, "reviews/plans/import.html", context)


@login_required
def import_unit(request, pk, year):
    unit = _unit(request, pk)
    if _sheet(request, unit, year) is None:
        return redirect("reviews:results_import_start")
    if request.method == "POST" and "token" in request.POST:
        return _commit(request, unit, year, request.POST["token"])
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return _page(request, unit, year, form=form)
        token = stash(request.user, form.cleaned_data["file"])
        decided = "&decided=1" if _decided(request, unit, year) else ""
        return redirect(f"{reverse('reviews:results_import', kwargs={'pk': unit.pk, 'year': year})}?token={token}"
                        f"{decided}")
    token = request.GET.get("token", "")
    if not token:
        return _page(request, unit, year)
    data, meta = load_stashed(request.user, token)
    report = imports.validate(user=request.user, unit=unit, year=year, data=data,
                              decided=_decided(request, unit, year))
    return _page(request, unit, year, report=report, token=token, meta=meta)


def _commit(request, unit, year, token):
    data, meta = load_stashed(request.user, token)
    decided = _decided(request, unit, year)
    try:
        n = imports.run_import(actor=request.user, unit=unit, year=year, data=data, decided=decided)
    except (ImportRejected, ImportFailed) as exc:
        report = getattr(exc, "report", None) or imports.validate(user=request.user, unit=unit, year=year, data=data,
                                                                  decided=decided)
        return _page(request, unit, year, report=report, token=token, meta=meta, error=exc.message)
    drop_stashed(token)
    what = "kết quả đã quyết định" if decided else "mức đề xuất"
    messages.success(request, f"Đã ghi {what} của {format_int(n)} đảng viên {unit.name} năm {year} "
                              f"từ tệp {meta.get('name', '')}.")
    return redirect(f"{reverse('reviews:results_import', kwargs={'pk': unit.pk, 'year': year})}")
