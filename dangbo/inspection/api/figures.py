"""K10 over JSON: the period's figures of inspection, supervision and discipline work of an org's subtree — counts
only, read through ``inspection.figures.figures``, which decides who may read them (the inspection commission over
the org, the organization commission over it); anyone else gets 404 naming ``org``, as for a case. The period is
written as documents write it (``period``: “năm 2024”, “6 tháng đầu năm 2024”, “quý I/2024”) or given by its two
days (``start``, ``end``); this year by default."""

import datetime as dt

from ninja import Field, Query, Router, Schema

from dangbo.core import periods
from dangbo.core.api import ERRORS, Id
from dangbo.core.dates import format_date, today
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.inspection import figures, paragraphs
from dangbo.inspection.api.common import TAG, P, field_of, with_field
from dangbo.inspection.figures import BODY_KINDS, Figures, Tally
from dangbo.orgs.api import org_in_scope

router = Router(tags=[TAG])


class FiguresQuery(Schema):
    org: Id = Field(description="tổ chức (cả cây trực thuộc tại ngày cuối kỳ)")
    period: str | None = Field(None, max_length=60, description="kỳ như văn bản viết: “năm 2024”, “6 tháng đầu năm "
                                                                "2024”, “quý I/2024”; mặc định: năm nay")
    start: dt.date | None = Field(None, description="từ ngày (cùng với end, thay cho period)")
    end: dt.date | None = Field(None, description="đến ngày (cùng với start)")


class TallyOut(Schema):
    cases: int = Field(description="số cuộc")
    orgs: int = Field(description="lượt tổ chức đảng")
    members: int = Field(description="lượt đảng viên")


class LettersOut(Schema):
    received: int = Field(description="tiếp nhận trong kỳ")
    not_handled: int = Field(description="trong đó không xem xét, giải quyết (nặc danh, tố cáo lại, không cụ thể)")
    taken_up: int = Field(description="trong đó đủ điều kiện, được xem xét, giải quyết")
    resolved: int = Field(description="giải quyết xong trong kỳ")
    in_progress: int = Field(description="đang giải quyết cuối kỳ")


class FiguresOut(Schema):
    org_id: int
    org_name: str
    period: str = Field(description="kỳ, như văn bản viết")
    start: dt.date
    end: dt.date
    checks: dict[str, TallyOut] = Field(description="kiểm tra theo chủ thể: " + ", ".join(
        f"{k} ({v})" for k, v in BODY_KINDS.items()))
    supervisions: dict[str, TallyOut] = Field(description="giám sát theo chủ thể (như checks)")
    all_checks: TallyOut
    all_supervisions: TallyOut
    violation_checks: TallyOut = Field(description="ủy ban kiểm tra kiểm tra khi có dấu hiệu vi phạm")
    finance_checks: TallyOut = Field(description="kiểm tra tài chính đảng")
    denunciations: LettersOut
    complaints_received: int = Field(description="đơn khiếu nại kỷ luật tiếp nhận trong kỳ")
    complaints_settled: int = Field(description="đơn khiếu nại kỷ luật giải quyết xong trong kỳ")
    members_disciplined: dict[str, int] = Field(description="đảng viên bị kỷ luật theo hình thức")
    members_disciplined_total: int
    orgs_disciplined: dict[str, int] = Field(description="tổ chức đảng bị kỷ luật theo hình thức")
    orgs_disciplined_total: int
    struck_off: int = Field(description="đảng viên bị xóa tên")
    dismissed: int = Field(description="đảng viên bị cho ra khỏi Đảng")
    sentence: str = Field(description="câu của báo cáo sơ kết, tổng kết")


def period_of(query: FiguresQuery) -> periods.Period:
    """The period asked for: its two days, or as documents write it, or this year; bad input names the field."""
    if query.start is not None or query.end is not None:
        if query.period:
            raise DomainError("Chỉ ghi kỳ (period) hoặc khoảng ngày (start, end), không ghi cả hai.", field="period")
        for name in ("start", "end"):
            if getattr(query, name) is None:
                raise DomainError("Phải ghi cả từ ngày (start) và đến ngày (end).", field=name)
        if query.end < query.start:
            raise DomainError("Đến ngày phải sau từ ngày.", field="end")
        return periods.Period("range", query.start, query.end, f"thời gian từ ngày {format_date(query.start)} "
                                                               f"đến ngày {format_date(query.end)}")
    if not (query.period or "").strip():
        return periods.year(today().year)
    try:
        return periods.parse_period(query.period)
    except ValueError as exc:
        raise DomainError(str(exc), field="period") from exc


def _tally(t: Tally) -> dict:
    return {"cases": t.cases, "orgs": t.orgs, "members": t.members}


def shown(f: Figures) -> dict:
    return {
        "org_id": f.org.pk, "org_name": f.org.name, "period": f.period.label, "start": f.period.start,
        "end": f.period.end, "checks": {k: _tally(t) for k, t in f.checks.items()},
        "supervisions": {k: _tally(t) for k, t in f.supervisions.items()}, "all_checks": _tally(f.all_checks),
        "all_supervisions": _tally(f.all_supervisions), "violation_checks": _tally(f.violation_checks),
        "finance_checks": _tally(f.finance_checks), "denunciations": vars(f.denunciations),
        "complaints_received": f.complaints_received, "complaints_settled": f.complaints_settled,
        "members_disciplined": {str(k): n for k, n in f.members_disciplined.items()},
        "members_disciplined_total": f.members_disciplined_total,
        "orgs_disciplined": {str(k): n for k, n in f.orgs_disciplined.items()},
        "orgs_disciplined_total": f.orgs_disciplined_total, "struck_off": f.struck_off, "dismissed": f.dismissed,
        "sentence": paragraphs.sentence(f)}


@router.get(f"{P}/figures", response={200: FiguresOut, **ERRORS},
            summary="Số liệu kiểm tra, giám sát, kỷ luật của một tổ chức (cả cây trực thuộc) trong kỳ báo cáo "
                    "(chỉ ủy ban kiểm tra và ban tổ chức cấp ủy trên tổ chức đó được xem)")
def figures_get(request, query: Query[FiguresQuery]):
    user = request.auth
    org = org_in_scope(user, query.org, "org")
    # who may read is decided before the period is looked at: an outsider learns nothing from a bad period
    if not figures.may_read(user, org):
        raise with_field(OutOfScope(), "org")
    period = period_of(query)
    with field_of("org"):
        return shown(figures.figures(user=user, org=org, period=period))
