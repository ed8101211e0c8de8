"""Pages of the inspection app: programmes and year plans (K3) — the list of those the user may read (paginated),
a programme with its items and its progress (items carried out by a case), creating and editing a programme and
an item. Programmes are not confidential: read through ``inspection.selectors`` (read scope or an inspection
grant); written by whoever may write the org or holds an inspection grant over it (403 when only readable)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path

from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import OutOfScope
from dangbo.core.views import get_or_404, run_service
from dangbo.inspection import selectors, services
from dangbo.inspection.choices import ProgrammeKind
from dangbo.inspection.forms.cases import PlanItemForm, ProgrammeFilterForm, ProgrammeForm
from dangbo.members.selectors import member_get
from dangbo.orgs import selectors as org_selectors

T = "inspection/"
READ_ONLY = "Tài khoản của bạn chỉ được xem chương trình, kế hoạch kiểm tra, giám sát của tổ chức này."


def may_write_plans(user, org_path: str) -> bool:
    scope = scope_for(user)
    return scope.covers_path(org_path, write=True) or scope.covers_inspection(org_path)


def may_open_case(user, org) -> bool:
    """The handling body's inspection grant, or a cell's own write grant (it then acts as the cell): who opens a
    case, receives a letter for ``org``."""
    scope = scope_for(user)
    return scope.covers_inspection(org.path) or (org.type.is_cell and scope.covers_path(org.path, write=True))


@login_required
def programmes(request):
    form = ProgrammeFilterForm(request.GET)
    kind, year = (form.cleaned_data["kind"], form.cleaned_data["year"]) if form.is_valid() else ("", None)
    found = selectors.programme_list(user=request.user, year=year, kind=kind)
    roots = [o for o in org_selectors.org_roots(user=request.user) if may_write_plans(request.user, o.path)]
    return render(request, T + "programme_list.html", {
        "form": form, "page": Paginator(found, 50).get_page(request.GET.get("page")), "roots": roots})


def picked(request, form):
    """The org or member chosen in the pickers, read through their scoped selectors; one out of the user's scope
    is an error on its own field (the caller saves nothing while the form has errors)."""
    found = {}
    for field, read in (("recipient_org", org_selectors.org_get), ("member", member_get)):
        found[field] = None
        if form.cleaned_data.get(field):
            try:
                found[field] = read(user=request.user, pk=form.cleaned_data[field])
            except OutOfScope:
                form.add_error(field, "Không tìm thấy trong phạm vi của bạn.")
    return found["recipient_org"], found["member"]


def _programme_data(form) -> dict:
    data = dict(form.cleaned_data)
    if data["kind"] == ProgrammeKind.YEAR:
        data["first_year"] = data["last_year"] = None
    else:
        data["year"] = None
    return data


@login_required
def programme_create(request, pk):
    org = get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    if not may_write_plans(request.user, org.path):
        raise PermissionDenied(READ_ONLY)
    form = ProgrammeForm(request.POST or None, initial={"kind": ProgrammeKind.YEAR})
    if request.method == "POST" and form.is_valid():
        row = run_service(request, form, lambda: services.programme_save(actor=request.user, org=org,
                                                                         data=_programme_data(form)))
        if row is not None:
            messages.success(request, f"Đã lưu {row.title}.")
            return redirect("inspection:programme_detail", pk=row.pk)
    return render(request, T + "programme_form.html", {"org": org, "form": form, "programme": None})


@login_required
def programme_detail(request, pk):
    programme = get_or_404(selectors.programme_get, user=request.user, pk=pk)
    items = list(selectors.plan_items(programme))
    done = sum(1 for i in items if i.cases_count)
    return render(request, T + "programme_detail.html", {
        "programme": programme, "items": items, "done": done, "percent": round(100 * done / len(items)) if items else 0,
        "may_write": may_write_plans(request.user, programme.org.path),
        "may_open": may_open_case(request.user, programme.org)})


@login_required
def programme_update(request, pk):
    programme = get_or_404(selectors.programme_get, user=request.user, pk=pk)
    if not may_write_plans(request.user, programme.org.path):
        raise PermissionDenied(READ_ONLY)
    initial = {k: getattr(programme, k) for k in ("kind", "body", "title", "year", "first_year", "last_year",
                                                  "adopted_on", "document_number")}
    form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        row = run_service(request, form, lambda: services.programme_save(
            actor=request.user, org=programme.org, data=_programme_data(form), programme=programme))
        if row is not None:
            messages.success(request, f"Đã sửa {row.title}.")
            return redirect("inspection:programme_detail", pk=row.pk)
    return render(request, T + "programme_form.html", {"org": programme.org, "form": form, "programme": programme})


def _item_page(request, programme, item):
    if not may_write_plans(request.user, programme.org.path):
        raise PermissionDenied(READ_ONLY)
    initial = {k: getattr(item, k) for k in ("kind", "topic", "month", "quarter")} if item else {}
    form = PlanItemForm(request.POST or None, initial=initial)
    picked_org, picked_member = (item.org, item.member) if item else (None, None)
    if request.method == "POST" and form.is_valid():
        picked_org, picked_member = picked(request, form)
        data = {k: form.cleaned_data[k] for k in ("kind", "topic", "month", "quarter")}
        data.update(org=picked_org, member=picked_member)
        row = None if form.errors else run_service(request, form, lambda: services.plan_item_save(actor=request.user, programme=programme,
                                                                         data=data, item=item))
        if row is not None:
            messages.success(request, "Đã lưu nội dung kế hoạch.")
            return redirect("inspection:programme_detail", pk=programme.pk)
    return render(request, T + "plan_item_form.html", {"programme": programme, "form": form, "item": item,
                                                       "picked_org": picked_org, "picked_member": picked_member})


@login_required
def plan_item_create(request, pk):
    return _item_page(request, get_or_404(selectors.programme_get, user=request.user, pk=pk), None)


@login_required
def plan_item_update(request, pk):
    item = get_or_404(selectors.plan_item_get, user=request.user, pk=pk)
    return _item_page(request, item.programme, item)


urlpatterns = [
    path("chuong-trinh/", programmes, name="programmes"),
    path("to-chuc/<int:pk>/chuong-trinh/them/", programme_create, name="programme_create"),
    path("chuong-trinh/<int:pk>/", programme_detail, name="programme_detail"),
    path("chuong-trinh/<int:pk>/sua/", programme_update, name="programme_update"),
    path("chuong-trinh/<int:pk>/noi-dung/them/", plan_item_create, name="plan_item_create"),
    path("noi-dung/<int:pk>/sua/", plan_item_update, name="plan_item_update"),
]
