"""Pages for the restructurings that move members too: giải thể, sáp nhập / hợp nhất, chia tách. Thin: the
org and its superior's power come from ``orgs.views.org_to_restructure``, the write from ``structure.services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from dangbo.core.dates import today
from dangbo.core.views import run_service
from dangbo.members import selectors as member_selectors
from dangbo.orgs import forms
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.views import org_to_restructure
from dangbo.structure import services as structure_services


@login_required
def org_dissolve(request, pk):
    org = org_to_restructure(request, pk, "dissolve")
    form = forms.OrgDissolveForm(request.POST or None, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if run_service(request, form, lambda: structure_services.org_dissolve(
                actor=request.user, org=org, on=d["on"], reason=d["reason"], decision_ref=d["decision_ref"])):
            messages.success(request, f"Đã ghi nhận {org.name} kết thúc hoạt động.")
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"org": org, "form": form, "title": f"Giải thể {org.name}"})


@login_required
def org_merge(request, pk):
    org = org_to_restructure(request, pk, "merge")
    candidates = org_selectors.org_list(user=request.user).exclude(pk=org.pk).filter(depth__gte=max(org.depth - 1, 1))
    form = forms.OrgMergeForm(request.POST or None, candidates=candidates, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        result = run_service(request, form, lambda: structure_services.org_merge(
            actor=request.user, sources=[org, *d["others"]], into=d["into"], name=d["name"], type=d["type"],
            kind=d["kind"], on=d["on"], decision_ref=d["decision_ref"]))
        if result:
            messages.success(request, f"Đã sáp nhập vào {result.name}.")
            return redirect("orgs:detail", pk=result.pk)
    return render(request, "orgs/form.html", {"org": org, "form": form, "title": f"Sáp nhập / hợp nhất {org.name}"})


@login_required
def org_split(request, pk):
    org = org_to_restructure(request, pk, "split")
    members = list(member_selectors.active_members_in_org(org).order_by("sort_key"))
    children = list(org_selectors.org_children(user=request.user, org=org))
    form = forms.OrgSplitForm(request.POST or None, initial={"on": today(), "type": org.type, "kind": org.kind})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        parts = [{"name": d["name_1"], "type": d["type"], "kind": d["kind"], "member_ids": [], "child_ids": []},
                 {"name": d["name_2"], "type": d["type"], "kind": d["kind"], "member_ids": [], "child_ids": []}]
        for m in members:
            parts[1 if request.POST.get(f"assign_m_{m.pk}") == "2" else 0]["member_ids"].append(m.pk)
        for c in children:
            parts[1 if request.POST.get(f"assign_c_{c.pk}") == "2" else 0]["child_ids"].append(c.pk)
        created = run_service(request, form, lambda: structure_services.org_split(
            actor=request.user, source=org, on=d["on"], parts=parts, decision_ref=d["decision_ref"]))
        if created:
            messages.success(request, "Đã chia tách thành: " + ", ".join(o.name for o in created) + ".")
            return redirect("orgs:detail", pk=created[0].pk)
    return render(request, "orgs/split.html", {"org": org, "form": form, "members": members, "children": children})
