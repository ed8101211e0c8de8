"""Remediation plans (R7) and reward candidates (R8): thin views over ``selectors_plans``, ``streaks`` and the
plan services. Every object is fetched through a scoped selector first, so outsiders get 404 on GET and POST."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import today
from dangbo.core.views import get_or_404, run_service
from dangbo.core.xlsx import CONTENT_TYPE as XLSX
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.forms import OrgChoiceField, date_field
from dangbo.orgs.models import Org
from dangbo.reviews import services, streaks
from dangbo.reviews.choices import ItemStatus
from dangbo.reviews.selectors import plans as selectors_plans

YEAR_BOUNDS = {"min_value": 2018, "max_value": 2100}


class YearOrgForm(forms.Form):
    year = forms.IntegerField(label="Năm đánh giá", required=False, **YEAR_BOUNDS)
    org = OrgChoiceField(label="Tổ chức", queryset=Org.objects.none(), required=False, empty_label="Toàn phạm vi")

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs

    def value(self, name, default=None):
        """A valid filter value, or the default: a bad filter is dropped on its own, the others still apply."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get(name) if name not in self.errors and data.get(name) not in (None, "") else default


class PlanFilterForm(YearOrgForm):
    late = forms.BooleanField(label="Chỉ hiện chậm, quá hạn", required=False)


class StreakFilterForm(YearOrgForm):
    years = forms.IntegerField(label="Số năm liền", required=False, min_value=1, max_value=streaks.MAX_YEARS)


class PlanSubmitForm(forms.Form):
    summary = forms.CharField(label="Nội dung kế hoạch khắc phục", widget=forms.Textarea(attrs={"rows": 4}))
    submitted_on = date_field("Ngày nộp")


class ItemAddForm(forms.Form):
    description = forms.CharField(label="Hạn chế, yếu kém và biện pháp khắc phục",
                                  widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label="Người / bộ phận thực hiện", max_length=200)
    deadline = date_field("Thời hạn")


class ItemStatusForm(forms.Form):
    status = forms.ChoiceField(label="Trạng thái", choices=ItemStatus.choices)
    done_on = date_field("Ngày hoàn thành", required=False)


def _filters(request, form_class):
    form = form_class(request.GET or None, orgs=org_selectors.org_list(user=request.user))
    year = form.value("year", streaks.default_year(today()))
    return form, year, form.value("org")


# --- remediation plans --------------------------------------------------------------------------------------

@login_required
def plan_list(request):
    form, year, org = _filters(request, PlanFilterForm)
    day = today()
    plans = selectors_plans.plans_owed(user=request.user, year=year, org=org, on=day,
                                       late_only=bool(form.value("late")))
    missing = selectors_plans.plans_missing(user=request.user, year=year, org=org)
    page = Paginator(plans, 100).get_page(request.GET.get("page"))
    return render(request, "reviews/plans/list.html", {
        "form": form, "year": year, "org": org, "page": page, "today": day,
        "missing": missing[:300], "missing_count": missing.count(),
        "can_fill": org is not None and scope_for(request.user).covers_path(org.path, write=True),
    })


@login_required
def plans_fill(request, pk, year):
    org = get_or_404(org_selectors.org_get, user=request.user, pk=pk, write=True)
    if request.method == "POST":
        created = run_service(request, None, lambda: services.plans_create_missing(
            actor=request.user, org=org, year=year, on=today()))
        if created is not None:
            messages.success(request, f"Đã lập {created} kế hoạch khắc phục còn thiếu.")
    return redirect(f"{reverse('reviews:plans')}?year={year}&org={org.pk}")


def _plan_page(request, plan, *, submit_form=None, item_form=None, status_forms=None):
    day = today()
    items = list(selectors_plans.plan_items(plan=plan))
    for item in items:
        item.is_late = item.status == ItemStatus.OPEN and item.deadline < day
        item.form = (status_forms or {}).get(item.pk) or ItemStatusForm(
            initial={"status": item.status, "done_on": item.done_on}, prefix=f"item{item.pk}")
    return render(request, "reviews/plans/detail.html", {
        "plan": plan, "items": items, "today": day,
        "is_late": plan.submitted_on is None and plan.due_on < day,
        "can_write": scope_for(request.user).covers_path(plan.org.path, write=True),
        "submit_form": submit_form or PlanSubmitForm(initial={"summary": plan.summary,
                                                              "submitted_on": plan.submitted_on or day}),
        "item_form": item_form or ItemAddForm(),
    })


@login_required
def plan_detail(request, pk):
    plan = get_or_404(selectors_plans.plan_get, user=request.user, pk=pk)
    return _plan_page(request, plan)


@login_required
def plan_submit(request, pk):
    plan = get_or_404(selectors_plans.plan_get, user=request.user, pk=pk, write=True)
    form = PlanSubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if run_service(request, form, lambda: services.plan_submit(
                actor=request.user, plan=plan, summary=d["summary"], submitted_on=d["submitted_on"])):
            messages.success(request, "Đã ghi nhận kế hoạch khắc phục.")
            return redirect("reviews:plan", pk=plan.pk)
    return _plan_page(request, plan, submit_form=form)


@login_required
def plan_item_add(request, pk):
    plan = get_or_404(selectors_plans.plan_get, user=request.user, pk=pk, write=True)
    form = ItemAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if run_service(request, form, lambda: services.plan_item_add(
                actor=request.user, plan=plan, description=d["description"], owner=d["owner"],
                deadline=d["deadline"])):
            messages.success(request, "Đã thêm nội dung khắc phục.")
            return redirect("reviews:plan", pk=plan.pk)
    return _plan_page(request, plan, item_form=form)


@login_required
def plan_item_status(request, pk, item_pk):
    plan = get_or_404(selectors_plans.plan_get, user=request.user, pk=pk, write=True)
    item = get_or_404(selectors_plans.item_get, plan=plan, pk=item_pk)
    if request.method != "POST":
        return redirect("reviews:plan", pk=plan.pk)
    form = ItemStatusForm(request.POST, prefix=f"item{item.pk}")
    if form.is_valid():
        d = form.cleaned_data
        if run_service(request, form, lambda: services.plan_item_set_status(
                actor=request.user, item=item, status=d["status"], done_on=d["done_on"])):
            messages.success(request, f"Đã cập nhật: {ItemStatus(d['status']).label.lower()}.")
            return redirect("reviews:plan", pk=plan.pk)
    return _plan_page(request, plan, status_forms={item.pk: form})


# --- reward candidates: HTXSNV N years running ---------------------------------------------------------------

def _streaks(request):
    form, year, org = _filters(request, StreakFilterForm)
    years = form.value("years", streaks.DEFAULT_YEARS)
    rows = streaks.streaks(user=request.user, year=year, years=years, org=org)
    return form, year, years, org, rows


@login_required
def streak_list(request):
    form, year, years, org, rows = _streaks(request)
    return render(request, "reviews/plans/streaks.html", {
        "form": form, "year": year, "years": years, "org": org, "first_year": year - years + 1,
        "members": [r for r in rows if r.subject == "member"], "orgs": [r for r in rows if r.subject == "org"],
        "query": request.GET.urlencode(),
    })


@login_required
def streak_export(request):
    _form, year, years, org, rows = _streaks(request)
    data = streaks.streaks_xlsx(rows, year=year, years=years, scope_name=org.name if org else "toàn phạm vi")
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="xuat-sac-{years}-nam-lien-{year}.xlsx"'
    return response
