"""The writes of dues besides the collection sheet (RULES D5): reversing a wrong payment with its reason, and
recording what an org sent up. The org comes through the scoped selector (404 outside); writing needs write scope."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import format_date, parse_date, today
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.views import get_or_404
from dangbo.dues import selectors, services
from dangbo.dues.choices import Channel
from dangbo.dues.views.collection import _amount, _month
from dangbo.orgs import selectors as org_selectors

T = "dues/"


def _may_write(request, org):
    if request.method == "POST" and not scope_for(request.user).covers_path(org.path, write=True):
        raise PermissionDenied("Bạn chỉ có quyền xem đảng phí của tổ chức này.")


@login_required
def payments(request, pk):
    """The month's payment rows of a cell; a wrong one is cancelled by a reversal with its reason."""
    org = get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    month = _month(request.GET.get("thang") or request.POST.get("thang"))
    _may_write(request, org)
    rows = list(selectors.cell_payments(user=request.user, org=org, month=month))
    if request.method == "POST":
        payment = next((r for r in rows if str(r.pk) == request.POST.get("payment")), None)
        if payment is None:
            raise Http404("Không có khoản thu này.")
        try:
            services.reverse_payment(actor=request.user, payment=payment, on=today(),
                                     reason=request.POST.get("reason", ""))
        except OutOfScope as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã hủy khoản thu của đồng chí {payment.member.full_name}.")
            return redirect(f"{request.path}?thang={month:%m/%Y}")
    return render(request, T + "payments.html", {
        "org": org, "month": month, "rows": rows,
        "may_write": scope_for(request.user).covers_path(org.path, write=True)})


@login_required
def remit(request, pk):
    """What the org sent to the next level for a month (RULES D2, D5)."""
    org = get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    _may_write(request, org)
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            amount = _amount(data.get("amount", ""))
            if amount is None:
                raise DomainError("Số tiền nộp phải là số đồng nguyên dương.", field="amount")
            sent_on = parse_date(data.get("sent_on", ""))
            if sent_on is None:
                raise DomainError("Phải ghi ngày nộp (dd/mm/yyyy).", field="sent_on")
            services.record_remittance(actor=request.user, from_org=org, month=_month(data.get("thang")),
                                       amount=amount, sent_on=sent_on, channel=data.get("channel", Channel.BANK))
        except OutOfScope as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã ghi khoản nộp đảng phí lên cấp trên.")
            return redirect(request.path)
    return render(request, T + "remit.html", {
        "org": org, "rows": selectors.remittances_from(user=request.user, org=org)[:24], "data": data,
        "channels": Channel.choices, "today": format_date(today()),
        "may_write": scope_for(request.user).covers_path(org.path, write=True)})
