"""The statistics forms (issue 10) over JSON, mounted at /api/ by ``dangbo.api``: the guidance in force and its
forms with their rows, one form of an org for a period (each row's "Kỳ này", "Cùng kỳ năm trước" and %, the
broken checks), and the members behind one figure of "Kỳ này". Reads through ``statforms.tables`` and
``statforms.selectors`` with the user's scope: an org outside it 404; a bad period 400 naming the field."""

import datetime as dt

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from dangbo.core.api import ERRORS, Page
from dangbo.core.dates import today
from dangbo.orgs.api import org_in_scope
from dangbo.statforms import selectors, tables
from dangbo.statforms.definitions import guidance_on

router = Router(tags=["Biểu mẫu thống kê"])


# --- output --------------------------------------------------------------------------------------------------------

class RowOut(Schema):
    key: str = Field(description="mã dòng in trên biểu (A, B1, C5b…)")
    label: str
    indent: int = Field(description="mức thụt lề (0: dòng chính, in đậm)")
    sum_of: list[str] = Field(description="dòng bằng tổng các dòng này (kiểm tra)")
    part_of: str = Field(description="dòng \"trong đó\" của dòng này (không lớn hơn nó)")
    equals: str = Field(description="dòng bằng biểu thức này (D = A + B − C)")


class FormOut(Schema):
    code: str
    number: str = Field(description="Biểu số N-BTCTW")
    title: str
    rows: list[RowOut]


class GuidanceOut(Schema):
    code: str
    name: str
    since: dt.date = Field(description="áp dụng cho kỳ báo cáo kết thúc từ ngày này")
    note: str
    forms: list[FormOut]


class LineOut(Schema):
    key: str
    label: str
    indent: int
    now: int = Field(description="kỳ này (2)")
    before: int = Field(description="cùng kỳ năm trước (3)")
    share: str = Field(description="(%) kỳ này so với cùng kỳ năm trước (4); trống khi (3) bằng 0")


class TableOut(Schema):
    guidance: str = Field(description="hướng dẫn đang áp dụng")
    form: str
    number: str
    title: str
    org_id: int
    org_name: str
    start: dt.date
    end: dt.date
    previous_start: dt.date
    previous_end: dt.date
    lines: list[LineOut]
    broken: list[str] = Field(description="các phép kiểm tra in trên biểu không khớp, nêu tên dòng")


class MemberOut(Schema):
    id: int
    full_name: str
    date_of_birth: dt.date
    org_id: int | None = Field(description="chi bộ sinh hoạt hiện nay")
    org_name: str
    status: str
    status_name: str

    @staticmethod
    def resolve_org_name(obj):
        return obj.org.name if obj.org else ""

    @staticmethod
    def resolve_status_name(obj):
        return obj.get_status_display()


# --- input ---------------------------------------------------------------------------------------------------------

class TableFilters(Schema):
    org: int = Field(description="tổ chức báo cáo (cả cây trực thuộc)")
    form: str = Field(description="mã biểu (\"1\": Biểu số 1-BTCTW)")
    start: dt.date = Field(description="ngày đầu kỳ (6 tháng đầu năm: 1/1; năm: 1/1)")
    end: dt.date = Field(description="ngày cuối kỳ (6 tháng đầu năm: 30/6; năm: 31/12); không quá 2 năm")


class MemberFilters(TableFilters):
    row: str = Field(description="mã dòng của con số ở cột \"Kỳ này\"")


def _guidance(guidance) -> dict:
    return {"code": guidance.code, "name": guidance.name, "since": guidance.since, "note": guidance.note,
            "forms": [{"code": f.code, "number": f.number, "title": f.title, "rows": [
                {"key": r.key, "label": r.label, "indent": r.indent, "sum_of": list(r.sum_of), "part_of": r.part_of,
                 "equals": r.equals} for r in f.rows]} for f in guidance.forms.values()]}


# --- endpoints -----------------------------------------------------------------------------------------------------

@router.get("/statforms/forms", response={200: GuidanceOut, **ERRORS},
            summary="Hướng dẫn đang áp dụng (vào ngày ``on``, mặc định hôm nay) và các biểu mẫu thống kê của nó, "
                    "với các dòng và phép kiểm tra in trên biểu")
def form_list(request, on: dt.date | None = None):
    return _guidance(guidance_on(on or today()))


@router.get("/statforms/table", response={200: TableOut, **ERRORS},
            summary="Một biểu của một tổ chức cho một kỳ: kỳ này, cùng kỳ năm trước, %, và các phép kiểm tra không "
                    "khớp")
def form_table(request, filters: Query[TableFilters]):
    user = request.auth
    org = org_in_scope(user, filters.org, "org")
    period = tables.checked(filters.start, filters.end)
    t = tables.form_table(user=user, org=org, code=filters.form, period=period)
    return {"guidance": t.guidance.code, "form": t.form.code, "number": t.form.number, "title": t.form.title,
            "org_id": org.pk, "org_name": org.name, "start": period.start, "end": period.end,
            "previous_start": t.previous.start, "previous_end": t.previous.end, "broken": t.broken,
            "lines": [{"key": ln.row.key, "label": ln.row.label, "indent": ln.row.indent, "now": ln.now,
                       "before": ln.before, "share": ln.share} for ln in t.lines]}


@router.get("/statforms/members", response={200: list[MemberOut], **ERRORS},
            summary="Các đảng viên sau con số của một dòng ở cột \"Kỳ này\" (theo thứ tự tên tiếng Việt)")
@paginate(Page)
def members_behind(request, filters: Query[MemberFilters]):
    user = request.auth
    org = org_in_scope(user, filters.org, "org")
    period = tables.checked(filters.start, filters.end)
    return selectors.members_behind(user=user, org=org, code=filters.form, period=period, row=filters.row)
