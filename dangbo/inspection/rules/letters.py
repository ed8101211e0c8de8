"""Denunciations (RULES.md K5) and discipline complaints (K9): screening, admissibility and time limits."""

import datetime as dt
from dataclasses import dataclass

from dangbo.core.rules import Rule
from dangbo.inspection import parameters as p
from dangbo.inspection.choices import Body, ComplaintRefusal, NotHandledReason
from dangbo.inspection.rules.base import (
    K5_DEADLINE,
    K5_SCREEN,
    K9_ADMISSIBLE,
    K9_DEADLINE,
    UNIT_NAMES,
    Verdict,
    add_units,
    rule,
)

# --- K5: denunciations -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Letter:
    received_on: dt.date
    anonymous: bool = False  # nặc danh, mạo tên
    has_address: bool = True
    repeated: bool = False
    new_evidence: bool = False
    specific: bool = True  # concrete enough to verify


def screen(letter: Letter) -> Verdict:
    """K5: handled as a denunciation, or not with the reason. An anonymous letter with concrete content may still
    feed a decision to check on signs of violation (296 art. 19): the message says so."""
    r = rule(K5_SCREEN, letter.received_on)
    if letter.anonymous or not letter.has_address:
        extra = " Nội dung cụ thể có thể là căn cứ quyết định kiểm tra khi có dấu hiệu vi phạm." if (
            letter.specific and letter.received_on >= p.DAY_296) else ""
        return Verdict(False, r, "Đơn nặc danh, mạo tên hoặc không rõ địa chỉ: không xem xét, giải quyết." + extra,
                       NotHandledReason.ANONYMOUS)
    if letter.repeated and not letter.new_evidence:
        return Verdict(False, r, "Tố cáo lại nội dung đã được giải quyết mà không có tài liệu, chứng cứ mới: không "
                       "xem xét, giải quyết.", NotHandledReason.REPEATED)
    if not letter.specific:
        return Verdict(False, r, "Nội dung tố cáo không cụ thể, không có cơ sở thẩm tra, xác minh: không xem xét, "
                       "giải quyết.", NotHandledReason.VAGUE)
    return Verdict(True, r, "Đơn đủ điều kiện xem xét, giải quyết.")


@dataclass(frozen=True)
class Deadline:
    due_on: dt.date
    extended_to: dt.date | None  # the furthest an extension may go (None: none allowed)
    limit: p.TimeLimit
    rule: Rule

    amount: int

    @property
    def text(self) -> str:
        return f"{self.amount} {UNIT_NAMES[self.limit.unit]}, hạn {self.due_on:%d/%m/%Y}"


def _deadline(code: str, table, start: dt.date, *, central: bool, calendar=None) -> Deadline:
    limit = p.limit_on(table, start)
    n = limit.central if central else limit.local
    due = add_units(start, n, limit.unit, calendar)
    extended = add_units(due, limit.extension, limit.unit, calendar) if limit.extension else None
    # the citation is the row's own source: the text the value comes from on that day
    return Deadline(due, extended, limit, Rule(code, limit.source), n)


def denunciation_deadline(received_on: dt.date, *, central: bool, calendar=None) -> Deadline:
    """K5: 90 (up to province level) or 180 (centre) from receipt by the competent org, in the unit of the row in
    force on the receipt."""
    return _deadline(K5_DEADLINE, p.DENUNCIATION_LIMITS, received_on, central=central, calendar=calendar)


def passes_to_new_committee(received_on: dt.date, congress_opens_on: dt.date, *, grassroots: bool,
                            calendar) -> bool:
    """K5: a letter received within 25 (grassroots) or 30 (higher) working days before the congress opens is
    passed to the new committee (07-HD/UBKTTW; the 2025 cycle's values: to confirm)."""
    window = p.limit_on(p.CONGRESS_WINDOW, received_on)
    n = window.local if grassroots else window.central
    return received_on < congress_opens_on and calendar.count(received_on, congress_opens_on) <= n


# --- K9: discipline complaints ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Complaint:
    filed_on: dt.date
    decision_received_on: dt.date | None  # None: no written decision yet
    handled_above: bool = False
    court_sentence: bool = False
    on_behalf: bool = False
    refused_decision: bool = False
    moved_away: bool = False


def filing_limit(decision_received_on: dt.date) -> Deadline:
    """K9: the last day to complain, from receipt of the decision (one month; 30 days under 296)."""
    return _deadline(K9_ADMISSIBLE, p.COMPLAINT_FILING, decision_received_on, central=False)


def admissible(c: Complaint) -> Verdict:
    """K9 (296 art. 23): accepted, or not with the reason. Being late is judged against ``filing_limit``."""
    on = c.decision_received_on or c.filed_on
    r = rule(K9_ADMISSIBLE, on)
    if c.decision_received_on is None:
        return Verdict(False, r, "Chưa có quyết định kỷ luật bằng văn bản: chưa thụ lý khiếu nại.",
                       ComplaintRefusal.NO_WRITTEN_DECISION)
    if c.refused_decision:
        return Verdict(False, r, "Người khiếu nại không nhận quyết định kỷ luật.", ComplaintRefusal.REFUSED_DECISION)
    limit = filing_limit(c.decision_received_on)
    if c.filed_on > limit.due_on:
        unit = UNIT_NAMES[limit.limit.unit]
        return Verdict(False, limit.rule, f"Khiếu nại quá thời hạn {limit.amount} {unit} kể từ ngày nhận quyết "
                       f"định ({c.decision_received_on:%d/%m/%Y}); hạn cuối {limit.due_on:%d/%m/%Y}.",
                       ComplaintRefusal.LATE, not limit.limit.confirmed)
    for flag, reason in ((c.handled_above, ComplaintRefusal.HANDLED_ABOVE), (c.court_sentence,
                         ComplaintRefusal.COURT_SENTENCE), (c.on_behalf, ComplaintRefusal.ON_BEHALF),
                         (c.moved_away, ComplaintRefusal.MOVED_AWAY)):
        if flag:
            return Verdict(False, r, f"Không thụ lý: {reason.label.lower()}.", reason)
    return Verdict(True, r, "Khiếu nại được thụ lý; quyết định kỷ luật vẫn được thi hành trong khi giải quyết.",
                   to_confirm=not limit.limit.confirmed)


def complaint_level(*, handler_path: str, handler_body: str, decider_path: str, decider_body: str,
                    on: dt.date) -> Verdict:
    """K9 (statute art. 39.7; 22-QĐ/TW art. 22): a discipline complaint goes to a level above the one that decided
    — an org above the decider's (paths of the tree of the day) — or, first, to the committee or its standing
    committee against the decision of its own inspection commission."""
    r = rule(K9_ADMISSIBLE, on)
    above = decider_path.startswith(handler_path) and decider_path != handler_path
    own_commission = (handler_path == decider_path and decider_body == Body.COMMISSION
                      and handler_body in (Body.COMMITTEE, Body.STANDING))
    if above or own_commission:
        return Verdict(True, r, "Cấp nhận khiếu nại là cấp trên của cấp đã quyết định kỷ luật.")
    return Verdict(False, r, "Khiếu nại kỷ luật phải gửi lên cấp trên của cấp đã quyết định kỷ luật (hoặc cấp ủy, "
                   "ban thường vụ đối với quyết định của ủy ban kiểm tra cùng cấp); tổ chức nhận đơn không ở trên "
                   "cấp đã quyết định.")


def complaint_deadline(received_on: dt.date, *, central: bool, calendar=None) -> Deadline:
    """K9: resolution within 90 (province and below) or 180 (centre) working days of receipt."""
    return _deadline(K9_DEADLINE, p.COMPLAINT_RESOLUTION, received_on, central=central, calendar=calendar)
