"""The inspection commission's part of the sơ kết: the block "Công tác kiểm tra, giám sát" carries the K10
sentence of the programme's years so far, read back from the DOCX — for the organization commission that drafts
the report; an administrator's report keeps the placeholder alone (the counts are not theirs to read)."""

import datetime as dt
import io

import pytest
from docx import Document as open_docx

from dangbo.core.testing import Role, user_with
from dangbo.inspection import services as inspection_services
from dangbo.members import services as member_services
from dangbo.reports import datasets, docx_render
from dangbo.reports.tests.conftest import AS_OF

pytestmark = pytest.mark.django_db
D = dt.date
HEADING = "2. Công tác kiểm tra, giám sát, đôn đốc triển khai thực hiện"
PLACEHOLDER = "[Công tác kiểm tra, giám sát — cấp ủy bổ sung]"


@pytest.fixture
def inspection_work(programme, tree):
    inspector = user_with(Role.INSPECTION, org=tree.district)
    an = tree.member("Trần Văn Kiểm", org=tree.cell1)
    for day, kind, extra in ((D(2021, 4, 1), "compliance", {"orgs": [tree.cell1, tree.cell2]}),
                             (D(2022, 9, 1), "sup_thematic", {"members": [an]}),
                             (D(2023, 8, 1), "compliance", {"orgs": [tree.commune]})):  # after the report's day
        inspection_services.case_open(actor=inspector, org=tree.district, orgs=extra.get("orgs", ()),
                                      members=extra.get("members", ()), data={
                                          "body": "commission", "kind": kind, "origin": "ad_hoc", "topic": "Kiểm tra",
                                          "decided_on": day})
    member_services.discipline_record(actor=tree.actor, member=an, form="warning", date=D(2022, 10, 1),
                                      decided_by="Ban Thường vụ Huyện ủy", reason="Vi phạm")


def lines(report):
    return [p.text for p in open_docx(io.BytesIO(docx_render.render(report))).paragraphs]


def test_the_block_carries_the_figures(programme, tree, inspection_work):
    drafter = user_with(Role.ORG_COMMISSION, org=tree.district)
    report = datasets.build(user=drafter, document=programme.document, as_of=AS_OF, number="05")
    text = lines(report)
    at = text.index(HEADING)
    assert text[at + 1] == (
        "Từ năm 2020 đến ngày 20/07/2023, ủy ban kiểm tra cấp ủy các cấp kiểm tra 02 tổ chức đảng, giám sát 01 "
        "đảng viên; xem xét và xử lý kỷ luật đối với 01 đảng viên vi phạm (01 trường hợp cảnh cáo).")
    assert text[at + 2] == PLACEHOLDER


def test_a_finished_term_and_a_reader_of_no_counts(programme, tree, inspection_work, admin):
    drafter = user_with(Role.ORG_COMMISSION, org=tree.district)
    final = datasets.build(user=drafter, document=programme.document, as_of=D(2026, 2, 1), kind="tong_ket")
    assert final.inspection.startswith("Trong giai đoạn 2020 - 2025, ủy ban kiểm tra cấp ủy các cấp kiểm tra 03 "
                                       "tổ chức đảng")
    text = lines(datasets.build(user=admin, document=programme.document, as_of=AS_OF))
    assert text[text.index(HEADING) + 1] == PLACEHOLDER
