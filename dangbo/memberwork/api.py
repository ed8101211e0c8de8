"""The member-work registers over JSON, mounted at /api/ by ``dangbo.api`` (docs/memberwork.md): an org's rewards,
Huy hiệu awards and card issues of a period, and recording each. Reads through ``memberwork.selectors``, every
change through ``memberwork.services``: another level 403 (``PowerViolation``), a Huy hiệu under the step 400
until ``note`` holds the reason, outside the scope 404."""

import datetime as dt

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangbo.core.api import ERRORS, In, NoticeOut, Page
from dangbo.core.dates import today
from dangbo.core.exceptions import OutOfScope
from dangbo.members import selectors as member_selectors
from dangbo.memberwork import selectors, services
from dangbo.memberwork.choices import CardKind, RewardForm, RewardLevel
from dangbo.orgs.api import org_in_scope

router = Router(tags=["Nghiệp vụ công tác đảng viên"])
P = "/memberwork"


# --- output --------------------------------------------------------------------------------------------------------

class RewardOut(Schema):
    id: int
    org_id: int = Field(description="tổ chức được khen, hoặc chi bộ của đảng viên được khen ngày quyết định")
    org_name: str
    member_id: int | None = Field(description="đảng viên được khen (null: khen tổ chức)")
    recipient_name: str
    form: RewardForm
    level: RewardLevel
    awarded_on: dt.date
    decision_ref: str
    decided_by: str
    reason: str
    note: str

    @staticmethod
    def resolve_org_name(obj):
        return obj.org.name


class BadgeOut(Schema):
    id: int
    member_id: int
    member_name: str
    org_id: int = Field(description="chi bộ của đảng viên ngày trao")
    years: int = Field(description="Huy hiệu … năm tuổi Đảng")
    awarded_on: dt.date
    decision_ref: str
    decided_by: str
    note: str

    @staticmethod
    def resolve_member_name(obj):
        return obj.member.full_name


class BadgeSavedOut(Schema):
    award: BadgeOut
    notices: list[NoticeOut] = Field(description="điều được phép khi có lý do (đã ghi trong ghi chú)")


class CardOut(Schema):
    id: int
    member_id: int
    member_name: str
    org_id: int = Field(description="chi bộ của đảng viên ngày phát thẻ")
    kind: CardKind
    issued_on: dt.date
    card_number: str
    decision_ref: str
    note: str

    @staticmethod
    def resolve_member_name(obj):
        return obj.member.full_name


# --- input ---------------------------------------------------------------------------------------------------------

class PeriodFilters(Schema):
    org: int = Field(description="tổ chức (cả cây trực thuộc)")
    start: dt.date | None = Field(None, description="từ ngày (mặc định: 01/01 năm nay)")
    end: dt.date | None = Field(None, description="đến ngày (mặc định: 31/12 năm nay)")
    q: str = Field("", description="tìm theo họ tên đảng viên (không phân biệt dấu)")


class RewardIn(In):
    member: int | None = Field(None, description="đảng viên được khen")
    org: int | None = Field(None, description="hoặc: tổ chức đảng được khen (chỉ một trong hai)")
    form: RewardForm
    level: RewardLevel
    awarded_on: dt.date = Field(description="ngày quyết định")
    decision_ref: str = Field(max_length=80, description="số quyết định")
    decided_by: str = Field(max_length=200, description="cơ quan quyết định")
    reason: str = Field("", max_length=255, description="thành tích")
    note: str = ""


class BadgeIn(In):
    member: int
    years: int = Field(description="mốc Huy hiệu: 30, 40, 45 … 90 năm tuổi Đảng")
    awarded_on: dt.date
    decision_ref: str = Field(max_length=80)
    decided_by: str = Field("", max_length=200)
    note: str = Field("", description="lý do (bắt buộc khi tuổi đảng ngày trao chưa đủ mốc)")


class CardIn(In):
    member: int
    kind: CardKind
    issued_on: dt.date
    card_number: str = Field(max_length=40)
    decision_ref: str = Field("", max_length=80)
    note: str = ""


# --- helpers --------------------------------------------------------------------------------------------------------

def _period(filters: PeriodFilters) -> tuple[dt.date, dt.date]:
    year = today().year
    return filters.start or dt.date(year, 1, 1), filters.end or dt.date(year, 12, 31)


def _member(user, pk):
    try:
        return member_selectors.member_get(user=user, pk=pk)
    except OutOfScope as exc:
        exc.field = "member"
        raise


# --- endpoints ------------------------------------------------------------------------------------------------------

@router.get(f"{P}/rewards", response={200: list[RewardOut], **ERRORS},
            summary="Khen thưởng tổ chức đảng và đảng viên trong cây của một tổ chức, quyết định trong khoảng ngày")
@paginate(Page)
def reward_list(request, filters: Query[PeriodFilters]):
    org = org_in_scope(request.auth, filters.org, "org")
    start, end = _period(filters)
    return selectors.rewards_of(user=request.auth, org=org, start=start, end=end, q=filters.q)


@router.post(f"{P}/rewards", response={201: RewardOut, **ERRORS},
             summary="Ghi khen thưởng (cờ thi đua, bằng khen, giấy khen) cho một tổ chức đảng hoặc một đảng viên")
def reward_record(request, payload: RewardIn):
    user = request.auth
    member = _member(user, payload.member) if payload.member is not None else None
    org = org_in_scope(user, payload.org, "org") if payload.org is not None else None
    reward = services.reward_record(
        actor=user, member=member, org=org, form=payload.form.value, level=payload.level.value,
        awarded_on=payload.awarded_on, decision_ref=payload.decision_ref, decided_by=payload.decided_by,
        reason=payload.reason, note=payload.note)
    return Status(201, reward)


@router.get(f"{P}/badges", response={200: list[BadgeOut], **ERRORS},
            summary="Huy hiệu Đảng đã trao cho đảng viên trong cây của một tổ chức, trong khoảng ngày")
@paginate(Page)
def badge_list(request, filters: Query[PeriodFilters]):
    org = org_in_scope(request.auth, filters.org, "org")
    start, end = _period(filters)
    return selectors.badge_awards_of(user=request.auth, org=org, start=start, end=end, q=filters.q)


@router.post(f"{P}/badges", response={201: BadgeSavedOut, **ERRORS},
             summary="Ghi trao Huy hiệu Đảng (mỗi mốc một lần; chưa đủ tuổi đảng: phải ghi lý do)")
def badge_award(request, payload: BadgeIn):
    user = request.auth
    result = services.badge_award(actor=user, member=_member(user, payload.member), years=payload.years,
                                  awarded_on=payload.awarded_on, decision_ref=payload.decision_ref,
                                  decided_by=payload.decided_by, note=payload.note)
    return Status(201, {"award": result.award, "notices": list(result.notices)})


@router.get(f"{P}/cards", response={200: list[CardOut], **ERRORS},
            summary="Thẻ đảng viên phát lần đầu, cấp lại, đổi trong cây của một tổ chức, trong khoảng ngày")
@paginate(Page)
def card_list(request, filters: Query[PeriodFilters]):
    org = org_in_scope(request.auth, filters.org, "org")
    start, end = _period(filters)
    return selectors.card_issues_of(user=request.auth, org=org, start=start, end=end, q=filters.q)


@router.post(f"{P}/cards", response={201: CardOut, **ERRORS},
             summary="Ghi phát thẻ đảng viên (lần đầu: đảng viên chính thức), cấp lại khi mất, đổi khi hư hỏng; số "
                     "thẻ ghi vào hồ sơ đảng viên")
def card_issue(request, payload: CardIn):
    user = request.auth
    issue = services.card_issue(actor=user, member=_member(user, payload.member), kind=payload.kind.value,
                                issued_on=payload.issued_on, card_number=payload.card_number,
                                decision_ref=payload.decision_ref, note=payload.note)
    return Status(201, issue)
