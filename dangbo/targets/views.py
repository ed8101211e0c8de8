"""Documents, targets, tasks, manual values, the live dashboard and the drill-down behind its numbers.
Thin: parse a form, call ``targets.selectors`` / ``targets.services``, render; the dashboard shows exactly
``selectors.dashboard`` — the dataset the API and the reports use."""

from dataclasses import dataclass
from fractions import Fraction

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import format_date, parse_date, today
from dangbo.core.exceptions import DomainError
from dangbo.core.numbers import format_int, format_percent
from dangbo.core.periods import Period, parse_period, year
from dangbo.core.views import get_or_404, run_service
from dangbo.members.models import Member
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.models import Org, OrgStatus, Village
from dangbo.targets import catalog, charts, forms, registry, rules, selectors, services
from dangbo.targets.choices import Comparator, Frequency, TargetStatus, TaskStatus

# The short words of the report (002: "vượt / đạt / chưa đạt chỉ tiêu đề ra") and the badge colour of each.
STATUS_SHORT = {
    TargetStatus.EXCEEDED: ("vượt", "good"), TargetStatus.MET: ("đạt", "good"),
    TargetStatus.NOT_MET: ("chưa đạt", "bad"), TargetStatus.AT_RISK: ("nguy cơ không đạt", "bad"),
    TargetStatus.ON_TRACK: ("đúng tiến độ", "ok"), TargetStatus.NO_DATA: ("chưa có dữ liệu", "none"),
}
# A year (or term) still running is not judged yet: "đang thực hiện", with where its forecast points.
RUNNING_SHORT = {
    **STATUS_SHORT, TargetStatus.ON_TRACK: ("đang thực hiện, đúng tiến độ", "ok"),
    TargetStatus.AT_RISK: ("đang thực hiện, nguy cơ không đạt", "bad"),
}
REPORTS = [("so_ket", "docx", "Báo cáo sơ kết (DOCX)"), ("so_ket", "xlsx", "Phụ lục báo cáo sơ kết (XLSX)"),
           ("so_ket", "pdf", "Báo cáo sơ kết (PDF)"), ("tong_ket", "docx", "Báo cáo tổng kết (DOCX)"),
           ("tong_ket", "xlsx", "Phụ lục báo cáo tổng kết (XLSX)"), ("tong_ket", "pdf", "Báo cáo tổng kết (PDF)")]
DRILL_LIMIT = 500


def _run(request, form, call, **aliases):
    """``run_service`` with service field names mapped onto this form's fields (e.g. period_end → period)."""
    def renamed():
        try:
            return call()
        except DomainError as exc:
            exc.field = aliases.get(exc.field, exc.field)
            raise
    return run_service(request, form, renamed)


def _org_choices(user, *, within: Org | None = None, write: bool = False):
    """Active committees (not cells, unless a cell is the top of the user's scope) in the user's scope."""
    scope = scope_for(user)
    qs = org_selectors.org_queryset(user=user, write=write).filter(status=OrgStatus.ACTIVE)
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    tops = scope.write_paths if write else scope.read_paths
    return qs.filter(Q(type__is_cell=False) | Q(path__in=tops)).order_by("path")


def _writable_document(request, pk):
    document = get_or_404(selectors.document_get, user=request.user, pk=pk)
    if not scope_for(request.user).covers_path(document.scope_org.path, write=True):
        raise Http404("Không có quyền thay đổi văn bản này.")
    return document


# --- documents -------------------------------------------------------------------------------------------


@login_required
def document_list(request):
    form = forms.DocumentFilterForm(request.GET or None)
    q = request.GET.get("q", "").strip()
    page = Paginator(selectors.document_list(user=request.user, q=q), 50).get_page(request.GET.get("page"))
    return render(request, "targets/list.html", {
        "form": form, "page": page, "q": q, "can_write": scope_for(request.user).can_write_anything})


@login_required
def document_create(request):
    if not scope_for(request.user).can_write_anything:
        raise Http404("Không có quyền thêm văn bản.")
    orgs = _org_choices(request.user, write=True)
    form = forms.DocumentForm(request.POST or None, orgs=orgs, documents=selectors.document_list(user=request.user),
                              initial={"issued_on": today(), "implements": request.GET.get("implements"),
                                       "signer_title": "BÍ THƯ"})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        start, end = d["period"]
        document = _run(request, form, lambda: services.document_create(
            actor=request.user, reference=d["reference"], kind=d["kind"], issuing_body=d["issuing_body"],
            issuing_org=d["issuing_org"], issued_on=d["issued_on"], title=d["title"], period_start=start,
            period_end=end, scope_org=d["scope_org"], implements=d["implements"], place=d["place"],
            signer_name=d["signer_name"], signer_title=d["signer_title"] or "BÍ THƯ"),
            period_start="period", period_end="period")
        if document:
            messages.success(request, f"Đã thêm {document}.")
            return redirect("targets:document", pk=document.pk)
    return render(request, "targets/form.html", {"form": form, "title": "Thêm văn bản (nghị quyết, chương trình, "
                                                 "kế hoạch…)", "back": reverse("targets:documents")})


@login_required
def document_detail(request, pk):
    document = get_or_404(selectors.document_get, user=request.user, pk=pk)
    user = request.user
    up, down = selectors.document_chain(user=user, document=document)
    visible = set(selectors.document_list(user=user).filter(pk__in=[d.pk for d in up]).values_list("pk", flat=True))
    day = today()
    targets = [(t, catalog.name_of(t.indicator), forms.indicator_kind(t.indicator), selectors.describe_spec(t))
               for t in document.targets.select_related("scope_org").order_by("order", "id")]
    tasks = [(t, rules.task_overdue(deadline_end=t.deadline_end, done=t.status == TaskStatus.DONE, as_of=day))
             for t in selectors.tasks_of(user=user, document=document)]
    return render(request, "targets/detail.html", {
        "document": document, "up": [(d, d.pk in visible) for d in reversed(up)], "down": down,
        "targets": targets, "tasks": tasks, "manual": forms.MANUAL,
        "can_write": scope_for(user).covers_path(document.scope_org.path, write=True)})


# --- targets and manual values ---------------------------------------------------------------------------


@login_required
def target_add(request, pk):
    document = _writable_document(request, pk)
    orgs = _org_choices(request.user, within=document.scope_org, write=True)
    form = forms.TargetForm(request.POST or None, orgs=orgs, initial={
        "scope_org": document.scope_org.pk, "comparator": Comparator.GTE, "frequency": Frequency.YEARLY,
        "order": document.targets.count() + 1})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        target = _run(request, form, lambda: services.target_add(
            actor=request.user, document=document, text=d["text"], indicator=d["indicator"],
            comparator=d["comparator"], low=d["low"], high=d["high"], frequency=d["frequency"],
            deadline_year=d["deadline_year"], scope_org=d["scope_org"], order=d["order"] or 0, note=d["note"]))
        if target:
            messages.success(request, "Đã thêm chỉ tiêu.")
            return redirect("targets:document", pk=document.pk)
    return render(request, "targets/form.html", {
        "form": form, "document": document, "title": f"Thêm chỉ tiêu — {document.reference}",
        "back": reverse("targets:document", args=[document.pk])})


@login_required
def manual_values(request, pk, target_pk):
    target = get_or_404(selectors.target_get, user=request.user, pk=target_pk)
    if target.document_id != pk:
        raise Http404()
    document = target.document
    values = get_or_404(selectors.manual_values, user=request.user, indicator=target.indicator, org=target.scope_org)
    indicator = registry.get(target.indicator)
    orgs = _org_choices(request.user, within=target.scope_org, write=True)
    years = range(document.period_start, document.period_end + 1)
    form = forms.ManualValueForm(request.POST or None, orgs=orgs, years=years,
                                 initial={"org": target.scope_org.pk, "year": min(today().year, document.period_end)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved = _run(request, form, lambda: services.manual_value_set(
            actor=request.user, indicator=target.indicator, org=d["org"], year=d["year"], numerator=d["numerator"],
            denominator=d["denominator"], note=d["note"]))
        if saved:
            messages.success(request, f"Đã ghi số liệu năm {saved.year} của {saved.org.name}.")
            return redirect("targets:manual_values", pk=pk, target_pk=target.pk)
    return render(request, "targets/manual.html", {
        "document": document, "target": target, "name": catalog.name_of(target.indicator), "form": form,
        "is_manual": bool(indicator and indicator.manual), "values": values, "can_write": orgs.exists()})


# --- tasks -----------------------------------------------------------------------------------------------


@login_required
def task_add(request, pk):
    document = _writable_document(request, pk)
    orgs = _org_choices(request.user, within=document.scope_org)
    form = forms.TaskForm(request.POST or None, orgs=orgs, initial={"order": document.tasks.count() + 1})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        task = _run(request, form, lambda: services.task_add(
            actor=request.user, document=document, responsible=d["responsible"], deliverable=d["deliverable"],
            deadline_text=d["deadline_text"], responsible_org=d["responsible_org"], order=d["order"] or 0))
        if task:
            messages.success(request, f"Đã thêm nhiệm vụ, thời hạn {task.deadline_text}.")
            return redirect("targets:document", pk=document.pk)
    return render(request, "targets/form.html", {
        "form": form, "document": document, "title": f"Thêm nhiệm vụ — {document.reference}",
        "back": reverse("targets:document", args=[document.pk])})


@login_required
def task_update(request, pk, task_pk):
    task = get_or_404(selectors.task_get, user=request.user, pk=task_pk)
    if task.document_id != pk:
        raise Http404()
    scope = scope_for(request.user)
    owners = [o for o in (task.responsible_org, task.document.scope_org) if o is not None]
    if not any(scope.covers_path(o.path, write=True) for o in owners):
        raise Http404("Không có quyền cập nhật nhiệm vụ này.")
    form = forms.TaskUpdateForm(request.POST or None, initial={
        "status": task.status, "done_on": task.done_on or (today() if task.status != TaskStatus.DONE else None),
        "evidence": task.evidence})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run(request, form, lambda: services.task_update(
                actor=request.user, task=task, status=d["status"], done_on=d["done_on"], evidence=d["evidence"])):
            messages.success(request, "Đã cập nhật nhiệm vụ.")
            return redirect("targets:document", pk=pk)
    return render(request, "targets/form.html", {
        "form": form, "document": task.document, "task": task, "title": f"Cập nhật nhiệm vụ: {task.deliverable[:80]}",
        "back": reverse("targets:document", args=[pk])})


@login_required
def overdue(request):
    day = today()
    page = Paginator(selectors.overdue_tasks(user=request.user, as_of=day), 100).get_page(request.GET.get("page"))
    rows = [(t, (day - t.deadline_end).days) for t in page]
    return render(request, "targets/overdue.html", {"page": page, "rows": rows, "as_of": day})


# --- dashboard and drill-down ----------------------------------------------------------------------------


# A card stays compact when most children miss a per-child rate (each child a single rated unit, say): the
# lowest are shown up front, the whole ranking stays behind "xem tất cả".
ATTENTION_SHOWN = 10


@dataclass
class Card:
    """One target's row of the dashboard with what the page adds: links, the chart and the badge."""

    row: selectors.TargetRow
    values: list  # (YearValue, drill-down url, badge, projection text)
    children: list  # (rank, Org, Measure | None, drill-down url, org url): the ranking, behind "xem tất cả"
    attention: list  # the lowest of the children below the threshold (rates, at most ATTENTION_SHOWN): up front
    attention_count: int  # how many children are below the threshold in all
    chart: str
    badge: tuple[str, str]
    rate: bool


def _projection(v: selectors.YearValue, rate: bool, target) -> str:
    """"dự báo cuối năm: 4,2%" for a year (or term) still running, at the horizon the status aims at; "" else."""
    p = v.projection
    if not v.running or p is None:
        return ""
    value = format_percent(p.numerator, p.denominator * 100) if rate else format_int(int(p + Fraction(1, 2)))
    horizon = {Frequency.TERM: "cả nhiệm kỳ",
               Frequency.BY_DEADLINE: f"năm {target.deadline_year or target.document.period_end}"}
    return f"dự báo {horizon.get(target.frequency, 'cuối năm')}: {value}"


def _period_of(target, value_year: int, document) -> Period:
    if target.frequency == Frequency.TERM:
        return parse_period(f"{document.period_start}-{document.period_end}")
    return year(value_year)


def _drill_urls(code: str, period: Period, as_of):
    """org id → the drill-down of that org's number: the same period, cut at the dashboard's day as the dashboard
    cuts it. Reversed once: a ranking of hundreds of children would otherwise spend more on reverse() than on
    counting."""
    query = {"ky": str(period.start.year) if period.kind == "year" else f"{period.start.year}-{period.end.year}"}
    if as_of < period.end:
        query["den"] = as_of.isoformat()
    base = reverse("targets:drilldown", kwargs={"code": code, "org": 0}).removesuffix("0/")
    tail = "/?" + urlencode(query)
    return lambda org_id: f"{base}{org_id}{tail}"


def _drill_url(code: str, org: Org, period: Period, as_of) -> str:
    return _drill_urls(code, period, as_of)(org.pk)


def _card(row: selectors.TargetRow, board: selectors.Dashboard) -> Card:
    t, doc = row.target, board.document
    ind = registry.get(t.indicator)
    rate = ind is None or ind.unit == "rate"
    day = board.as_of
    values = [(v, _drill_url(t.indicator, board.org, _period_of(t, v.year, doc), day) if v.measure else None,
               RUNNING_SHORT[v.status] if v.running else STATUS_SHORT[v.status], _projection(v, rate, t))
              for v in row.values]
    child_period = _period_of(t, row.headline.year, doc) if row.headline else None
    org_url = reverse("orgs:detail", args=[0]).removesuffix("0/")  # reversed once, not once per child
    drill = _drill_urls(t.indicator, child_period, day) if child_period else None
    children = [(rank, kid, m, drill(kid.pk) if m else None, f"{org_url}{kid.pk}/")
                for rank, (kid, m) in enumerate(row.children, start=1)]
    # a rate target holds for each child: those below it are what the page shows first
    attention = [c for c in children if rate and row.child_status(c[2]) == TargetStatus.NOT_MET]
    attention_count = len(attention)
    if attention_count > ATTENTION_SHOWN:
        attention = attention[attention_count - ATTENTION_SHOWN:]  # the ranking is best first: its tail is lowest
    chart = charts.trend_svg([(v.year, v.measure.value if v.measure else None) for v in row.values], low=t.low,
                             high=t.high if t.comparator == Comparator.BETWEEN else None, rate=rate,
                             title=f"{row.name}: giá trị theo năm và ngưỡng chỉ tiêu",
                             running=frozenset(v.year for v in row.values if v.running))
    return Card(row, values, children, attention, attention_count, chart, STATUS_SHORT[row.status], rate)


def _report_links(document, org: Org, as_of) -> list[tuple[str, str]]:
    """Links to the generated reports (the ``reports`` app); none while that app is not installed."""
    try:
        base = reverse("reports:document_report", kwargs={"pk": document.pk})
    except NoReverseMatch:
        return []
    query = {"org": org.pk, "as_of": as_of.isoformat()}
    return [(label, f"{base}?{urlencode({'kind': kind, 'format': fmt, **query})}") for kind, fmt, label in REPORTS]


@login_required
def dashboard(request, pk):
    user = request.user
    document = get_or_404(selectors.document_get, user=user, pk=pk)
    orgs = _org_choices(user, within=document.scope_org)
    if request.GET.get("org"):
        org = get_or_404(org_selectors.org_get, user=user, pk=request.GET["org"])
        if not org.path.startswith(document.scope_org.path):
            raise Http404("Tổ chức không thuộc phạm vi của văn bản.")
    else:
        org = orgs.first()
    # the form shows what is counted: the chosen org and the day, today unless another was asked for
    data = {"org": org.pk if org else "", "as_of": request.GET.get("as_of") or format_date(today())}
    form = forms.DashboardForm(data, orgs=orgs)
    if org is None:
        return render(request, "targets/dashboard.html", {"document": document, "form": form, "cards": []})
    as_of = (form.cleaned_data.get("as_of") if form.is_valid() else None) or today()
    board = get_or_404(selectors.dashboard, user=user, document=document, org=org, as_of=as_of)
    return render(request, "targets/dashboard.html", {
        "document": document, "form": form, "board": board, "org": org, "cards": [_card(r, board) for r in board.rows],
        "reports": _report_links(document, org, as_of), "years": [str(y) for y in board.years]})


def _describe(record) -> tuple[str, str | None, str]:
    """A record behind a number as (text, link, detail)."""
    if isinstance(record, Member):
        return record.full_name, reverse("members:detail", args=[record.pk]), record.org.name if record.org else ""
    if isinstance(record, Org):
        return record.name, reverse("orgs:detail", args=[record.pk]), record.type.name
    if isinstance(record, Village):
        cell = record.cell.name if record.cell else "chưa có chi bộ"
        head = record.head_member.full_name if record.head_member else (record.head_name or "")
        detail = f"{record.commune.name}; {cell}" + (f"; trưởng thôn: {head}" if head else "")
        return record.name, reverse("orgs:detail", args=[record.commune_id]), detail
    subject = getattr(record, "member", None) or getattr(record, "org", None)
    return str(record), None, str(subject or "")


@login_required
def drilldown(request, code, org):
    """The records behind one number: what the indicator's app lists for ``org`` and the period ``?ky=``, counted
    up to ``?den=`` (the dashboard's day) when that day falls inside it."""
    org = get_or_404(org_selectors.org_get, user=request.user, pk=org)
    if not catalog.known(code):
        raise Http404("Không có chỉ số này.")
    error, until = "", None
    try:
        period = parse_period(request.GET.get("ky") or str(today().year))
    except ValueError as exc:
        error, period = f"Kỳ: {exc}", year(today().year)
    try:
        until = parse_date(request.GET.get("den"))
    except ValueError as exc:
        error = f"Tính đến ngày: {exc}."
    if until is not None and until < period.end:
        period = selectors.clip(period, until)
    else:
        until = None
    ind = registry.get(code)
    measure = registry.measure(code, org=org, period=period) if ind else None
    sections = None
    if ind is not None and ind.drilldown is not None:
        sections = []
        for heading, records in ind.drilldown(user=request.user, org=org, period=period):
            sections.append((heading, records.count(), [_describe(r) for r in records[:DRILL_LIMIT]]))
    return render(request, "targets/drilldown.html", {
        "org": org, "code": code, "name": catalog.name_of(code), "period": period, "measure": measure,
        "indicator": ind, "sections": sections, "limit": DRILL_LIMIT, "error": error, "until": until})
