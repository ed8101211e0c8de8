"""The admission pipeline over JSON, mounted at /api/ by ``dangbo.api``: a cell's candidates, one candidate's file
with its steps, introducers, the steps it may take next and their deadlines; the person's record, the introducers
and each step recorded through ``admissions.services`` (the rule's refusal 400 with its code and citation, another
level's step 403, outside the scope 404)."""

import datetime as dt
from enum import Enum
from typing import Any

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangbo.admissions import paragraphs, selectors, services
from dangbo.admissions.choices import Group, Route, Source, Stage, Step
from dangbo.admissions.models import Candidate
from dangbo.admissions.rules import DECISION, GRASSROOTS
from dangbo.core.api import ERRORS, In, NoticeOut, Page, require_write
from dangbo.core.dates import today
from dangbo.core.exceptions import OutOfScope
from dangbo.core.periods import year as year_period
from dangbo.members import selectors as member_selectors
from dangbo.members.choices import Gender, GeneralEducation, MemberCategory
from dangbo.members.models import Member
from dangbo.orgs.api import org_in_scope

router = Router(tags=["Kết nạp đảng viên"])


# --- output --------------------------------------------------------------------------------------------------------

class CandidateOut(Schema):
    id: int
    full_name: str
    gender: Gender
    date_of_birth: dt.date
    org_id: int = Field(description="chi bộ")
    org_name: str
    stage: Stage
    stage_name: str
    source: Source
    groups: list[Group]
    listed_on: dt.date = Field(description="ngày đưa vào danh sách quần chúng ưu tú")
    member_id: int | None = Field(description="đảng viên (sau lễ kết nạp)")

    @staticmethod
    def resolve_org_name(obj):
        return obj.org.name

    @staticmethod
    def resolve_stage_name(obj):
        return obj.get_stage_display()


class StepOut(Schema):
    id: int
    step: Step
    step_name: str
    attempt: int = Field(description="lần (biểu quyết có thể làm lại)")
    date: dt.date
    document_ref: str
    decided_by: str
    passed: bool
    detail: dict[str, Any] = Field(description="ngày cấp giấy chứng nhận, số phiếu, hạn (due), …")
    note: str

    @staticmethod
    def resolve_step_name(obj):
        return obj.get_step_display()


class IntroducerOut(Schema):
    id: int
    member_id: int
    full_name: str
    route: Route
    together_since: dt.date
    given_on: dt.date
    replaced_on: dt.date | None

    @staticmethod
    def resolve_full_name(obj):
        return obj.member.full_name


class NextStepOut(Schema):
    step: Step
    step_name: str = Field(description="tên bước (mẫu biểu)")
    due: dt.date | None = Field(description="hạn cuối tính theo ngày làm việc (M5 quyết định, M6 lễ kết nạp)")

    @staticmethod
    def resolve_step_name(obj):
        return obj.label


class CandidateDetailOut(CandidateOut):
    ethnicity: str
    religion: str
    hometown: str
    residence: str
    cccd: str | None
    general_education: GeneralEducation
    occupation: str
    category: MemberCategory
    helper_id: int | None = Field(description="đảng viên được phân công giúp đỡ")
    introduced_by_id: int | None = Field(description="cấp ủy viên giới thiệu")
    steps: list[StepOut] = Field(description="các bước đã ghi, cũ trước")
    introducers: list[IntroducerOut]
    next_steps: list[NextStepOut] = Field(description="các bước có thể ghi tiếp, với hạn nếu có")

    # read once by ``_detail`` through the selectors
    @staticmethod
    def resolve_steps(obj):
        return obj.steps_list

    @staticmethod
    def resolve_introducers(obj):
        return obj.introducers_list

    @staticmethod
    def resolve_next_steps(obj):
        return obj.next_list


class StepSavedOut(Schema):
    step: StepOut
    notices: list[NoticeOut] = Field(description="điều được phép khi có lý do (đã ghi trong ghi chú)")


# --- input ---------------------------------------------------------------------------------------------------------

class CandidateIn(In):
    org_id: int = Field(description="chi bộ")
    full_name: str = Field(max_length=120)
    date_of_birth: dt.date
    gender: Gender
    ethnicity: str = Field("Kinh", max_length=40)
    religion: str = Field("Không", max_length=40)
    hometown: str = Field("", max_length=200)
    residence: str = Field("", max_length=200)
    cccd: str | None = Field(None, description="12 chữ số")
    general_education: GeneralEducation
    occupation: str = Field("", max_length=120)
    category: MemberCategory = MemberCategory.OTHER
    source: Source = Source.OTHER
    groups: list[Group] = []
    listed_on: dt.date = Field(description="ngày đưa vào danh sách quần chúng ưu tú")
    helper_id: int | None = Field(None, description="đảng viên được phân công giúp đỡ")
    introduced_by_id: int | None = Field(None, description="cấp ủy viên giới thiệu (002)")


class IntroducerIn(In):
    member_id: int = Field(description="đảng viên chính thức giới thiệu")
    route: Route
    together_since: dt.date = Field(description="cùng công tác, học tập, cư trú từ ngày")
    given_on: dt.date = Field(description="ngày giới thiệu")


class StepIn(In):
    step: Step
    date: dt.date
    document_ref: str = Field("", max_length=120, description="văn bản (số, ngày)")
    decided_by: str = Field("", max_length=200, description="cơ quan, người quyết định")
    note: str = Field("", description="lý do, văn bản chấp thuận (bắt buộc khi quá hạn, quá tuổi, …)")
    detail: dict[str, Any] = Field(default_factory=dict, description="course: issued_on; cell_vote: yes, eligible; "
                                                                     "decision: extension_days; ceremony: received_on")


class CandidateCountsOut(Schema):
    label: str = Field(description="Năm 2021, 6 tháng đầu năm 2023, Nhiệm kỳ 2020 - 2025, Từ đầu năm … đến nay")
    start: dt.date
    end: dt.date
    counted_on: dt.date = Field(description="ngày tính (cây tổ chức của ngày này): cuối kỳ, hoặc hôm nay")
    admitted: int = Field(description="số người được kết nạp")
    categories: dict[str, int] = Field(description="trong đó theo nhóm đối tượng (một người có thể thuộc nhiều "
                                                   "nhóm): " + ", ".join(f"{c}: {n}" for c, (n, _q)
                                                                        in selectors.CATEGORIES.items()))
    plan: int | None = Field(description="chỉ tiêu kết nạp được giao (nhiệm kỳ: tổng các năm); null: chưa giao")
    base: int = Field(description="đảng viên trong danh sách ngày trước ngày đầu kỳ (cơ sở tính tỷ lệ)")
    base_on: dt.date
    sentence: str = Field(description="câu báo cáo theo mẫu 002 (trống với nhiệm kỳ)")


class CountsFilters(Schema):
    org: int = Field(description="tổ chức (cả cây trực thuộc)")
    year: int | None = Field(None, ge=1990, le=2100, description="năm (6 tháng đầu năm và cả năm); mặc định năm nay")
    term: int | None = Field(None, description="nhiệm kỳ (id): từng năm và cả nhiệm kỳ; thay cho year")


class CandidateFilters(Schema):
    org: int = Field(description="tổ chức (cả cây trực thuộc)")
    stage: Stage | None = None
    q: str = Field("", description="tìm theo họ tên, số CCCD; không phân biệt dấu")


# --- helpers --------------------------------------------------------------------------------------------------------

def _candidate(user, pk, write: bool = False) -> Candidate:
    candidate = selectors.candidate_get(user=user, pk=pk)
    if write:
        require_write(user, candidate.org.path)
    return candidate


def _member(user, pk: int | None, field: str) -> Member | None:
    if pk is None:
        return None
    try:
        return member_selectors.member_get(user=user, pk=pk)
    except OutOfScope as exc:
        exc.field = field
        raise


def _plain(value):
    """Choices as their codes: the services compare them with plain strings (an enum member hashes by name)."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.value if isinstance(value, Enum) else value


def _detail(user, pk) -> Candidate:
    candidate = _candidate(user, pk)
    candidate.steps_list = selectors.steps_of(candidate)
    candidate.introducers_list = selectors.introductions_of(candidate)
    candidate.next_list = selectors.next_steps(candidate, candidate.steps_list)
    return candidate


def _counts(user, filters: "CountsFilters") -> list[dict]:
    org = org_in_scope(user, filters.org, "org")
    if filters.term is not None:
        term = next((t for t in selectors.terms_for(user=user, org=org) if t.pk == filters.term), None)
        if term is None:
            exc = OutOfScope("Không tìm thấy nhiệm kỳ của tổ chức này.")
            exc.field = "term"
            raise exc
        period = selectors.term_period(term)
        periods = [*(year_period(y) for y in period.years), period]
    else:
        periods = selectors.year_periods(filters.year or today().year)
    out = []
    for c in selectors.admission_counts(user=user, org=org, periods=periods):
        sentence = "" if c.period.kind == "term" else paragraphs.admission_sentence(
            c.label, admitted=c.admitted, plan=c.plan, base=c.base, body=org.name, partial=c.partial)
        out.append({"label": c.label, "start": c.period.start, "end": c.period.end, "counted_on": c.on,
                    "admitted": c.admitted, "categories": c.by_category, "plan": c.plan, "base": c.base,
                    "base_on": c.base_on, "sentence": sentence})
    return out


# --- endpoints ------------------------------------------------------------------------------------------------------

@router.get("/admissions/candidates", response={200: list[CandidateOut], **ERRORS},
            summary="Quần chúng ưu tú, đối tượng kết nạp trong cây của một tổ chức (thứ tự tên tiếng Việt)")
@paginate(Page)
def candidate_list(request, filters: Query[CandidateFilters]):
    org = org_in_scope(request.auth, filters.org, "org")
    return selectors.candidate_list(user=request.auth, org=org, stage=filters.stage or "", q=filters.q)


@router.get("/admissions/stats", response={200: list[CandidateCountsOut], **ERRORS},
            summary="Số kết nạp theo nhóm đối tượng, kế hoạch và đảng viên đầu kỳ, theo năm hoặc nhiệm kỳ")
def counts(request, filters: Query[CountsFilters]):
    return _counts(request.auth, filters)


@router.get("/admissions/candidates/{candidate_id}", response={200: CandidateDetailOut, **ERRORS},
            summary="Hồ sơ kết nạp: các bước đã ghi, người giới thiệu, các bước tiếp theo và hạn")
def candidate_detail(request, candidate_id: int):
    return _detail(request.auth, candidate_id)


@router.post("/admissions/candidates", response={201: CandidateDetailOut, **ERRORS},
             summary="Đưa một quần chúng ưu tú vào danh sách của chi bộ")
def candidate_create(request, payload: CandidateIn):
    user = request.auth
    org = org_in_scope(user, payload.org_id, "org_id", write=True)
    helper = _member(user, payload.helper_id, "helper_id")
    introduced_by = _member(user, payload.introduced_by_id, "introduced_by_id")
    data = {k: _plain(v) for k, v in payload.model_dump(include=set(services.CANDIDATE_FIELDS)).items()}
    candidate = services.candidate_create(actor=user, org=org, data=data, helper=helper, introduced_by=introduced_by)
    return Status(201, _detail(user, candidate.pk))


@router.post("/admissions/candidates/{candidate_id}/introducers", response={201: IntroducerOut, **ERRORS},
             summary="Ghi một người giới thiệu (đảng viên chính thức, ≥ 12 tháng cùng đơn vị — M3)")
def introducer_add(request, candidate_id: int, payload: IntroducerIn):
    user = request.auth
    candidate = _candidate(user, candidate_id, write=True)
    member = _member(user, payload.member_id, "member_id")
    row = services.introducer_add(actor=user, candidate=candidate, member=member, route=payload.route.value,
                                  together_since=payload.together_since, given_on=payload.given_on)
    return Status(201, row)


@router.post("/admissions/candidates/{candidate_id}/steps", response={201: StepSavedOut, **ERRORS},
             summary="Ghi một bước hồ sơ (thứ tự, quy tắc M1–M6, M8; đề nghị: đảng ủy cơ sở; quyết định: cấp ủy "
                     "cấp trên)")
def step_record(request, candidate_id: int, payload: StepIn):
    user = request.auth
    # the cell writes its file and the ceremony; the committees above answer for theirs (403 from the service)
    candidate = _candidate(user, candidate_id, write=payload.step not in (GRASSROOTS, DECISION))
    result = services.step_record(actor=user, candidate=candidate, step=payload.step.value, date=payload.date,
                                  document_ref=payload.document_ref, decided_by=payload.decided_by,
                                  note=payload.note, detail=payload.detail)
    return Status(201, {"step": result.step, "notices": list(result.notices)})


# --- overdue cases, stopping a case, replacing an introducer (issue 9) ---------------------------------------------

class OverdueOut(Schema):
    candidate: CandidateOut
    step: Step = Field(description="bước đang chờ: decision (M5) hoặc ceremony (M6)")
    step_name: str
    start: dt.date = Field(description="ngày bắt đầu tính hạn: nghị quyết của chi bộ (M5) hoặc quyết định (M6)")
    due: dt.date = Field(description="hạn cuối, tính theo ngày làm việc")
    late_days: int = Field(description="số ngày làm việc quá hạn tính đến ngày xem")
    late_calendar_days: int
    latest_due: dt.date | None = Field(description="M5: hạn cuối nếu được kéo dài tối đa 30 ngày làm việc")

    @staticmethod
    def resolve_step_name(obj):
        return obj.label


class OverdueFilters(Schema):
    org: int = Field(description="tổ chức (cả cây trực thuộc)")
    on: dt.date | None = Field(None, description="tính đến ngày (mặc định hôm nay)")


class StopIn(In):
    on: dt.date = Field(description="ngày dừng xem xét")
    reason: str = Field(max_length=2000, description="lý do dừng xem xét")


class StopOut(CandidateOut):
    stopped_on: dt.date | None
    stop_reason: str


class IntroducerReplaceIn(In):
    member_id: int = Field(description="đảng viên chính thức giới thiệu thay")
    on: dt.date = Field(description="ngày thay")
    together_since: dt.date = Field(description="cùng công tác, học tập, cư trú từ ngày")
    note: str = Field(max_length=2000, description="lý do thay (chuyển sinh hoạt, từ trần, bị kỷ luật…)")


@router.get("/admissions/overdue", response={200: list[OverdueOut], **ERRORS},
            summary="Hồ sơ quá hạn quyết định kết nạp (M5) hoặc lễ kết nạp (M6) trong cây của một tổ chức")
@paginate(Page)
def overdue_list(request, filters: Query[OverdueFilters]):
    org = org_in_scope(request.auth, filters.org, "org")
    return selectors.overdue_cases(user=request.auth, org=org, on=filters.on or today())


@router.post("/admissions/candidates/{candidate_id}/stop", response={200: StopOut, **ERRORS},
             summary="Dừng xem xét kết nạp (chi bộ hoặc cấp trên có quyền ghi; không dừng được sau lễ kết nạp)")
def candidate_stop(request, candidate_id: int, payload: StopIn):
    user = request.auth
    candidate = _candidate(user, candidate_id, write=True)
    return services.candidate_stop(actor=user, candidate=candidate, on=payload.on, reason=payload.reason)


@router.post("/admissions/candidates/{candidate_id}/introducers/{introduction_id}/replace",
             response={201: IntroducerOut, **ERRORS},
             summary="Thay người giới thiệu (M3; trong thời gian dự bị khi người giới thiệu chuyển đi, từ trần…)")
def introducer_replace(request, candidate_id: int, introduction_id: int, payload: IntroducerReplaceIn):
    user = request.auth
    candidate = _candidate(user, candidate_id, write=True)
    introduction = next((i for i in selectors.introductions_of(candidate) if i.pk == introduction_id), None)
    if introduction is None:
        exc = OutOfScope()
        exc.field = "introduction_id"
        raise exc
    member = _member(user, payload.member_id, "member_id")
    row = services.introducer_replace(actor=user, introduction=introduction, member=member, on=payload.on,
                                      together_since=payload.together_since, note=payload.note)
    return Status(201, row)
