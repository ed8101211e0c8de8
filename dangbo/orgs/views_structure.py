"""Committees (nhiệm kỳ, cấp ủy, cấp ủy viên) and villages (thôn, tổ dân phố) of an org."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from dangbo.core.dates import today
from dangbo.core.views import get_or_404, run_service
from dangbo.members import selectors as member_selectors
from dangbo.orgs import forms, selectors, services


def _write_org(request, pk):
    return get_or_404(selectors.org_get, user=request.user, pk=pk, write=True)


@login_required
def term_create(request, pk):
    org = _write_org(request, pk)
    form = forms.TermForm(request.POST or None, initial={"starts_on": today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if run_service(request, form, lambda: services.term_open(
                actor=request.user, org=org, name=d["name"], starts_on=d["starts_on"],
                committee_name=d["committee_name"], has_working_rules=d["has_working_rules"])):
            messages.success(request, f"Đã mở nhiệm kỳ {d['name']}.")
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"org": org, "form": form, "title": f"Nhiệm kỳ mới — {org.name}"})


@login_required
def seat_create(request, pk):
    org = _write_org(request, pk)
    committee = selectors.current_committee(user=request.user, org=org)
    if committee is None:
        messages.error(request, "Tổ chức chưa có nhiệm kỳ; hãy mở nhiệm kỳ trước.")
        return redirect("orgs:term_create", pk=org.pk)
    members = member_selectors.member_list(user=request.user, org=org)
    form = forms.SeatForm(request.POST or None, members=members, initial={"starts_on": committee.term.starts_on})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if run_service(request, form, lambda: services.committee_seat_assign(
                actor=request.user, committee=committee, member=d["member"], post=d["post"],
                starts_on=d["starts_on"], is_full_time=d["is_full_time"])):
            messages.success(request, f"Đã bổ sung {d['member'].full_name} vào {committee.name}.")
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"org": org, "form": form, "title": f"Cấp ủy viên — {committee}"})


@login_required
def village_create(request, pk, village_pk=None):
    org = _write_org(request, pk)
    village = selectors.villages_of(user=request.user, org=org).filter(pk=village_pk).first() if village_pk else None
    cells = selectors.org_list(user=request.user, within=org).filter(type__is_cell=True)
    members = member_selectors.member_list(user=request.user, org=org)
    initial = {"valid_from": today()}
    if village:
        initial = {"name": village.name, "kind": village.kind, "cell": village.cell, "head_name": village.head_name,
                   "head_member": village.head_member, "valid_from": village.valid_from}
    form = forms.VillageForm(request.POST or None, cells=cells, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if run_service(request, form, lambda: services.village_save(
                actor=request.user, commune=org, village=village, **d)):
            messages.success(request, f"Đã lưu {d['kind']} {d['name']}.")
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"org": org, "form": form, "title": f"Thôn, tổ dân phố — {org.name}"})
