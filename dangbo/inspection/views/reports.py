"""The period's figures of inspection, supervision and discipline work (RULES.md K10) for an org's subtree: the
page (org picked with the org picker, period chosen) and its XLSX. Counts only, read through
``inspection.figures`` — which decides who may read them (the inspection commission over the org, the
organization commission over it); anyone else gets 404, as for a case."""

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from dangbo.core import periods
from dangbo.core.dates import format_date, today
from dangbo.core.views import get_or_404
from dangbo.core.xlsx import CONTENT_TYPE as XLSX
from dangbo.core.xlsx import list_sheet, workbook_bytes
from dangbo.inspection import figures, paragraphs
from dangbo.inspection.figures import BODY_KINDS, Figures
from dangbo.inspection.paragraphs import FORM_WORDS
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.forms import date_field

T = "inspection/"
KINDS = [("year", "Năm"), ("half1", "6 tháng đầu năm"), ("half2", "6 tháng cuối năm"),
         ("range", "Khoảng thời gian (từ ngày – đến ngày)")]
FIELDS = ("ky", "nam", "tu", "den")


class PeriodForm(forms.Form):
    ky = forms.ChoiceField(label="Kỳ báo cáo", choices=KINDS, initial="year")
    nam = forms.IntegerField(label="Năm", min_value=1990, max_value=2100, required=False,
                             error_messages={"invalid": "Năm phải là một số, ví dụ 2025.",
                                             "min_value": "Năm phải từ 1990 đến 2100.",
                                             "max_value": "Năm phải từ 1990 đến 2100."})
    tu = date_field("Từ ngày", required=False)
    den = date_field("Đến ngày", required=False)

    def __init__(self, data=None, **kwargs):
        if data is not None and not any(k in data for k in FIELDS):
            data = None  # the first visit: this year, no errors
        super().__init__(data, **kwargs)
        self.fields["nam"].initial = today().year

    def clean(self):
        data = super().clean()
        kind = data.get("ky")
        if kind in ("year", "half1", "half2"):
            y = data.get("nam")
            if y is None:
                if "nam" not in self.errors:
                    self.add_error("nam", "Phải nhập năm của kỳ báo cáo.")
                return data
            data["period"] = periods.year(y) if kind == "year" else periods.half(y, 1 if kind == "half1" else 2)
        elif kind == "range":
            start, end = data.get("tu"), data.get("den")
            for name, value in (("tu", start), ("den", end)):
                if value is None and name not in self.errors:
                    self.add_error(name, "Phải nhập ngày (dd/mm/yyyy) khi chọn khoảng thời gian.")
            if start and end:
                if end < start:
                    self.add_error("den", "Đến ngày phải sau từ ngày.")
                else:
                    data["period"] = periods.Period("range", start, end,
                                                    f"thời gian từ ngày {format_date(start)} đến ngày "
                                                    f"{format_date(end)}")
        return data

    def period(self) -> periods.Period | None:
        """The chosen period; this year on a first visit; None on bad input."""
        if not self.is_bound:
            return periods.year(today().year)
        if self.is_valid() and "period" in self.cleaned_data:
            return self.cleaned_data["period"]
        return None


def _query(request) -> str:
    return urlencode({k: request.GET[k] for k in FIELDS if k in request.GET})


def _found(request, pk) -> tuple[PeriodForm, Figures | None, object]:
    org = get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    form = PeriodForm(request.GET)
    period = form.period()
    # bad input still checks who may read (404 before any message), then shows the form's errors
    found = get_or_404(figures.figures, user=request.user, org=org, period=period or periods.year(today().year))
    return form, (found if period is not None else None), org


def rows(f: Figures) -> list[tuple[str, int | str]]:
    """The figures as (line, value) pairs: the page's table and the XLSX's rows."""
    out: list[tuple[str, int | str]] = []
    for title, by_body in (("Kiểm tra", f.checks), ("Giám sát", f.supervisions)):
        for kind, label in BODY_KINDS.items():
            t = by_body[kind]
            out += [(f"{title} — {label}: số cuộc", t.cases), (f"{title} — {label}: lượt tổ chức đảng", t.orgs),
                    (f"{title} — {label}: lượt đảng viên", t.members)]
    d = f.denunciations
    out += [("Ủy ban kiểm tra kiểm tra khi có dấu hiệu vi phạm: số cuộc", f.violation_checks.cases),
            ("Ủy ban kiểm tra kiểm tra khi có dấu hiệu vi phạm: lượt tổ chức đảng", f.violation_checks.orgs),
            ("Ủy ban kiểm tra kiểm tra khi có dấu hiệu vi phạm: lượt đảng viên", f.violation_checks.members),
            ("Kiểm tra tài chính đảng: số cuộc", f.finance_checks.cases),
            ("Kiểm tra tài chính đảng: lượt tổ chức đảng", f.finance_checks.orgs),
            ("Đơn tố cáo tiếp nhận trong kỳ", d.received),
            ("— trong đó không xem xét, giải quyết (nặc danh, tố cáo lại, không cụ thể)", d.not_handled),
            ("— trong đó đủ điều kiện, được xem xét, giải quyết", d.taken_up),
            ("Đơn tố cáo giải quyết xong trong kỳ", d.resolved),
            ("Đơn tố cáo đang giải quyết cuối kỳ", d.in_progress),
            ("Đơn khiếu nại kỷ luật tiếp nhận trong kỳ", f.complaints_received),
            ("Đơn khiếu nại kỷ luật giải quyết xong trong kỳ", f.complaints_settled)]
    out += [(f"Đảng viên bị kỷ luật — {FORM_WORDS[form]}", n) for form, n in f.members_disciplined.items()]
    out.append(("Tổng số đảng viên bị kỷ luật", f.members_disciplined_total))
    out += [(f"Tổ chức đảng bị kỷ luật — {FORM_WORDS[form]}", n) for form, n in f.orgs_disciplined.items()]
    out += [("Tổng số tổ chức đảng bị kỷ luật", f.orgs_disciplined_total),
            ("Đảng viên bị xóa tên", f.struck_off), ("Đảng viên bị cho ra khỏi Đảng", f.dismissed)]
    return out


@login_required
def figures_home(request):
    """The menu's entry: the figures of the first org at the top of the user's scope whose counts they may read
    (an inspection commission's, or an organization commission's); 404 for anyone else."""
    org = figures.first_readable(request.user)
    if org is None:
        raise Http404("Bạn không được xem số liệu kiểm tra, giám sát của tổ chức nào.")
    return redirect("inspection:figures", pk=org.pk)


@login_required
def figures_page(request, pk):
    picked = request.GET.get("org", "")
    if picked.isdigit() and int(picked) != pk:
        org = get_or_404(org_selectors.org_get, user=request.user, pk=int(picked))
        query = _query(request)
        return redirect(f"{request.path.replace(f'/{pk}/', f'/{org.pk}/', 1)}" + (f"?{query}" if query else ""))
    form, found, org = _found(request, pk)
    return render(request, T + "figures.html", {
        "org": org, "form": form, "found": found, "rows": rows(found) if found else [],
        "sentence": paragraphs.sentence(found) if found else "", "query": _query(request)})


@login_required
def figures_xlsx(request, pk):
    form, found, org = _found(request, pk)
    if found is None:
        return redirect("inspection:figures", pk=org.pk)
    wb, ws = list_sheet("Số liệu kiểm tra, giám sát", ["Chỉ tiêu", "Số lượng"], {1: 80, 2: 14})
    ws.append([f"{org.name} — {found.period.label} (lập ngày {format_date(today())})", None])
    for line, value in rows(found):
        ws.append([line, value])
    ws.append([paragraphs.sentence(found), None])
    response = HttpResponse(workbook_bytes(wb), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="so-lieu-kiem-tra-giam-sat.xlsx"'
    return response


urlpatterns = [
    path("so-lieu/", figures_home, name="figures_home"),
    path("<int:pk>/so-lieu/", figures_page, name="figures"),
    path("<int:pk>/so-lieu/xlsx/", figures_xlsx, name="figures_xlsx"),
]
