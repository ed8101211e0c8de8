"""Compliance alerts and the rating of cell meetings over JSON: the same ``selectors.alerts`` /
``selectors.stats`` figures and sentences as the pages and their XLSX."""

import datetime as dt

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from dangbo.core.api import ERRORS, Page
from dangbo.core.dates import today
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.periods import Period, parse_period, year
from dangbo.meetings import paragraphs
from dangbo.meetings.selectors import alerts as alert_selectors
from dangbo.meetings.selectors import stats
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.api import org_in_scope
from dangbo.targets.registry import measure, shared

router = Router(tags=["Sinh hoạt chi bộ"])


def _root(user, pk):
    if pk is None:
        org = org_selectors.org_roots(user=user).first()
        if org is None:
            raise OutOfScope()
        return org
    return org_in_scope(user, pk, "org")


def _period(text: str | None) -> Period:
    if not (text or "").strip():
        return year(today().year)
    try:
        return parse_period(text)
    except ValueError as exc:
        raise DomainError(str(exc), field="period") from exc


class AlertsQuery(Schema):
    org: int | None = Field(None, description="tổ chức gốc (cả cây con); mặc định: tổ chức cao nhất trong phạm vi")
    period: str | None = Field(None, description="kỳ như văn bản viết: “năm 2024”, “quý I/2024”, “tháng 3/2024”; "
                                                 "mặc định: năm nay")
    as_of: dt.date | None = Field(None, description="tính đến ngày (mặc định hôm nay): tháng đã hết hạn sinh hoạt, "
                                                    "quý đã kết thúc, vắng không lý do trong 12 tháng đến ngày này")
    kind: str | None = Field(None, description="chỉ một loại: " + ", ".join(alert_selectors.KINDS))


class AlertOut(Schema):
    kind: str = Field(description=", ".join(f"{k} ({v})" for k, v in alert_selectors.KINDS.items()))
    heading: str
    cell_id: int
    cell_name: str = Field(description="tên chi bộ tại ngày cuối kỳ")
    month: dt.date | None = Field(description="ngày đầu tháng (hoặc quý) mà cảnh báo nói tới")
    quarter: str
    record: str = Field(description="hồ sơ cần xử lý: meeting, cell, member hoặc assignment")
    record_id: int
    meeting_id: int | None
    member_id: int | None
    assignment_id: int | None
    text: str


@router.get("/meetings/alerts", response={200: list[AlertOut], **ERRORS}, summary="Cảnh báo sinh hoạt chi bộ")
@paginate(Page)
def alerts_list(request, query: Query[AlertsQuery]):
    """Các chi bộ của cây tổ chức (tại ngày cuối kỳ) không sinh hoạt định kỳ trong tháng, không sinh hoạt chuyên
    đề trong quý, chi ủy không họp chuẩn bị, họp ngoài thời gian quy định, chưa có nghị quyết hoặc kết luận; đảng
    viên vắng không lý do từ 3 lần trong 12 tháng; cấp ủy viên cấp trên được phân công chưa dự sinh hoạt."""
    org = _root(request.auth, query.org)
    if query.kind and query.kind not in alert_selectors.KINDS:
        raise DomainError("Loại cảnh báo không có: chọn " + ", ".join(alert_selectors.KINDS) + ".", field="kind")
    found = alert_selectors.compliance_alerts(user=request.auth, org=org, period=_period(query.period),
                                              as_of=query.as_of or today())
    return [a for a in found if not query.kind or a.kind == query.kind]


class RatingsQuery(Schema):
    org: int | None = Field(None, description="tổ chức gốc; mặc định: tổ chức cao nhất trong phạm vi")
    period: str | None = Field(None, description="kỳ: “năm 2024”, “quý I/2024”, “tháng 3/2024”; mặc định: năm nay")


class LevelsOut(Schema):
    held: int = Field(description="kỳ sinh hoạt định kỳ đã họp")
    rated: int = Field(description="đã xếp loại: mẫu số của các tỷ lệ")
    levels: dict[str, int] = Field(description="good (Tốt), fair (Khá), average (Trung bình), poor (Yếu)")
    percent: dict[str, float | None] = Field(description="tỷ lệ từng mức, làm tròn nửa lên một chữ số thập phân")


class MonthOut(LevelsOut):
    month: dt.date


class ComplianceChildOut(LevelsOut):
    org_id: int
    name: str = Field(description="tên tại ngày cuối kỳ")
    is_cell: bool


class RatingsOut(Schema):
    org_id: int
    org_name: str
    period: str
    counted_on: dt.date = Field(description="cây tổ chức tại ngày này (cuối kỳ, hoặc hôm nay)")
    total: LevelsOut
    months: list[MonthOut]
    children: list[ComplianceChildOut]
    sentences: list[str] = Field(description="các câu nhận định theo mẫu báo cáo")


def _levels(levels: stats.Levels) -> dict:
    return {"held": levels.held, "rated": levels.rated, "levels": dict(levels.counts),
            "percent": {lv: None if levels.share(lv) is None else float(levels.share(lv)) for lv in stats.LEVELS}}


@router.get("/meetings/ratings", response={200: RatingsOut, **ERRORS}, summary="Xếp loại sinh hoạt chi bộ")
def ratings_get(request, query: Query[RatingsQuery]):
    """Số kỳ sinh hoạt định kỳ của các chi bộ xếp loại Tốt, Khá, Trung bình, Yếu theo tháng và theo tổ chức trực
    thuộc; các câu nhận định (bình quân mỗi tháng, sinh hoạt chuyên đề, phân công nhiệm vụ …)."""
    org = _root(request.auth, query.org)
    period = _period(query.period)
    dist = stats.distribution(user=request.auth, org=org, period=period, as_of=today())
    with shared():
        measures = {code: measure(code, org=org, period=period) for code in paragraphs.CODES}
    sentences = paragraphs.sentences(measures, stats.level_groups(org=org, period=period, as_of=today()))
    return {
        "org_id": org.pk, "org_name": org.name, "period": period.label, "counted_on": dist.on,
        "total": _levels(dist.total),
        "months": [{"month": m, **_levels(levels)} for m, levels in dist.months],
        "children": [{"org_id": r.org_id, "name": r.name, "is_cell": r.is_cell, **_levels(r.levels)}
                     for r in dist.children],
        "sentences": sentences,
    }
