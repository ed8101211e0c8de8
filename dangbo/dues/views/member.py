"""One member's dues (RULES D1, D4, D5): the declared bases (newest first), the reliefs granted and this year's
payments (or ?nam=yyyy's), with the forms to declare a new basis and to grant a relief for who may write on the cell; and the
printable receipt of one payment. The cell and the member come through the scoped selectors (404 outside); the
member must be in that cell now."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import format_date, today
from dangbo.core.views import get_or_404, run_service
from dangbo.dues import selectors, services
from dangbo.dues.forms import DeclarationForm, ReliefForm
from dangbo.dues.views.books import year_param
from dangbo.members import selectors as member_selectors
from dangbo.orgs import selectors as org_selectors

T = "dues/"
FORMS = {"declare": DeclarationForm, "relief": ReliefForm}


def _member_in(request, org, member_pk):
    member = get_or_404(member_selectors.member_get, user=request.user, pk=member_pk)
    if member.org_id != org.pk:
        raise Http404("Đảng viên không sinh hoạt tại chi bộ này.")
    return member


def _save(request, member, which, form):
    data = form.cleaned_data
    if which == "declare":
        return run_service(request, form, lambda: services.declare_basis(actor=request.user, member=member, **data))
    return run_service(request, form, lambda: services.grant_relief(actor=request.user, member=member, **data))


@login_required
def member_dues(request, pk, member_pk):
    org = get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    member = _member_in(request, org, member_pk)
    may_write = scope_for(request.user).covers_path(org.path, write=True)
    forms = {"declare": DeclarationForm(prefix="declare"), "relief": ReliefForm(prefix="relief")}
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied("Bạn chỉ có quyền xem đảng phí của chi bộ này.")
        which = request.POST.get("form")
        if which not in FORMS:
            raise Http404("Không có biểu mẫu này.")
        form = forms[which] = FORMS[which](request.POST, prefix=which)
        if form.is_valid() and _save(request, member, which, form) is not None:
            messages.success(request, "Đã ghi kê khai căn cứ đóng đảng phí." if which == "declare"
                             else "Đã ghi quyết định miễn, giảm, chậm đóng đảng phí.")
            return redirect(request.path)
    year = year_param(request)
    return render(request, T + "member.html", {
        "org": org, "member": member, "may_write": may_write, "year": year,
        "declarations": list(selectors.declarations_of(member)), "reliefs": list(selectors.reliefs_of(member)),
        "payments": list(selectors.year_payments_of(member, year)),
        "declare_form": forms["declare"] if may_write else None, "relief_form": forms["relief"] if may_write else None})


@login_required
def receipt(request, pk, payment_pk):
    """The printable "Biên lai thu đảng phí" of one payment; a cancelled one says so, with the reversal's date."""
    org = get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    payment = get_or_404(selectors.payment_get, user=request.user, org=org, pk=payment_pk)
    reversal = getattr(payment, "reversed_by", None)  # a one-to-one: its absence is an AttributeError
    return render(request, T + "receipt.html", {"org": org, "payment": payment, "reversal": reversal,
                                                "today": format_date(today())})
