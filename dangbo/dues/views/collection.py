"""The cell's monthly collection sheet (RULES D5): each member of the cell at the month's end with the amount due
and what they paid; who may write ticks who paid, the amount and the day, and one POST saves the ticked rows
through ``services.record_payments`` (all or nothing). The cell comes through the scoped selector (404 outside
the scope); a reader sees the sheet without the form. Cells are picked by a search field, never a full list."""

import datetime as dt
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import format_date, parse_date, today
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.views import get_or_404
from dangbo.dues import rules, selectors, services
from dangbo.orgs import selectors as org_selectors

T = "dues/"
PICKER = 20
MONTH = re.compile(r"^\s*(\d{1,2})/(\d{4})\s*$")


@login_required
def index(request):
    """The top of the user's scope: its collection sheet when it is a cell, else a search for a cell in it."""
    root = org_selectors.org_roots(user=request.user).first()
    if root is None:
        return render(request, T + "pick.html", {"root": None, "found": [], "q": ""})
    if root.type.is_cell:
        return redirect("dues:collect", pk=root.pk)
    q = request.GET.get("q", "").strip()
    found = []
    if q:
        found = list(org_selectors.org_list(user=request.user, q=q, within=root).filter(type__is_cell=True)
                     .select_related("type")[:PICKER])
    return render(request, T + "pick.html", {"root": root, "found": found, "q": q})


def _month(raw: str | None) -> dt.date:
    match = MONTH.match(raw or "")
    if match and 1 <= int(match[1]) <= 12:
        return dt.date(int(match[2]), int(match[1]), 1)
    return rules.month_start(today())


def _amount(raw: str) -> int | None:
    digits = (raw or "").replace(".", "").replace(" ", "")
    return int(digits) if digits.isdigit() else None


def _entries(request, rows, month):
    entries = []
    for row in rows:
        pk = row.member.pk
        if not request.POST.get(f"tick_{pk}"):
            continue
        amount = _amount(request.POST.get(f"amount_{pk}", ""))
        if amount is None:
            raise DomainError(f"Số tiền của đồng chí {row.member.full_name} phải là số đồng nguyên.",
                              field="amount")
        paid_on = parse_date(request.POST.get(f"date_{pk}", "")) or today()
        entries.append((row.member, amount, paid_on))
    if not entries:
        raise DomainError("Chưa đánh dấu đảng viên nào đã đóng.", field="tick")
    return entries


@login_required
def collect(request, pk):
    org = get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    month = _month(request.GET.get("thang") or request.POST.get("thang"))
    may_write = scope_for(request.user).covers_path(org.path, write=True)
    try:
        rows = selectors.cell_dues(user=request.user, org=org, month=month)
    except DomainError as exc:
        messages.error(request, exc.message)
        rows = []
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied("Bạn chỉ có quyền xem đảng phí của chi bộ này.")
        try:
            saved = services.record_payments(actor=request.user, org=org, month=month,
                                             entries=_entries(request, rows, month))
        except OutOfScope as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã ghi {len(saved)} khoản thu đảng phí tháng {month:%m/%Y}.")
            return redirect(f"{request.path}?thang={month:%m/%Y}")
    total_due = sum(r.due.amount or 0 for r in rows)
    return render(request, T + "collect.html", {
        "org": org, "month": month, "rows": rows, "may_write": may_write, "today": format_date(today()),
        "previous": rules.add_months(month, -1), "next": rules.add_months(month, 1),
        "regime": rules.regime_for(month).name if rows else "", "total_due": total_due,
        "total_paid": sum(r.paid for r in rows)})
