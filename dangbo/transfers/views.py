"""The transfer pages (chuyển sinh hoạt đảng, M14): the letters going out of or coming into an org's subtree, the
members who left and never arrived, a letter with its DOCX and the receiving side's confirmation, and the
issuing form reached from the member's page. Objects come through the scoped selectors (404 outside the scope);
an action of another level is a 403 naming who decides; a rule's refusal is shown on the form's field."""

import datetime as dt
import unicodedata
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import format_date, parse_date, today
from dangbo.core.docx_format import CONTENT_TYPE as DOCX_TYPE
from dangbo.core.rules import PowerViolation
from dangbo.core.text import fold
from dangbo.core.views import get_or_404, run_service
from dangbo.members.selectors import member_get
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.models import Org
from dangbo.transfers import documents, rules, selectors, services
from dangbo.transfers.forms import FilterForm, IssueForm, ReceiveForm
from dangbo.transfers.models import TransferLetter
from dangbo.workdays.selectors import calendar_for

T = "transfers/"
PAGE = 50
PICKER_CHOICES = 20


# --- shared ----------------------------------------------------------------------------------------------------------

def _org(request) -> Org | None:
    """``?org=`` (404 outside the scope; chosen with the org picker) or the top of the user's scope."""
    pk = request.GET.get("org")
    if pk:
        return get_or_404(org_selectors.org_get, user=request.user, pk=pk)
    return org_selectors.org_roots(user=request.user).select_related("type__level").first()


def _day(request, default: dt.date) -> dt.date:
    raw = request.GET.get("ngay", "")
    if not raw:
        return default
    try:
        return parse_date(raw) or default
    except ValueError:
        messages.error(request, f"Ngày “{raw}” không hợp lệ (dd/mm/yyyy): xem theo ngày {format_date(default)}.")
        return default


def _base(request, org: Org) -> dict:
    return {"org": org, "ancestors": org_selectors.org_ancestors(user=request.user, org=org)}


def ascii_name(text: str) -> str:
    """The letter's number in a file name: accents and đ folded, case kept, "/" and spaces as "-"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    text = text.encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() or c in "-_." else " " for c in text).split())


# --- the letters of an org's subtree -------------------------------------------------------------------------------

@login_required
def letters(request):
    org = _org(request)
    if org is None:
        return render(request, T + "no_scope.html")
    form = FilterForm(request.GET)
    on = _day(request, today())
    direction = form.value("chieu") or selectors.OUT
    found = selectors.letters_of(user=request.user, org=org, direction=direction, state=form.value("tinh_trang"),
                                 on=on, kind=form.value("loai"), q=form.value("q"))
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    rows = [{"letter": letter, "state": rules.state_on(present_by=letter.present_by, received_on=letter.received_on,
                                                          on=on)} for letter in page]
    return render(request, T + "list.html", {
        **_base(request, org), "form": form, "on": on, "page": page, "rows": rows, "direction": direction,
        "query": urlencode({"org": org.pk})})


@login_required
def not_arrived(request):
    """Đảng viên chuyển đi chưa đến nơi mới: official letters past their deadline, unconfirmed on ``?ngay=``."""
    org = _org(request)
    if org is None:
        return render(request, T + "no_scope.html")
    on = _day(request, today())
    found = selectors.not_arrived(user=request.user, org=org, on=on)
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    letters_ = list(page)
    rows = []
    if letters_:
        cal = calendar_for(range(min(x.present_by.year for x in letters_), on.year + 1))
        rows = [{"letter": x, "late": cal.count(x.present_by, on), "days": (on - x.present_by).days}
                for x in letters_]
    return render(request, T + "not_arrived.html", {**_base(request, org), "on": on, "page": page, "rows": rows})


# --- a letter --------------------------------------------------------------------------------------------------------

def _may_receive(user, letter: TransferLetter) -> bool:
    """The receiving side confirms: the cell in the system, or the sending side recording the returned stub of a
    letter to an org outside it."""
    receiving = letter.to_org or letter.from_org
    return letter.received_on is None and scope_for(user).covers_path(receiving.path, write=True)


def _detail(request, letter: TransferLetter, form: ReceiveForm | None = None, status: int = 200):
    on = today()
    may_receive = _may_receive(request.user, letter)
    if may_receive and form is None:
        form = ReceiveForm(initial={"received_on": on})
    return render(request, T + "detail.html", {
        "letter": letter, "form": form if may_receive else None,
        "state": rules.state_on(present_by=letter.present_by, received_on=letter.received_on, on=on), "on": on,
        "events": [e for e in (letter.out_event, letter.in_event) if e is not None],
    }, status=status)


@login_required
def detail(request, pk):
    return _detail(request, get_or_404(selectors.letter_get, user=request.user, pk=pk))


@login_required
def receive(request, pk):
    letter = get_or_404(selectors.letter_get, user=request.user, pk=pk)
    if not _may_receive(request.user, letter):
        if letter.received_on is not None:
            messages.error(request, f"Giấy giới thiệu số {letter.number} đã được xác nhận ngày "
                                    f"{format_date(letter.received_on)}.")
            return redirect("transfers:detail", pk=letter.pk)
        receiving = letter.to_org or letter.from_org
        raise PermissionDenied(f"Việc nhận sinh hoạt theo giấy số {letter.number} do {receiving.name} xác nhận; tài "
                               "khoản của bạn không có quyền ghi ở đó.")
    if request.method != "POST":
        return redirect("transfers:detail", pk=letter.pk)
    form = ReceiveForm(request.POST)
    if form.is_valid():
        result = run_service(request, form, lambda: services.letter_receive(actor=request.user, letter=letter,
                                                                            **form.cleaned_data))
        if result is not None:
            messages.success(request, f"Đã xác nhận đồng chí {letter.member.full_name} xuất trình giấy giới thiệu "
                                      f"số {letter.number} ngày {format_date(result.letter.received_on)}.")
            for notice in result.notices:
                messages.warning(request, f"[{notice.rule.code}] {notice.text} ({notice.rule.citation})")
            return redirect("transfers:detail", pk=letter.pk)
    return _detail(request, letter, form)


@login_required
def letter_docx(request, pk):
    letter = get_or_404(selectors.letter_get, user=request.user, pk=pk)
    response = HttpResponse(documents.render(selectors.letter_document(letter)), content_type=DOCX_TYPE)
    name = f"giay-gioi-thieu-sinh-hoat-dang-{ascii_name(letter.number)}.docx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


# --- issuing a letter for a member ---------------------------------------------------------------------------------

class _NotThisLevel(Exception):
    """A PowerViolation carried past ``run_service`` (which would put it on a field): answered as a 403."""


def may_issue_for(user, member_org: Org) -> bool:
    """May the user issue some letter for a member of ``member_org``: the lowest level that issues, the grassroots
    committee (a move inside its superior's area, the member's own cell standing for such a destination). A move
    further out needs the superior: the service checks it on the destination chosen."""
    return services.may_issue(user, member_org, to_org=member_org)


def _picked_cell(pk) -> Org | None:
    if not pk:
        return None
    return selectors.directory_cells().filter(pk=pk).first()


def _issue_page(request, member, form: IssueForm, picked: Org | None = None, status: int = 200):
    return render(request, T + "issue.html", {"member": member, "form": form, "picked_cell": picked},
                  status=status)


@login_required
def issue(request, pk):
    member = get_or_404(member_get, user=request.user, pk=pk)
    if not member.is_active or member.org is None:
        messages.error(request, f"Đồng chí {member.full_name} không đang sinh hoạt tại chi bộ nào: không thể giới "
                                "thiệu sinh hoạt đảng.")
        return redirect("members:detail", pk=member.pk)
    if not may_issue_for(request.user, member.org):
        grassroots = org_selectors.grassroots_of(member.org)
        raise PermissionDenied(f"Giấy giới thiệu sinh hoạt đảng của đồng chí {member.full_name} do {grassroots.name} "
                               "cấp (đi ra ngoài địa bàn cấp trên trực tiếp: cấp ủy cấp trên cấp); tài khoản của bạn "
                               "không có quyền ở cấp đó.")
    if request.method != "POST":
        return _issue_page(request, member, IssueForm(initial={"issued_on": today()}))
    form = IssueForm(request.POST)
    if not form.is_valid():
        return _issue_page(request, member, form, _picked_cell(form.cleaned_data.get("to_org")))
    picked = _picked_cell(form.cleaned_data["to_org"])
    if form.cleaned_data["to_org"] and picked is None:
        form.add_error("to_org", selectors.UNKNOWN_DESTINATION)
        return _issue_page(request, member, form)

    def call():
        try:
            return services.letter_issue(actor=request.user, member=member, to_org=picked, **form.service_data())
        except PowerViolation as exc:  # not a field's refusal: the level that issues, past run_service
            raise _NotThisLevel(exc) from exc

    try:
        result = run_service(request, form, call)
    except _NotThisLevel as refused:
        exc = refused.args[0]
        messages.error(request, f"{exc.message} ({exc.citation})")
        return _issue_page(request, member, form, picked, status=403)
    if result is None:
        return _issue_page(request, member, form, picked)
    letter = result.letter
    messages.success(request, f"Đã cấp giấy giới thiệu sinh hoạt đảng số {letter.number} cho đồng chí "
                              f"{member.full_name}, đến {letter.destination_name}.")
    for notice in result.notices:
        messages.warning(request, f"[{notice.rule.code}] {notice.text} ({notice.rule.citation})")
    return redirect("transfers:detail", pk=letter.pk)


@login_required
def cell_picker(request):
    """The destination picker's choices (htmx): cells of the public directory (``selectors.directory_cells``)
    whose folded name matches, at most 20, names and ids only."""
    q = request.GET.get("q", "")
    qs = selectors.directory_cells()
    tokens = fold(q).split()
    for token in tokens:
        qs = qs.filter(search_name__contains=token)
    cells = list(qs.order_by("path").values("id", "name")[:PICKER_CHOICES]) if tokens else []
    return render(request, T + "_cell_choices.html", {"matches": cells, "q": q})
