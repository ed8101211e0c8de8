"""A report dated in the past counts over the tree as it stood then, whatever happened after."""

import datetime as dt
import io

from docx import Document as open_docx
from openpyxl import load_workbook

from dangbo.orgs.services import org_rename, org_transfer
from dangbo.reports import datasets, docx_render, xlsx_render
from dangbo.targets import services

D = dt.date
END_2022 = D(2022, 12, 31)


def lines_of(report):
    return [p.text for p in open_docx(io.BytesIO(docx_render.render(report))).paragraphs]


def children_of(report, sheet="CT 1"):
    ws = load_workbook(io.BytesIO(xlsx_render.render(report)))[sheet]
    return [[c.value for c in r][:4] for r in ws.iter_rows(min_row=7)]


def figures(report):
    return [[(v.year, v.measure, v.status) for v in row.values] for row in report.board.rows]


def test_a_past_report_is_unchanged_by_a_later_restructuring(programme, tree, admin):
    before = datasets.build(user=admin, document=programme.document, as_of=END_2022)
    before_lines, before_children = lines_of(before), children_of(before)
    assert before_children[0] == [1, "Đảng bộ xã Đạ Sar", 2, 3]
    assert "+ Năm 2022 có 2/3 thôn, tổ dân phố có chi bộ (tỷ lệ 66,7%); chưa đạt chỉ tiêu đề ra." in before_lines
    assert ("+ Năm 2022 đã kết nạp 01 quần chúng vào Đảng, đạt tỷ lệ 10,0% so với tổng số 10 đảng viên đầu kỳ; "
            "vượt chỉ tiêu đề ra.") in before_lines

    # In 2023 the commune (with its villages, cells and members) moves to another district and is renamed,
    # and the overdue task is finished.
    org_rename(actor=admin, org=tree.commune, name="Đảng bộ xã Đạ Sar Mới", on=D(2023, 2, 1))
    org_transfer(actor=admin, org=tree.commune, new_parent=tree.other_district, on=D(2023, 3, 1))
    services.task_update(actor=admin, task=programme.late, status="done", done_on=D(2023, 2, 15),
                         evidence="Cơ sở dữ liệu đã đưa vào sử dụng")

    after = datasets.build(user=admin, document=programme.document, as_of=END_2022)
    assert figures(after) == figures(before)
    assert lines_of(after) == before_lines
    assert children_of(after) == before_children  # the commune, by its 2022 name, still under the district
    assert [line.state for line in after.tasks] == ["done", "pending", "pending"]

    today_report = datasets.build(user=admin, document=programme.document, as_of=D(2023, 12, 31))
    lines = lines_of(today_report)
    start = lines.index("- Chỉ tiêu Chương trình hành động đề ra: Duy trì 100% thôn, tổ dân phố có chi bộ.")
    # the district has no village left in 2023; its 2022 figure is still the 2022 tree's
    assert lines[start + 4:start + 6] == [
        "+ Năm 2022 có 2/3 thôn, tổ dân phố có chi bộ (tỷ lệ 66,7%); chưa đạt chỉ tiêu đề ra.",
        "+ Năm 2023: chưa có dữ liệu."]
    assert "Đảng bộ xã Đạ Sar Mới" not in [row[1] for row in children_of(today_report)]
    assert "Đảng bộ xã Đạ Sar" not in [row[1] for row in children_of(today_report)]
    assert [line.state for line in today_report.tasks] == ["done", "done", "pending"]
