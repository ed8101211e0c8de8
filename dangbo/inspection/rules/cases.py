"""Cases, follow-ups and the workflows of denunciations and proposals (RULES.md K4, K5, K7): the allowed steps and
transitions, and which follow-ups are overdue."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dangbo.core.rules import RuleViolation
from dangbo.inspection.choices import (
    ADVISORY_WORK,
    STEP_PHASE,
    CaseBody,
    DenunciationStatus,
    ProposalStatus,
    WorkKind,
)
from dangbo.inspection.rules.base import K1_BODIES, K4_FOLLOW_UP, K5_SCREEN, K7_POWER, rule

DS = DenunciationStatus
PS = ProposalStatus
DENUNCIATION_FLOW = {
    DS.RECEIVED: {DS.NOT_HANDLED, DS.SCREENED, DS.WITHDRAWN},
    DS.SCREENED: {DS.ASSIGNED, DS.WITHDRAWN},
    DS.ASSIGNED: {DS.RESOLVED, DS.WITHDRAWN},
    DS.NOT_HANDLED: set(),
    DS.RESOLVED: set(),
    DS.WITHDRAWN: set(),
}
PROPOSAL_FLOW = {
    PS.PROPOSED: {PS.VOTED, PS.REJECTED},
    PS.VOTED: {PS.DECIDED, PS.REJECTED},
    PS.DECIDED: set(),
    PS.REJECTED: set(),
}


def check_denunciation_move(current: str, new: str, on: dt.date) -> None:
    """K5: received → screened (or not handled) → assigned → resolved; a withdrawal ends it before resolution."""
    if new not in DENUNCIATION_FLOW.get(current, set()):
        raise RuleViolation(rule(K5_SCREEN, on), f"Đơn đang ở trạng thái “{DS(current).label}”, không thể chuyển "
                            f"sang “{DS(new).label}”.", field="status")


def check_proposal_move(current: str, new: str, on: dt.date) -> None:
    """K7: proposed → voted (the vote carried) → decided; a vote that does not carry rejects it."""
    if new not in PROPOSAL_FLOW.get(current, set()):
        raise RuleViolation(rule(K7_POWER, on), f"Đề nghị kỷ luật đang ở trạng thái “{PS(current).label}”, không "
                            f"thể chuyển sang “{PS(new).label}”.", field="status")


def check_step(step: str, phase: str, on: dt.date, decided_on: dt.date) -> None:
    """K4: a step belongs to its phase and falls on or after the case's decision."""
    r = rule(K4_FOLLOW_UP, on)
    if STEP_PHASE.get(step) != phase:
        raise RuleViolation(r, f"Bước này thuộc giai đoạn khác ({STEP_PHASE.get(step, '?')}).", field="phase")
    if on < decided_on:
        raise RuleViolation(r, f"Ngày của bước ({on:%d/%m/%Y}) trước ngày quyết định kiểm tra, giám sát "
                            f"({decided_on:%d/%m/%Y}).", field="date")


@dataclass(frozen=True)
class FollowUpFact:
    id: int
    due_on: dt.date
    done_on: dt.date | None = None


def overdue(items: Iterable[FollowUpFact], as_of: dt.date) -> list[int]:
    """K4: the follow-ups not done whose due date has passed on ``as_of``, by due date."""
    late = [f for f in items if f.done_on is None and f.due_on < as_of]
    return [f.id for f in sorted(late, key=lambda f: (f.due_on, f.id))]


def check_body_work(body: str, kind: str, on: dt.date) -> None:
    """K1: an advisory body of the committee (ban, văn phòng cấp ủy) checks and supervises within its field; it
    never checks on signs of violation, nor handles denunciations, complaints or discipline."""
    if body != CaseBody.ADVISORY or kind in ADVISORY_WORK:
        return
    r = rule(K1_BODIES, on)
    if kind == WorkKind.SIGNS_OF_VIOLATION:
        raise RuleViolation(r, "Cơ quan tham mưu, giúp việc cấp ủy không kiểm tra khi có dấu hiệu vi phạm; việc này do "
                            f"cấp ủy, ban thường vụ, ủy ban kiểm tra hoặc chi bộ thực hiện (K1, {r.citation}).",
                            field="kind")
    raise RuleViolation(r, f"Cơ quan tham mưu, giúp việc cấp ủy chỉ kiểm tra, giám sát trong lĩnh vực được giao, "
                        f"không làm “{WorkKind(kind).label}” (K1, {r.citation}).", field="kind")
