"""The statistics forms (issue 10) over JSON, mounted at /api/ by ``dangbo.api``: the guidance in force and its
forms with their rows, one form of an org for a period (each row's "Kỳ này", "Cùng kỳ năm trước" and %, the
broken checks), and the members behind one figure of "Kỳ này". Reads through ``statforms.tables`` and
``statforms.selectors`` with the user's scope: an org outside it 404; a bad period 400 naming the field."""

import datetime as dt
from fractions import Fraction

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from dangbo.core.api import ERRORS, Page
from dangbo.core.dates import today
from dangbo.orgs.api import org_in_scope
from dangbo.statforms import selectors, sets, tables
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
    average: bool = Field(description="dòng là số bình quân (tuổi bình quân), không cộng")
    same_as: str = Field(description="bằng con số này của biểu khác trong bộ biểu (\"1:D\": Biểu 1 dòng D)")


class ColumnOut(Schema):
    key: str
    label: str
    sum_of: list[str] = Field(description="cột bằng tổng các cột này ở mọi dòng (kiểm tra)")
    ratio: list[str] = Field(description="cột là tỷ lệ % (phần, tổng), không phải số đếm")


class FormOut(Schema):
    code: str
    number: str = Field(description="Biểu số N-BTCTW")
    title: str
    unit: str = Field(description="đơn vị tính")
    note: str = Field(description="điều biểu này khác biểu in, và vì sao")
    columns: list[ColumnOut] = Field(description="các cột số liệu; rỗng: một cột \"Kỳ này\"")
    main: str = Field(description="cột so với cùng kỳ năm trước (biểu nhiều cột)")
    rows: list[RowOut]


class GuidanceOut(Schema):
    code: str
    name: str
    since: dt.date = Field(description="áp dụng cho kỳ báo cáo kết thúc từ ngày này")
    note: str
    forms: list[FormOut]


class CellOut(Schema):
    key: str = Field(description="mã ô (\"B1\"; biểu nhiều cột: \"dòng:cột\"); trống với ô tỷ lệ %")
    value: float | None = Field(description="con số (bình quân: một chữ số thập phân); trống với ô tỷ lệ %")
    text: str = Field(description="như in trên biểu (4.241; 45,3; 33,3%)")


class LineOut(Schema):
    key: str
    label: str
    indent: int
    now: float | None = Field(description="kỳ này (cột chính)")
    before: float | None = Field(description="cùng kỳ năm trước (cột chính)")
    share: str = Field(description="(%) kỳ này so với cùng kỳ năm trước; trống khi cùng kỳ bằng 0")
    cells: list[CellOut] = Field(description="mọi con số kỳ này của dòng, theo các cột của biểu")


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
    note: str = Field(description="ghi chú về kỳ (biểu năm hỏi cho 6 tháng: năm nào)")


class SetOut(Schema):
    tables: list[TableOut]
    across: list[str] = Field(description="các phép kiểm tra giữa các biểu không khớp (Biểu 3 = Biểu 1 dòng D…)")


class FormMemberOut(Schema):
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


class SetFilters(Schema):
    org: int = Field(description="tổ chức báo cáo (cả cây trực thuộc)")
    start: dt.date = Field(description="ngày đầu kỳ")
    end: dt.date = Field(description="ngày cuối kỳ; không quá 2 năm")


class FormMemberFilters(TableFilters):
    row: str = Field(description="mã ô của con số kỳ này (\"B1\"; biểu nhiều cột: \"dòng:cột\")")


class FormOrgOut(Schema):
    id: int
    name: str
    type: str
    kind: str

    @staticmethod
    def resolve_type(obj):
        return obj.type.name

    @staticmethod
    def resolve_kind(obj):
        return obj.kind.name if obj.kind else ""


def _guidance(guidance) -> dict:
    return {"code": guidance.code, "name": guidance.name, "since": guidance.since, "note": guidance.note,
            "forms": [{"code": f.code, "number": f.number, "title": f.title, "unit": f.unit, "note": f.note,
                       "main": f.main, "columns": [{"key": c.key, "label": c.label, "sum_of": list(c.sum_of),
                                                    "ratio": list(c.ratio)} for c in f.columns],
                       "rows": [{"key": r.key, "label": r.label, "indent": r.indent, "sum_of": list(r.sum_of),
                                 "part_of": r.part_of, "equals": r.equals, "average": r.average,
                                 "same_as": r.same_as} for r in f.rows]} for f in guidance.forms.values()]}


def _number(value) -> float | None:
    return None if value is None else (float(round(value, 1)) if isinstance(value, Fraction) else value)


def _table(t, org) -> dict:
    return {"guidance": t.guidance.code, "form": t.form.code, "number": t.form.number, "title": t.form.title,
            "org_id": org.pk, "org_name": org.name, "start": t.period.start, "end": t.period.end,
            "previous_start": t.previous.start, "previous_end": t.previous.end, "broken": t.broken, "note": t.note,
            "lines": [{"key": ln.row.key, "label": ln.row.label, "indent": ln.row.indent, "now": _number(ln.now),
                       "before": _number(ln.before), "share": ln.share,
                       "cells": [{"key": c.key, "value": _number(c.value), "text": c.text} for c in ln.cells]}
                      for ln in t.lines]}


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
    return _table(tables.form_table(user=user, org=org, code=filters.form, period=period), org)


@router.get("/statforms/set", response={200: SetOut, **ERRORS},
            summary="Cả bộ biểu của một tổ chức cho một kỳ, với các phép kiểm tra giữa các biểu")
def form_set(request, filters: Query[SetFilters]):
    user = request.auth
    org = org_in_scope(user, filters.org, "org")
    made = sets.form_set(user=user, org=org, period=tables.checked(filters.start, filters.end))
    return {"tables": [_table(t, org) for t in made.tables], "across": made.across}


@router.get("/statforms/members", response={200: list[FormMemberOut], **ERRORS},
            summary="Các đảng viên sau con số của một dòng ở cột \"Kỳ này\" (theo thứ tự tên tiếng Việt)")
@paginate(Page)
def members_behind(request, filters: Query[FormMemberFilters]):
    user = request.auth
    org = org_in_scope(user, filters.org, "org")
    period = tables.checked(filters.start, filters.end)
    return selectors.members_behind(user=user, org=org, code=filters.form, period=period, row=filters.row)


@router.get("/statforms/orgs", response={200: list[FormOrgOut], **ERRORS},
            summary="Các tổ chức sau một con số đếm tổ chức (Biểu 2 dòng 6, Biểu 5, Biểu 6, Biểu 7), theo cây")
@paginate(Page)
def orgs_behind(request, filters: Query[FormMemberFilters]):
    user = request.auth
    org = org_in_scope(user, filters.org, "org")
    period = tables.checked(filters.start, filters.end)
    found = selectors.behind(user=user, org=org, code=filters.form, period=period, key=filters.row)
    return found.items if found.kind == "orgs" else []
