"""Org pages: tree browser, org page, restructuring forms, the tree as of a date. Thin: selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from dangbo.accounts.scope import scope_for
from dangbo.accounts.selectors import audit_list
from dangbo.core.dates import today
from dangbo.core.rules import RuleViolation
from dangbo.core.views import get_or_404, run_service
from dangbo.core.xlsx import CONTENT_TYPE as XLSX
from dangbo.jobs import exports as background
from dangbo.members import selectors as member_selectors
from dangbo.members.paging import member_page
from dangbo.orgs import exports, forms, rules, selectors, services

# Bounds that keep a page under 200 KB of HTML whatever the org (issue 12).
CHILDREN_SHOWN = 100
TREE_ON_ROWS = 500


@login_required
def tree_view(request):
    roots = list(selectors.org_roots(user=request.user))
    q = request.GET.get("q", "").strip()
    found = list(selectors.org_list(user=request.user, q=q)[:100]) if q else []
    if not roots and not q and scope_for(request.user).own_member_ids:
        return redirect("members:detail", pk=scope_for(request.user).own_member_ids[0])
    return render(request, "orgs/tree.html", {"roots": roots, "q": q, "found": found})


@login_required
def org_export(request):
    """Every org the user can see (optionally within one org, matching a search), as XLSX; a long list as a
    background job, started by POST."""
    within, qs = get_or_404(exports.export_list, user=request.user, params=request.GET)
    count = qs.count()
    if background.too_long(count):
        return background.background_export(
            request, kind=exports.EXPORT_JOB, count=count, noun="tổ chức", title="Xuất danh sách tổ chức (Excel)",
            back=reverse("orgs:detail", args=[within.pk]) if within else reverse("orgs:tree"), org=within)
    response = HttpResponse(exports.export_file(user=request.user, orgs=list(qs)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{exports.FILENAME}"'
    return response


@login_required
def children_partial(request, pk):
    """htmx: the children of one node, for expanding the tree in place."""
    org = get_or_404(selectors.org_get, user=request.user, pk=pk)
    children = list(selectors.org_children(user=request.user, org=org)[:CHILDREN_SHOWN + 1])
    return render(request, "orgs/_partials/children.html", {
        "org": org, "children": children[:CHILDREN_SHOWN], "more_children": len(children) > CHILDREN_SHOWN})


@login_required
def org_detail(request, pk):
    org = get_or_404(selectors.org_get, user=request.user, pk=pk)
    user = request.user
    all_children = selectors.org_children(user=user, org=org, include_ended="ended" in request.GET)
    # A commune of a big city can hold hundreds of cells: they come CHILDREN_SHOWN at a time, after ``con_sau``.
    after = request.GET.get("con_sau", "")
    shown = all_children.filter(path__gt=after) if after else all_children
    children = list(shown[:CHILDREN_SHOWN + 1])
    more_children = len(children) > CHILDREN_SHOWN
    children = children[:CHILDREN_SHOWN]
    query = request.GET.copy()
    query.pop("con_sau", None)
    if more_children:
        query["con_sau"] = children[-1].path
    counts, status = member_selectors.org_counts(parent=org, children=children)
    members = member_selectors.member_list(user=user, org=org, q=request.GET.get("q", ""))
    context = {
        "org": org,
        "ancestors": selectors.org_ancestors(user=user, org=org),
        "children": children,
        "children_count": all_children.count(),
        "children_next": query.urlencode() if more_children else None,
        "children_after": after,
        "counts": counts,
        "status": status,
        "page": member_page(request, members),
        "terms": selectors.terms_of(user=user, org=org)[:3],
        "villages": selectors.villages_of(user=user, org=org)[:200],
        "events": selectors.org_events(user=user, org=org),
        "placements": org.placements.select_related("parent").order_by("valid_from"),
        "can_write": scope_for(user).covers_path(org.path, write=True),
        "can_restructure": selectors.may_restructure(user=user, org=org),
        "history": audit_list(user=user, model="orgs.Org", object_id=str(org.pk))[:20],
    }
    return render(request, "orgs/detail.html", context)


@login_required
def tree_on_view(request, pk):
    org = get_or_404(selectors.org_get, user=request.user, pk=pk)
    form = forms.TreeOnForm(request.GET or None, initial={"on": today()})
    rows, members = [], None
    if form.is_valid():
        on = form.cleaned_data["on"]
        rows = list(selectors.tree_on(user=request.user, org=org, on=on)[:TREE_ON_ROWS + 1])
        members = member_selectors.members_on(user=request.user, org=org, on=on)
        page = member_page(request, members)
    else:
        page = None
    cut = len(rows) > TREE_ON_ROWS
    rows = rows[:TREE_ON_ROWS]
    base_depth = len(rows[0].path) // 4 if rows else 0
    for row in rows:
        row.indent = (len(row.path) // 4 - base_depth)
    return render(request, "orgs/tree_on.html", {"org": org, "form": form, "rows": rows, "page": page, "cut": cut,
                                                  "rows_shown": TREE_ON_ROWS})


def _write_org(request, pk):
    return get_or_404(selectors.org_get, user=request.user, pk=pk, write=True)


def org_to_restructure(request, pk, action):
    """The org, if the user acts for its superior committee; otherwise 403 naming who decides (O3)."""
    org = _write_org(request, pk)
    if not selectors.may_restructure(user=request.user, org=org):
        try:
            rules.check_decision_power(action=action, org_name=org.name, may_decide=False, is_root=org.depth == 1)
        except RuleViolation as exc:
            raise PermissionDenied(f"{exc.message} ({exc.citation})") from exc
    return org


@login_required
def org_create(request, pk):
    parent = _write_org(request, pk)
    form = forms.OrgCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        org = run_service(request, form, lambda: services.org_create(
            actor=request.user, parent=parent, name=d["name"], type=d["type"], kind=d["kind"],
            founded_on=d["founded_on"], code=d["code"] or None, decision_ref=d["decision_ref"]))
        if org:
            messages.success(request, f"Đã thành lập {org.name}.")
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"org": parent, "form": form, "title": f"Thành lập tổ chức trực thuộc {parent.name}"})


@login_required
def org_rename(request, pk):
    org = org_to_restructure(request, pk, "rename")
    form = forms.OrgRenameForm(request.POST or None, initial={"name": org.name, "on": today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if run_service(request, form, lambda: services.org_rename(
                actor=request.user, org=org, name=d["name"], on=d["on"], decision_ref=d["decision_ref"])):
            messages.success(request, "Đã đổi tên tổ chức.")
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"org": org, "form": form, "title": f"Đổi tên {org.name}"})


@login_required
def org_transfer(request, pk):
    org = org_to_restructure(request, pk, "transfer")
    parents = selectors.org_list(user=request.user).exclude(path__startswith=org.path).filter(
        type__is_cell=False, type__is_party_group=False)
    form = forms.OrgTransferForm(request.POST or None, parents=parents, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if run_service(request, form, lambda: services.org_transfer(
                actor=request.user, org=org, new_parent=d["new_parent"], on=d["on"], decision_ref=d["decision_ref"])):
            messages.success(request, f"Đã chuyển {org.name} về {d['new_parent'].name}.")
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"org": org, "form": form, "title": f"Chuyển giao {org.name}"})
