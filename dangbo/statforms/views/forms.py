"""The statistics forms (issue 10) on screen: for ``?org=`` (404 outside the scope; chosen with the org picker) or
the top of the user's scope, a form of the guidance in force for a period, laid out like the paper form, with the
broken checks; every figure of "Kỳ này" opens the members behind it (the drill-down), 50 a page. ``?tai=`` downloads
the form (``xlsx``, ``pdf``) or the whole set of the period (``bo-xlsx``, ``bo-pdf``: every form, and the checks
between them); ``?kiem=bo`` shows the set's checks between forms on the page (computed only when asked: the set
reads every form)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import format_date
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.numbers import format_int
from dangbo.core.routers import replica_as_of, replica_reads
from dangbo.core.views import get_or_404, run_service
from dangbo.core.xlsx import CONTENT_TYPE as XLSX
from dangbo.jobs import services as job_services
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.models import Org
from dangbo.orgs.names import committee_of
from dangbo.statforms import files, selectors, sets, tables, xlsx
from dangbo.statforms.forms import PeriodForm

T = "statforms/"
PDF = "application/pdf"
PAGE = 50


def _org(request) -> Org | None:
    """``?org=`` (the last one: the picker's choice comes after the current org) or the top of the scope."""
    pk = request.GET.getlist("org")
    if pk and pk[-1]:
        return get_or_404(org_selectors.org_get, user=request.user, pk=pk[-1])
    return org_selectors.org_roots(user=request.user).select_related("type__level").first()


def _query(org: Org, form: PeriodForm, **more) -> str:
    """The page's choice as a query string (org, form, period) for the links of the table and the drill-down."""
    data = form.cleaned_data if form.is_bound else {"bieu": form.default["bieu"], "ky": "half",
                                                       "nam": form.default["period"].start.year}
    params = {"org": org.pk, "bieu": data["bieu"], "ky": data["ky"]}
    if data["ky"] == "range":
        params |= {"tu": format_date(data["tu"]), "den": format_date(data["den"])}
    else:
        params["nam"] = data["nam"]
    return urlencode({**params, **more})


def _refused(request, form: PeriodForm, exc: DomainError) -> None:
    """The refusal on the form's field it names (or over the form); a message when nothing was typed."""
    if form.is_bound:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    else:
        messages.error(request, exc.message)


def _base(request, org: Org, form: PeriodForm) -> dict:
    return {"org": org, "ancestors": org_selectors.org_ancestors(user=request.user, org=org), "form": form,
            "country": scope_for(request.user).is_admin}


def _table(request, org: Org, form: PeriodForm) -> tables.Table | None:
    """The chosen form's table, or None (nothing chosen yet, or refused: the refusal is on the form)."""
    chosen = form.chosen()
    if chosen is None:
        return None
    code, period = chosen
    try:
        return tables.form_table(user=request.user, org=org, code=code, period=period)
    except OutOfScope as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        _refused(request, form, exc)
        return None


def _set(request, org: Org, form: PeriodForm) -> sets.FormSet | None:
    """The whole set of the chosen period, or None (refused: the refusal is on the form)."""
    chosen = form.chosen()
    if chosen is None:
        return None
    try:
        return sets.form_set(user=request.user, org=org, period=chosen[1])
    except OutOfScope as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        _refused(request, form, exc)
        return None


def _file(org: Org, found: list[tables.Table], *, kind: str, whole: bool, across: list[str] = ()) -> HttpResponse:
    """The form (or the set) as XLSX or PDF, named after the form, the org and the period's end."""
    made = files.tables_file(org, found, kind=kind, whole=whole, across=across)
    return _download(made.content, made.name, content_type=made.content_type)


def _download(content: bytes, name: str, *, content_type: str = XLSX) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@replica_reads
def table(request):
    org = _org(request)
    if org is None:
        return render(request, T + "no_scope.html")
    form = PeriodForm(request.GET)
    context = _base(request, org, form)
    wanted = request.GET.get("tai")
    if wanted in ("bo-xlsx", "bo-pdf"):
        whole = _set(request, org, form)
        if whole is not None and whole.tables:
            return _file(org, whole.tables, kind=wanted[3:], whole=True, across=whole.across)
    found = _table(request, org, form)
    if found is not None:
        if wanted in ("xlsx", "pdf"):
            return _file(org, [found], kind=wanted, whole=False)
        lines = [{"line": line, "bold": line.row.indent == 0} for line in found.lines]
        context |= {"table": found, "lines": lines, "query": _query(org, form),
                    "committee": committee_of(org.name).name.upper(), "as_of": replica_as_of()}
        if request.GET.get("kiem") == "bo":
            whole = _set(request, org, form)
            context["across"] = whole.across if whole is not None else None
    return render(request, T + "table.html", context)


@login_required
@replica_reads
def members(request):
    """The members (or orgs) behind one figure of the period: ``?dong=`` with the page's org, form and period."""
    org = _org(request)
    if org is None:
        return render(request, T + "no_scope.html")
    form = PeriodForm(request.GET)
    chosen = form.chosen()
    context = _base(request, org, form)
    key = request.GET.get("dong", "")
    if chosen is not None:
        code, period = chosen
        try:
            found = selectors.behind(user=request.user, org=org, code=code, period=period, key=key)
        except OutOfScope as exc:
            raise Http404(exc.message) from exc
        except DomainError as exc:
            _refused(request, form, exc)
        else:
            if request.GET.get("tai") == "xlsx":
                title = f"{found.number} — {found.label} — {org.name}, {period.label}"
                name = f"bieu-{code}-dong-{key.replace(':', '-')}-{period.end:%d-%m-%Y}.xlsx"
                if found.kind == "orgs":
                    rows = [{"name": o.name, "type": o.type.name, "kind": o.kind.name if o.kind else ""}
                            for o in found.items]
                    return _download(xlsx.orgs_xlsx(rows, title), name)
                rows = [{"name": m.full_name, "born": m.date_of_birth, "cell": m.org.name if m.org else "",
                         "status": m.get_status_display()} for m in found.items]
                return _download(xlsx.members_xlsx(rows, title), name)
            page = Paginator(found.items, PAGE).get_page(request.GET.get("page"))
            context |= {"page": page, "found": found, "key": key, "period": period, "query": _query(org, form),
                        "count": format_int(page.paginator.count), "first": page.start_index()}
    return render(request, T + "members.html", context)


def _job_params(request) -> dict | None:
    """The chosen period and file kind as a job's params, or None (a message says what to choose)."""
    chosen = PeriodForm(request.GET).chosen()
    if chosen is None:
        messages.error(request, "Chọn kỳ báo cáo hợp lệ trước khi tạo cả bộ biểu.")
        return None
    period = chosen[1]
    return {"start": period.start.isoformat(), "end": period.end.isoformat(), "period_kind": period.kind,
            "label": period.label, "file": "pdf" if request.GET.get("tai") == "bo-pdf" else "xlsx"}


def _start(request, *, kind: str, title, org: Org | None = None, params: dict | None = None):
    """Start a set's job by POST with the chosen period (a GET, or no valid period, goes back to the form's page)
    and go to the job's page. ``title(chosen)``: the job's title from the chosen period and file kind."""
    back = f"{reverse('statforms:table')}?{request.GET.urlencode()}"
    chosen = _job_params(request) if request.method == "POST" else None
    if chosen is None:
        return redirect(back)
    job = run_service(request, None, lambda: job_services.job_start(
        actor=request.user, kind=kind, title=title(chosen), org=org, params={**(params or {}), **chosen}))
    return redirect("jobs:detail", pk=job.pk) if job is not None else redirect(back)


@login_required
def set_job(request, pk):
    """The whole set as a background job (a province's set takes seconds to minutes): the job's page.
    Started by POST; a GET goes back to the form's page."""
    org = get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    return _start(request, kind=files.SET_JOB, org=org, params={"org": org.pk}, title=lambda chosen: (
        f"Cả bộ biểu thống kê ({chosen['file'].upper()}) — {org.name}, {chosen['label']}"))


@login_required
def country_job(request):
    """The country's set (every province's, added up) as a background job; only an administrator of the whole
    system may ask (anyone else: 404, as for an org outside their scope). Started by POST."""
    if not scope_for(request.user).is_admin:
        raise Http404("Cả bộ biểu toàn quốc chỉ dành cho quản trị hệ thống.")
    return _start(request, kind=files.COUNTRY_JOB, title=lambda chosen: (
        f"Cả bộ biểu thống kê toàn quốc ({chosen['file'].upper()}), {chosen['label']}"))
