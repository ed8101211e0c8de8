"""Review workflow pages: campaigns and their progress, the cell secretary's one-screen entry, the approval of a
whole level, target registration, self-assessment. Thin: selectors read, services write, ``run_service`` puts
a refusal (naming the member and the rule) on the form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import today
from dangbo.core.views import get_or_404, run_service
from dangbo.orgs import selectors as org_selectors
from dangbo.reviews import forms, selectors, services
from dangbo.reviews.choices import LEVEL_SHORT, Level, Status, Subject

CAMPAIGNS_PER_PAGE = 5
T = "reviews/entry/"
SHORT = {level.value: text for level, text in LEVEL_SHORT.items()}


def _render(request, name: str, context: dict):
    return render(request, T + name, {"short": SHORT, "today": today(), **context})


def _year(year: int) -> int:
    if not 2018 <= year <= 2100:
        raise Http404("Năm đánh giá không hợp lệ.")
    return year


def _org(request, pk, *, cell: bool = False):
    org = get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    if cell and not org.type.is_cell:
        raise Http404("Chỉ chi bộ mới có màn hình này.")
    return org


def _require_write(request, org) -> None:
    if not selectors.can_write(user=request.user, org=org):
        raise Http404("Không có quyền ghi ở tổ chức này.")


@login_required
def home(request):
    user = request.user
    orgs = selectors.writable_campaign_orgs(user=user)
    form = None
    if scope_for(user).can_write_anything and orgs.exists():
        form = forms.CampaignOpenForm(request.POST or None, orgs=orgs, initial={"year": today().year,
                                                                                 "opens_on": today()})
    if request.method == "POST":
        if form is None:
            raise Http404()
        if form.is_valid():
            d = form.cleaned_data
            campaign = run_service(request, form, lambda: services.campaign_open(
                actor=user, org=d["org"], year=d["year"], opens_on=d["opens_on"], cell_deadline=d["cell_deadline"],
                grassroots_deadline=d["grassroots_deadline"], superior_deadline=d["superior_deadline"]))
            if campaign:
                removed = f", bỏ {campaign.removed} phiếu không thuộc danh sách ngày 31/12/{campaign.year}" \
                    if campaign.removed else ""
                messages.success(request, f"Đã mở đợt đánh giá năm {campaign.year} — {campaign.org.name}: "
                                          f"thêm {campaign.added} phiếu đánh giá{removed}.")
                return redirect("reviews:campaign", pk=campaign.pk)
    page = Paginator(selectors.campaign_queryset(user=user), CAMPAIGNS_PER_PAGE).get_page(request.GET.get("page"))
    campaigns = []
    for c in page:
        anchors = selectors.campaign_anchors(user=user, campaign=c)
        rows, total = selectors.campaign_progress(user=user, campaign=c, anchors=anchors)
        campaigns.append({"campaign": c, "rows": rows, "total": total})
    return _render(request, "home.html", {
        "page": page, "campaigns": campaigns, "form": form,
        "can_import": selectors.writable_cells(user=user).exists(),
        "own": list(selectors.own_assessments(user=user)[:10]),
    })


@login_required
def campaign_detail(request, pk):
    user = request.user
    campaign = get_or_404(selectors.campaign_get, user=user, pk=pk)
    at = _org(request, request.GET["org"]) if request.GET.get("org", "").isdigit() else None
    anchors = get_or_404(selectors.campaign_anchors, user=user, campaign=campaign, org=at)
    rows, total = selectors.campaign_progress(user=user, campaign=campaign, anchors=anchors)
    return _render(request, "campaign.html", {
        "campaign": campaign, "anchors": anchors, "at": at, "rows": rows, "total": total,
        "writable": {a.pk for a in anchors if selectors.can_write(user=user, org=a)},
        "excluded": selectors.excluded_list(user=user, campaign=campaign, anchors=anchors),
    })


def _row_context(sheet, form, columns, refused_name: str = ""):
    a = form.assessment
    suggested, caps = form.suggestion
    if form.is_bound:  # what was typed, not what is saved
        suggested, caps = selectors.suggestion(form.preview(), sheet.reg, sheet.disciplined)
    key = ("member", a.member_id) if a.member_id else ("org", a.subject_org_id)
    who = str(a.member or a.subject_org)
    registered = sheet.registrations.get(key)
    return {"form": form, "a": a, "who": who, "registered": registered.level if registered else "",
            "suggested": suggested, "suggested_short": LEVEL_SHORT.get(suggested, ""),
            "reasons": "; ".join(c.reason for c in caps if c.level == suggested),
            "disciplined": a.member_id in sheet.disciplined, "cells": form.mark_cells(columns),
            "refused": bool(refused_name) and refused_name.startswith(who + ":")}


@login_required
def unit_entry(request, year, pk):
    """The cell secretary's one screen: every member's marks or score and proposed level, the cell's own."""
    user = request.user
    org = _org(request, pk, cell=True)
    sheet = selectors.unit_sheet(user=user, org=org, year=_year(year))
    can = selectors.can_write(user=user, org=org)
    data = request.POST if request.method == "POST" else None
    if data is not None and not can:
        raise Http404()
    editable = [a for a in sheet.rows if a.status != Status.APPROVED]
    if sheet.own and sheet.own.status not in (Status.APPROVED, Status.EXCLUDED):
        editable.append(sheet.own)
    row_forms = {}
    for a in editable:
        saved = selectors.suggestion(a, sheet.reg, sheet.disciplined)
        f = forms.AssessmentRowForm(data, assessment=a, reg=sheet.reg, disciplined=a.member_id in sheet.disciplined,
                                    suggested=saved[0])
        f.suggestion = saved
        if not can:
            for field in f.fields.values():
                field.disabled = True
        row_forms[a.pk] = f
    sheet_form = forms.SheetForm(data)
    if data is not None:
        sheet_form.is_valid()
        checked = [f.is_valid() for f in row_forms.values()]  # every row, so each shows its own errors
        if not all(checked):
            sheet_form.add_error(None, "Có ô nhập chưa hợp lệ (xem các dòng đánh dấu đỏ); chưa lưu gì.")
        else:
            rows = {pk: f.service_row() for pk, f in row_forms.items() if f.wants_saving()}
            if not rows:
                messages.info(request, "Chưa có dòng nào được chọn mức đề xuất.")
                return redirect("reviews:unit", year=year, pk=org.pk)
            done = run_service(request, sheet_form, lambda: services.unit_propose(
                actor=user, unit=org, year=year, rows=rows))
            if done is not None:
                messages.success(request, f"Đã lưu đề xuất xếp loại của {done} phiếu.")
                return redirect("reviews:unit", year=year, pk=org.pk)
    refused = next(iter(sheet_form.non_field_errors()), "")
    columns = sheet.criteria_columns() if sheet.reg.method == "marks" else []
    member_rows = []
    for a in sheet.rows:
        if a.pk in row_forms:
            member_rows.append(_row_context(sheet, row_forms[a.pk], columns, refused))
        else:
            registered = sheet.registrations.get(("member", a.member_id))
            member_rows.append({"a": a, "who": str(a.member), "locked": True,
                                "registered": registered.level if registered else ""})
    own_row = _row_context(sheet, row_forms[sheet.own.pk], [], refused) if sheet.own and sheet.own.pk in row_forms \
        else None
    has_other = any(r["form"].other_fields() for r in member_rows if "form" in r)
    score_regime = sheet.reg.method == "score"
    return _render(request, "unit.html", {
        "org": org, "year": year, "sheet": sheet, "can": can, "sheet_form": sheet_form, "rows": member_rows,
        "can_save": can and bool(editable),
        "own_row": own_row, "columns": columns, "score_regime": score_regime, "has_other": has_other,
        "locked_span": (6 if score_regime else len(columns)) + has_other + 2,
    })


@login_required
def approve(request, year, pk):
    """A whole level at once: every proposal this org decides, grouped by unit, the quota shown per group."""
    user = request.user
    approver = _org(request, pk)
    groups, decided = selectors.approval_sheet(user=user, approver=approver, year=_year(year))
    pending = [a for g in groups for a in g.pending()]
    can = selectors.can_write(user=user, org=approver)
    form = forms.ApprovalForm(request.POST if request.method == "POST" else None, pending=pending)
    if request.method == "POST":
        if not can:
            raise Http404()
        shown = {int(x) for x in request.POST.getlist("ids") if x.isdigit()}
        ids = [a.pk for a in pending if a.pk in shown]
        if form.is_valid():
            n = run_service(request, form, lambda: services.assessments_approve(
                actor=user, approver=approver, year=year, levels=form.overrides(), ids=ids,
                exception=form.exception()))
            if n:
                messages.success(request, f"Đã phê duyệt {n} phiếu.")
                return redirect("reviews:approve", year=year, pk=approver.pk)
    chosen = form.chosen() if form.is_bound and form.is_valid() else {}
    sections = []
    for g in groups:
        units = [{"org": u, "rows": [{"a": a, "field": form.row(a)} for a in rows],
                  "excellent": sum(1 for a in rows if (chosen.get(a.pk) or a.proposed_level) == Level.EXCELLENT)}
                 for u, rows in g.units]
        sections.append({"group": g, "units": units, "quota": selectors.quota_state(
            g.levels(chosen), year, unit=f"{approver.name} ({g.label.lower()})")})
    return _render(request, "approve.html", {
        "approver": approver, "year": year, "sections": sections, "decided": decided, "form": form, "can": can,
        "over": any(s["quota"]["over"] for s in sections),
        "exceptions": [e for e in selectors.quota_exceptions(user=user, org=approver, year=year)
                       if e.group_id == approver.pk],
        "pending": pending, "campaign": selectors.campaign_for_unit(user=user, org=approver, year=year),
    })


def _action(request, pk, form_class, title, call, done_message, back, initial=None):
    a = get_or_404(selectors.assessment_get, user=request.user, pk=pk)
    form = form_class(request.POST or None, initial=initial(a) if initial else None)
    if request.method == "POST" and form.is_valid() and run_service(request, form, lambda: call(a, form.cleaned_data)):
        messages.success(request, done_message)
        return redirect(*back(a))
    return _render(request, "action.html", {"a": a, "form": form, "title": f"{title} — {a.member or a.subject_org}"})


def _back_to_approval(a):
    return "reviews:approve", a.year, a.approver_id


def _back_to_unit(a):
    if a.subject == Subject.MEMBER:
        return "reviews:unit", a.year, a.org_id
    return _back_to_approval(a)


@login_required
def reopen(request, pk):
    return _action(request, pk, forms.ReopenForm, "Mở lại kết quả đã quyết định",
                   lambda a, d: services.assessment_reopen(actor=request.user, assessment=a, reason=d["reason"]),
                   "Đã mở lại; phiếu trở về trạng thái chờ quyết định.", _back_to_approval)


@login_required
def pointed(request, pk):
    return _action(request, pk, forms.PointedForm, "Gợi ý kiểm điểm",
                   lambda a, d: services.pointed_review_set(actor=request.user, assessment=a, note=d["note"]),
                   "Đã ghi gợi ý kiểm điểm; kế hoạch khắc phục được yêu cầu.", _back_to_approval,
                   initial=lambda a: {"note": a.pointed_note})


@login_required
def exclude(request, pk):
    return _action(request, pk, forms.ExcludeForm, "Không đánh giá, xếp loại",
                   lambda a, d: services.assessment_exclude(actor=request.user, assessment=a,
                                                            exclusion=d["exclusion"]),
                   "Đã cập nhật diện xếp loại.", _back_to_unit, initial=lambda a: {"exclusion": a.exclusion})


@login_required
def self_assess(request, pk):
    """The member's own self-assessment (member role), or the secretary entering it on their behalf."""
    user = request.user
    a = get_or_404(selectors.assessment_get, user=user, pk=pk, own_allowed=True)
    form = forms.SelfForm(request.POST or None, initial={"level": a.self_level, "self_comment": a.self_comment})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if run_service(request, form, lambda: services.assessment_self(
                actor=user, assessment=a, level=d["level"], data={"self_comment": d["self_comment"]})):
            messages.success(request, "Đã lưu bản tự đánh giá, xếp loại.")
            if a.member_id in scope_for(user).own_member_ids:
                return redirect("reviews:self", pk=a.pk)
            return redirect(*_back_to_unit(a))
    return _render(request, "self.html", {"a": a, "form": form, "locked": a.status in (
        Status.APPROVED, Status.EXCLUDED)})


@login_required
def registration(request, year, pk):
    """Đăng ký phấn đấu of a whole cell on one screen: each member's level and the cell's own."""
    user = request.user
    org = _org(request, pk, cell=True)
    members, regs, own = selectors.registration_sheet(user=user, org=org, year=_year(year))
    can = selectors.can_write(user=user, org=org)
    form = forms.RegistrationForm(request.POST or None, members=members, regs=regs, own=own,
                                  initial={"registered_on": today()})
    if request.method == "POST":
        if not can:
            raise Http404()
        if form.is_valid():
            d = form.cleaned_data
            n = run_service(request, form, lambda: services.unit_register(
                actor=user, unit=org, year=year, levels=form.levels(), registered_on=d["registered_on"],
                org_level=d["org_level"]))
            if n is not None:
                messages.success(request, f"Đã ghi {n} đăng ký phấn đấu.")
                return redirect("reviews:registration", year=year, pk=org.pk)
    return _render(request, "registration.html", {"org": org, "year": year, "form": form, "rows": form.rows(regs),
                                                     "can": can, "own": own})


@login_required
def compare(request, year, pk):
    """Registered level against the final result, per member and per org of the subtree: met or not."""
    org = _org(request, pk)
    results = selectors.registration_results(user=request.user, org=org, year=_year(year))
    page = Paginator(results, 100).get_page(request.GET.get("page"))
    return _render(request, "compare.html", {"org": org, "year": year, "page": page,
                                                "summary": selectors.registration_summary(results)})
