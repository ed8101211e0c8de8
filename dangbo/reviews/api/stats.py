"""Rating statistics over JSON: the same ``reviews.stats`` figures and paragraphs as the page and the XLSX."""

import datetime as dt

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from dangbo.core.api import ERRORS, Id, Page
from dangbo.core.exceptions import OutOfScope
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.models import Org
from dangbo.reviews import paragraphs, stats

router = Router(tags=["Đánh giá, xếp loại"])


class RatingCountsOut(Schema):
    listed: int = Field(description="trong danh sách (kể cả không xếp loại)")
    subject: int = Field(description="thuộc diện đánh giá, xếp loại")
    excluded: dict[str, int] = Field(description="không xếp loại, theo lý do")
    excluded_total: int
    undecided: int = Field(description="chưa có kết quả")
    decided: int = Field(description="đã xếp loại: mẫu số của các tỷ lệ")
    levels: dict[str, int] = Field(description="excellent, good, completed, not_completed")
    good_or_above: int = Field(description="hoàn thành tốt nhiệm vụ trở lên")
    percent: dict[str, float | None] = Field(description="tỷ lệ từng mức trên số đã xếp loại, làm tròn nửa lên")
    good_or_above_percent: float | None
    excellent_among_good_percent: float | None = Field(description="HTXSNV trên số HTT trở lên")


def _counts(counts: dict) -> dict:
    return {pop: c.as_dict() for pop, c in counts.items()}


class RatingChildOut(Schema):
    org_id: int
    name: str = Field(description="tên tại ngày tính số liệu")
    is_own: bool = Field(description="phần tính ngay tại tổ chức đang xem (không thuộc tổ chức trực thuộc nào)")
    counts: dict[str, RatingCountsOut]


class BreakdownOut(Schema):
    key: str
    label: str
    counts: RatingCountsOut
    parts: list["BreakdownOut"] = []


class RatingYearOut(Schema):
    year: int
    counts: dict[str, RatingCountsOut]


class StatsOut(Schema):
    org_id: int
    org_name: str
    name_on: str = Field(description="tên của tổ chức tại ngày tính số liệu")
    year: int
    counted_on: dt.date = Field(description="cây tổ chức tại ngày này (31/12 của năm, hoặc hôm nay)")
    populations: dict[str, RatingCountsOut] = Field(description="grassroots (TCCS), cell (chi bộ trực thuộc), member")
    paragraphs: dict[str, str] = Field(description="đoạn nhận định theo mẫu báo cáo")
    children: list[RatingChildOut]
    by_category: list[BreakdownOut] = Field(description="đảng viên theo đối tượng")
    by_kind: dict[str, list[BreakdownOut]] = Field(description="theo nhóm loại hình, từng loại hình trong nhóm")
    years: list[RatingYearOut]


def _breakdown(b: stats.Breakdown) -> dict:
    return {"key": b.key, "label": b.label, "counts": b.counts.as_dict(), "parts": [_breakdown(p) for p in b.parts]}


class StatsQuery(Schema):
    org: int | None = Field(None, description="tổ chức gốc; mặc định: tổ chức cao nhất trong phạm vi")
    year: int | None = Field(None, description="năm đánh giá; mặc định: năm gần nhất có đợt đánh giá")


def _root(user, pk) -> Org:
    if pk is None:
        org = org_selectors.org_roots(user=user).first()
        if org is None:
            raise OutOfScope()
        return org
    try:
        return org_selectors.org_get(user=user, pk=pk)
    except OutOfScope as exc:
        exc.field = "org"
        raise


@router.get("/reviews/stats", response={200: StatsOut, **ERRORS}, summary="Thống kê kết quả xếp loại")
def stats_get(request, query: Query[StatsQuery]):
    """Ba nhóm (tổ chức cơ sở đảng, chi bộ trực thuộc, đảng viên) của cây tổ chức tại 31/12 năm đánh giá:
    số lượng, tỷ lệ, theo tổ chức trực thuộc, theo đối tượng, theo loại hình, qua các năm, đoạn nhận định."""
    org = _root(request.auth, query.org)
    year = query.year or stats.default_year(org=org)
    s = stats.rating_stats(user=request.auth, org=org, year=year)
    return {
        "org_id": org.pk, "org_name": org.name, "name_on": s.name_on, "year": s.year, "counted_on": s.on,
        "populations": _counts(s.totals), "paragraphs": paragraphs.for_stats(s),
        "children": [{"org_id": r.org_id, "name": r.name, "is_own": r.is_own, "counts": _counts(r.counts)}
                     for r in s.children],
        "by_category": [_breakdown(b) for b in s.by_category],
        "by_kind": {pop: [_breakdown(b) for b in rows] for pop, rows in s.by_kind.items()},
        "years": [{"year": y, "counts": _counts(c)} for y, c in s.years],
    }


class PeopleQuery(StatsQuery):
    population: str = Field(stats.MEMBER, description="grassroots, cell hoặc member")
    level: str = Field("all", description="all, subject, excluded, undecided, decided, good_or_above, "
                                          "excellent, good, completed, not_completed")
    reason: str = Field("", description="lý do không xếp loại (với level=excluded)")
    child: Id | None = Field(None, description="chỉ trong cây của tổ chức này (thuộc tổ chức gốc tại ngày tính)")
    own: bool = Field(False, description="chỉ phần tính ngay tại tổ chức gốc")
    category: str = Field("", description="đối tượng đảng viên")
    kind: str = Field("", description="mã loại hình (“-”: chưa phân loại)")
    kind_group: str = Field("", description="nhóm loại hình")


class PersonOut(Schema):
    assessment_id: int
    member_id: int | None
    member_name: str | None
    org_id: int = Field(description="đơn vị tính: chi bộ của đảng viên, hoặc chính tổ chức")
    org_name: str
    status: str
    exclusion: str
    final_level: str

    @staticmethod
    def resolve_assessment_id(obj):
        return obj.pk

    @staticmethod
    def resolve_member_name(obj):
        return obj.member.full_name if obj.member_id else None

    @staticmethod
    def resolve_org_name(obj):
        return obj.org.name


@router.get("/reviews/stats/people", response={200: list[PersonOut], **ERRORS},
            summary="Danh sách đứng sau một con số thống kê")
@paginate(Page)
def stats_people(request, query: Query[PeopleQuery]):
    """Những phiếu đánh giá tạo nên một con số của /api/reviews/stats: cùng cây, cùng ngày, cùng mức."""
    org = _root(request.auth, query.org)
    year = query.year or stats.default_year(org=org)
    return stats.rating_people(user=request.auth, org=org, year=year, population=query.population,
                               selection=query.level, reason=query.reason, child_id=query.child, own=query.own,
                               category=query.category, kind=query.kind, kind_group=query.kind_group).rows
