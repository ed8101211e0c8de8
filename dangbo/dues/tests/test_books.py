"""The dues books (FORMS.md §4): S01/ĐP, S02/ĐP and B01/ĐP with their invariants, the query counts of their
builders pinned, and the XLSX read back."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from dangbo.dues import book_selectors, book_xlsx, books, services
from dangbo.orgs.models import Org

D = dt.date


def _row(pk, month, due, paid, exempt=False):
    return books.MemberMonthIn(pk, f"Đảng viên {pk}", D(2026, month, 1), due, exempt, 6_000_000, paid)


def test_s01_invariants_hold_and_arrears_carry():
    rows = {D(2026, m, 1): [_row(1, m, 30_000, 30_000 if m != 2 else 0), _row(2, m, None, 0, exempt=True)]
            for m in range(1, 13)}
    rows[D(2026, 3, 1)][0] = _row(1, 3, 30_000, 60_000)  # February's arrears paid in March
    collected = {D(2026, m, 1): sum(r.paid for r in rows[D(2026, m, 1)]) for m in range(1, 13)}
    book = books.build_s01(org_name="Chi bộ A", year=2026, rows=rows, collected=collected,
                           sent={D(2026, 1, 1): 21_000, D(2026, 3, 1): 10_000}, org_kind="cell")
    assert book.problems == []
    [(_name, one), (_name2, two)] = book.members
    feb, mar = one[1], one[2]
    assert (feb.due, feb.arrears, feb.total, feb.paid, feb.unpaid) == (30_000, 0, 30_000, 0, 30_000)
    assert (mar.due, mar.arrears, mar.total, mar.paid, mar.unpaid) == (30_000, 30_000, 60_000, 60_000, 0)
    assert two[0].exempt and two[0].basis is None and two[0].total == 0
    jan, q1 = book.months[0], book.quarters[0]
    assert (jan.members, jan.exempt, jan.unpaid, jan.collected, jan.kept, jan.to_send, jan.sent, jan.not_sent) \
        == (2, 1, 0, 30_000, 9_000, 21_000, 21_000, 0)
    assert book.months[1].unpaid == 1
    assert (q1.collected, q1.kept, q1.to_send, q1.sent) == (90_000, 27_000, 63_000, 31_000)
    assert book.total.collected == 360_000 and book.total.kept + book.total.to_send == book.total.collected
    assert [r.label for r in book.part_two()][:5] == ["Tháng 01/2026", "Tháng 02/2026", "Tháng 03/2026", "Quý 1/2026",
                                                      "Tháng 04/2026"]
    assert len(book.part_two()) == 17
    assert [r.label for r in books.b01(book.part_two(), 2)] == ["Tháng 04/2026", "Tháng 05/2026", "Tháng 06/2026",
                                                                 "Quý 2/2026"]


def test_the_checks_catch_a_broken_book():
    book = books.build_s01(org_name="A", year=2026, rows={D(2026, 1, 1): [_row(1, 1, 30_000, 0)]}, collected={},
                           sent={}, org_kind="cell")
    book.months[0] = books.Totals("Tháng 01/2026", 1, 0, 1, 100, 30, 60, 0, 60)
    line = book.members[0][1][0]
    book.members[0][1][0] = books.MemberMonth(**{**line.__dict__, "unpaid": 1})
    problems = books.check_s01(book)
    assert any("trích giữ lại" in p for p in problems) and any("đã đóng + chưa đóng" in p for p in problems)
    assert any("Quý 1/2026" in p for p in problems)


def test_s02_level_received_is_what_children_sent():
    level, cell = books.OrgIn(1, "Đảng bộ xã", "grassroots_commune"), books.OrgIn(2, "Chi bộ", "cell")
    other = books.OrgIn(3, "Chi bộ 2", "cell")
    book = books.build_s02(level=level, year=2026, children=[cell, other],
                           collected={(2, D(2026, 1, 1)): 100_000, (3, D(2026, 1, 1)): 50_000},
                           remittances=[(2, 1, D(2026, 1, 1), 70_000), (3, 1, D(2026, 1, 1), 35_000),
                                        (1, 9, D(2026, 1, 1), 10_000)])
    assert book.problems == []
    jan = book.months[0]
    assert (jan.received, jan.collected, jan.kept, jan.to_send, jan.sent, jan.not_sent) == \
        (105_000, 105_000, 94_500, 10_500, 10_000, 500)
    stray = books.build_s02(level=level, year=2026, children=[cell], collected={},
                            remittances=[(7, 1, D(2026, 2, 1), 5_000)])  # from an org no longer below
    assert any("cấp trên nhận 5.000 đ" in p for p in stray.problems)


@pytest.fixture
def year_of_dues(tree, admin):
    an, binh = tree.member("Nguyễn Văn An"), tree.member("Trần Thị Bình", gender="F")
    chi = tree.member("Lê Văn Chi", org=tree.cell2)
    for member in (an, binh, chi):
        services.declare_basis(actor=admin, member=member, category="pension", basis=6_000_000,
                               valid_from=D(2025, 1, 1))
    for month in (1, 2, 3):
        services.record_payment(actor=admin, member=an, org=tree.cell1, month=D(2026, month, 1), amount=30_000,
                                paid_on=D(2026, month, 5))
        services.record_payment(actor=admin, member=chi, org=tree.cell2, month=D(2026, month, 1), amount=30_000,
                                paid_on=D(2026, month, 5))
    wrong = services.record_payment(actor=admin, member=binh, org=tree.cell1, month=D(2026, 1, 1), amount=30_000,
                                    paid_on=D(2026, 1, 5))
    services.reverse_payment(actor=admin, payment=wrong, on=D(2026, 1, 6), reason="Ghi nhầm")
    services.record_remittance(actor=admin, from_org=tree.cell1, month=D(2026, 1, 1), amount=21_000,
                               sent_on=D(2026, 2, 1))
    services.record_remittance(actor=admin, from_org=tree.cell2, month=D(2026, 1, 1), amount=21_000,
                               sent_on=D(2026, 2, 1))
    services.record_remittance(actor=admin, from_org=tree.commune, month=D(2026, 1, 1), amount=4_000,
                               sent_on=D(2026, 2, 10))
    return tree, an, binh


def _org(org):
    """As the pages read it (``orgs.selectors.org_get``): type and kind joined."""
    return Org.objects.select_related("type", "kind").get(pk=org.pk)


def _sheet_rows(content: bytes, sheet: str):
    ws = load_workbook(io.BytesIO(content))[sheet]
    return [[c.value for c in row] for row in ws.iter_rows(min_row=book_xlsx.HEADER_ROW)], ws


@pytest.mark.django_db
def test_s01_of_a_cell_read_in_a_fixed_number_of_queries_and_back_from_xlsx(year_of_dues, admin):
    tree, an, binh = year_of_dues
    cell = _org(tree.cell1)
    with CaptureQueriesContext(connection) as ctx:
        book = book_selectors.s01(user=admin, org=cell, year=2026)
    # registrations, members, declarations, reliefs, payments, seniority spans (two), collected, sent
    few = len(ctx)
    assert few == 9, [q["sql"] for q in ctx.captured_queries]
    assert book.problems == []
    jan = book.months[0]
    assert (jan.members, jan.unpaid, jan.collected, jan.kept, jan.to_send, jan.sent, jan.not_sent) == \
        (2, 1, 30_000, 9_000, 21_000, 21_000, 0)
    assert book.quarters[0].collected == 90_000 and book.months[4].collected == 0
    binh_lines = dict(book.members)["Trần Thị Bình"]
    assert (binh_lines[2].arrears, binh_lines[2].total, binh_lines[2].unpaid) == (60_000, 90_000, 90_000)
    for n in range(5):  # more members: the same number of queries
        tree.member(f"Phạm Văn Thêm {n}")
    cell = _org(tree.cell1)
    with CaptureQueriesContext(connection) as ctx:
        book_selectors.s01(user=admin, org=cell, year=2026)
    assert len(ctx) == few

    rows, ws = _sheet_rows(book_xlsx.s01_xlsx(book), "Phần II")
    assert rows[0] == book_xlsx.PART_TWO
    by_label = {r[0]: r for r in rows[1:]}
    assert by_label["Tháng 01/2026"][1:] == [2, 0, 1, 30_000, 9_000, 21_000, 21_000, 0]
    assert by_label["Quý 1/2026"][4] == 90_000 and by_label["Năm 2026"][4] == 90_000
    assert ws.cell(row=book_xlsx.HEADER_ROW + 1, column=5).number_format == "#,##0"
    part_one, _ws = _sheet_rows(book_xlsx.s01_xlsx(book), "Phần I")
    march = next(r for r in part_one if r[0] == "Trần Thị Bình" and r[1] == "03/2026")
    assert march[3:] == [6_000_000, 30_000, 60_000, 90_000, 0, 90_000]
    for line in part_one[1:]:
        assert line[7] + line[8] == line[6]  # paid + unpaid = due, read back


@pytest.mark.django_db
def test_s02_of_the_commune_and_b01_read_back(year_of_dues, admin):
    tree, _an, _binh = year_of_dues
    commune = _org(tree.commune)
    with CaptureQueriesContext(connection) as ctx:
        book = book_selectors.s02(user=admin, org=commune, year=2026)
    # its children, payments, remittances
    assert len(ctx) == 3, [q["sql"][:90] for q in ctx.captured_queries]
    assert book.problems == []
    jan = book.months[0]
    assert (jan.received, jan.kept, jan.to_send, jan.sent, jan.not_sent) == (42_000, 37_800, 4_200, 4_000, 200)
    names = [name for name, _m, _t in book.children]
    assert names == [tree.cell1.name, tree.cell2.name]
    rows, _ws = _sheet_rows(book_xlsx.s02_xlsx(book), "S02-ĐP")
    cell_jan = next(r for r in rows if r[0] == tree.cell1.name and r[1] == "Tháng 01/2026")
    assert cell_jan[2:] == [30_000, 0, 30_000, 9_000, 21_000, 21_000, 0]
    own_year = next(r for r in rows if r[0] == tree.commune.name and r[1] == "Năm 2026")
    assert own_year[3] == 42_000 == sum(r[7] for r in rows[1:] if r[0] != tree.commune.name and r[1].startswith("Tháng"))
    report, _ws = _sheet_rows(book_xlsx.b01_xlsx(tree.commune.name, "quý 1/2026",
                                                 books.b01(book.part_two(), 1)), "B01-ĐP")
    assert [r[0] for r in report[1:]] == ["Tháng 01/2026", "Tháng 02/2026", "Tháng 03/2026", "Quý 1/2026"]
    assert report[4][6] == 4_200 and report[4][7] == 4_000
