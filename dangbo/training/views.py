"""The training pages: an org's classes (by kind and year) with the T4 counts, who still needs training (page
and XLSX), opening a class, a class with its learners, adding a learner found by name (never a list of everyone),
recording results. Objects come through the scoped selectors (404 outside the scope); writing needs the class's
org writable (403 otherwise)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from dangbo.accounts.scope import scope_for
from dangbo.admissions.selectors import candidate_get
from dangbo.core.dates import today
from dangbo.core.exceptions import OutOfScope
from dangbo.core.views import get_or_404, run_service
from dangbo.core.xlsx import CONTENT_TYPE as XLSX
from dangbo.members.selectors import member_get
from dangbo.orgs import selectors as org_selectors
from dangbo.training import exports, rules, selectors, services
from dangbo.training import needs as selectors_needs
from dangbo.training.forms import ClassForm, EnrolForm, FilterForm, NeedsForm, ResultForm

T = "training/"


def _org(request, pk):
    return get_or_404(org_selectors.org_get, user=request.user, pk=pk)


def _may_write(user, path: str) -> bool:
    return scope_for(user).covers_path(path, write=True)


@login_required
def index(request):
    org = org_selectors.org_roots(user=request.user).first()
    if org is None:
        return render(request, T + "no_scope.html")
    return redirect("training:classes", pk=org.pk)


@login_required
def classes(request, pk):
    org = _org(request, pk)
    form = FilterForm(request.GET)
    kind, year = (form.cleaned_data["kind"], form.cleaned_data["year"]) if form.is_valid() else ("", None)
    found = selectors.classes_of(user=request.user, org=org, kind=kind, year=year)
    y = year or today().year
    start, end = dt.date(y, 1, 1), dt.date(y, 12, 31)
    counts = selectors.counts(user=request.user, org=org, start=start, end=end)
    sent = selectors.theory_sent(user=request.user, org=org, start=start, end=end)
    return render(request, T + "list.html", {
        "sent": [(rules.LEVEL_WORDS[k], n) for k, n in sent.items()], "sent_sentence": rules.theory_sentence(sent),
        "org": org, "form": form, "page": Paginator(found, 50).get_page(request.GET.get("page")), "year": y,
        "counts": counts, "sentence": rules.report_sentence(counts), "may_write": _may_write(request.user, org.path)})


@login_required
def class_create(request, pk):
    org = _org(request, pk)
    if not _may_write(request.user, org.path):
        raise PermissionDenied("Tài khoản của bạn chỉ được xem các lớp của tổ chức này.")
    form = ClassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["organiser"] = None if data["institution"].strip() else org
        row = run_service(request, form, lambda: services.class_create(actor=request.user, org=org, data=data))
        if row is not None:
            messages.success(request, f"Đã mở lớp {row.name}.")
            return redirect("training:detail", pk=row.pk)
    return render(request, T + "create.html", {"org": org, "form": form})


@login_required
def class_update(request, pk):
    klass = get_or_404(selectors.class_get, user=request.user, pk=pk)
    if not _may_write(request.user, klass.org.path):
        raise PermissionDenied("Tài khoản của bạn chỉ được xem lớp này.")
    initial = {k: getattr(klass, k) for k in ("kind", "name", "institution", "starts_on", "ends_on", "place")}
    form = ClassForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # A blank institution means an org organises: the one already named, else the org that opened the class.
        data["organiser"] = None if data["institution"].strip() else (klass.organiser or klass.org)
        row = run_service(request, form, lambda: services.class_update(actor=request.user, training_class=klass,
                                                                       data=data))
        if row is not None:
            messages.success(request, f"Đã sửa lớp {row.name}.")
            return redirect("training:detail", pk=row.pk)
    return render(request, T + "edit.html", {"klass": klass, "form": form})


def _picked(request, form):
    try:
        if form.cleaned_data.get("member"):
            return member_get(user=request.user, pk=form.cleaned_data["member"]), None
        if form.cleaned_data.get("candidate"):
            return None, candidate_get(user=request.user, pk=form.cleaned_data["candidate"])
    except OutOfScope:
        pass
    return None, None


@login_required
def detail(request, pk):
    klass = get_or_404(selectors.class_get, user=request.user, pk=pk)
    may_write = _may_write(request.user, klass.org.path)
    form = EnrolForm(request.POST or None)
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied("Tài khoản của bạn chỉ được xem lớp này.")
        member, candidate = _picked(request, form) if form.is_valid() else (None, None)
        if member is None and candidate is None:
            form.add_error(None, "Phải chọn một học viên (gõ tên để tìm).")
        elif run_service(request, form, lambda: services.enrol(actor=request.user, training_class=klass,
                                                               member=member, candidate=candidate)):
            messages.success(request, "Đã ghi học viên vào lớp.")
            return redirect("training:detail", pk=klass.pk)
    return render(request, T + "detail.html", {"klass": klass, "form": form, "may_write": may_write,
                                               "enrolments": selectors.enrolments_of(klass),
                                               "result_form": ResultForm()})


@login_required
def learner_picker(request, pk):
    klass = get_or_404(selectors.class_get, user=request.user, pk=pk)
    q = request.GET.get("q", "")
    root = org_selectors.org_roots(user=request.user).first() or klass.org
    members, candidates = selectors.learner_choices(user=request.user, org=root, q=q)
    return render(request, T + "_choices.html", {"members": members, "candidates": candidates, "q": q})


@login_required
def result(request, pk, enrolment_pk):
    klass = get_or_404(selectors.class_get, user=request.user, pk=pk)
    row = get_or_404(selectors.enrolment_get, user=request.user, training_class=klass, pk=enrolment_pk)
    if not _may_write(request.user, klass.org.path):
        raise PermissionDenied("Tài khoản của bạn chỉ được xem lớp này.")
    if request.method != "POST":
        return redirect("training:detail", pk=klass.pk)
    form = ResultForm(request.POST)
    if form.is_valid() and run_service(request, form, lambda: services.result_record(
            actor=request.user, enrolment=row, **form.cleaned_data)):
        messages.success(request, f"Đã ghi kết quả của {row.person_name}.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{row.person_name}: {error}")
    return redirect("training:detail", pk=klass.pk)


def _needs(request, pk):
    org = _org(request, pk)
    form = NeedsForm(request.GET)
    on = (form.cleaned_data["on"] if form.is_valid() else None) or today()
    return form, get_or_404(selectors_needs.needs, user=request.user, org=org, on=on)


@login_required
def needs(request, pk):
    form, found = _needs(request, pk)
    return render(request, T + "needs.html", {
        "org": found.org, "form": form, "found": found, "limit": selectors_needs.LIST_ROWS,
        "seats": found.seats[:selectors_needs.LIST_ROWS],
        "probationers": found.probationers[:selectors_needs.LIST_ROWS]})


@login_required
def needs_xlsx(request, pk):
    _, found = _needs(request, pk)
    response = HttpResponse(exports.needs_xlsx(found), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{exports.FILENAME}"'
    return response
