"""Exports are safe to open (issue 11, Deliver 3): text that came from users and starts like a formula ("=", "+",
"-", "@", tab, CR) is written as a text cell, never a formula, in every XLSX the system produces — read back here
with openpyxl: type "s", the exact value, the quote prefix — while the numbers and dates it computes stay numbers.
Imports read such a cell as the text it holds."""

import datetime as dt
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.formula import ArrayFormula

from dangbo.accounts.exports import audit_xlsx
from dangbo.admissions.exports import badges_xlsx
from dangbo.admissions.selectors import BadgeDue
from dangbo.core.xlsx import as_text, workbook_bytes
from dangbo.meetings.exports.compliance import alerts_xlsx, ratings_xlsx
from dangbo.meetings.exports.work import missing_xlsx
from dangbo.meetings.selectors.alerts import KINDS, Alert
from dangbo.meetings.selectors.stats import Levels
from dangbo.members import imports as member_imports
from dangbo.members.models import Member
from dangbo.orgs.models import Org
from dangbo.reports import datasets, xlsx_render
from dangbo.reports.tests.conftest import AS_OF, Programme
from dangbo.reviews import exports as review_exports
from dangbo.reviews import imports as review_imports
from dangbo.reviews import services
from dangbo.reviews.stats import LEVELS, POPULATIONS, Counts
from dangbo.reviews.streaks import StreakRow, streaks_xlsx
from dangbo.statforms import xlsx as statforms_xlsx
from dangbo.targets.models import Target

D = dt.date
LINK = '=HYPERLINK("http://x","y")'
EVIL = [LINK, "+1", "-2", "@SUM(A1)", "\tx", "\rx"]


def cells(data: bytes) -> dict:
    """Every non-empty cell of every sheet, by value (the first one found)."""
    found = {}
    for ws in load_workbook(io.BytesIO(data)).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    found.setdefault(cell.value, cell)
    return found


def assert_text(data: bytes, *values: str) -> dict:
    found = cells(data)
    for value in values:
        assert value in found, f"{value!r} not in the workbook"
        cell = found[value]
        assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", value, True), value
    return found


def test_the_helper_keeps_text_exact_and_leaves_numbers_and_dates_alone():
    wb = Workbook()
    ws = wb.active
    ws.append([*EVIL, "Nguyễn Văn An", 5, -2, D(2024, 1, 2), "–", "2+2"])
    assert ws["A1"].data_type == "f"  # what openpyxl does unguarded
    found = cells(workbook_bytes(wb))
    for value in EVIL:
        assert (found[value].data_type, found[value].quotePrefix) == ("s", True)
    assert (found["Nguyễn Văn An"].data_type, found["Nguyễn Văn An"].quotePrefix) == ("s", False)
    assert (found[5].data_type, found[-2].data_type) == ("n", "n")
    assert found[dt.datetime(2024, 1, 2)].is_date
    assert not found["2+2"].quotePrefix and not found["–"].quotePrefix


def test_an_array_formula_read_from_an_upload_becomes_its_text():
    wb = Workbook()
    wb.active["A1"] = ArrayFormula("A1", "=SUM(B1:B2)")
    as_text(wb.active["A1"])
    assert_text(workbook_bytes(wb), "=SUM(B1:B2)")


# --- every export --------------------------------------------------------------------------------------------


@pytest.fixture
def evil_member(tree):
    return tree.member("Nguyễn Văn Hiểm", org=tree.cell1, occupation=LINK, hometown="+1", ethnicity="-2",
                       religion="@SUM(A1)")


def test_member_list(client, admin, evil_member):
    client.force_login(admin)
    response = client.get(reverse("members:export"))
    found = assert_text(response.content, LINK, "+1", "-2", "@SUM(A1)")
    assert found[1].data_type == "n"  # the STT stays a number


def test_org_list(client, admin, tree):
    Org.objects.filter(pk=tree.cell2.pk).update(name=LINK)
    client.force_login(admin)
    assert_text(client.get(reverse("orgs:export")).content, LINK)


def test_audit_log(client, admin, tree):
    tree.member(LINK, org=tree.cell1)
    client.force_login(admin)
    assert_text(client.get(reverse("accounts:audit_export")).content, LINK)


def test_audit_log_function():
    change = SimpleNamespace(label="Nghề nghiệp", before="", after=LINK)
    row = SimpleNamespace(at="01/01/2025 08:00", actor="-2", action="Sửa", kind="Đảng viên", object=LINK,
                          changes=[change], changed=False)
    assert_text(audit_xlsx([row], limit=10), LINK, "-2")


def test_badge_list(tree):
    m = SimpleNamespace(full_name=LINK, date_of_birth=D(1950, 1, 1), org=SimpleNamespace(name="+1"),
                        admitted_on=D(1975, 1, 1))
    data = badges_xlsx([BadgeDue(m, 50, D(2025, 1, 1), (50, 0))], D(2025, 2, 3))
    found = assert_text(data, LINK, "+1")
    assert found[1].data_type == "n"


def test_meeting_alerts_and_ratings():
    alert = Alert(kind=next(iter(KINDS)), cell_id=1, cell_name=LINK, args=(), month=D(2024, 3, 1))
    alert = SimpleNamespace(kind=alert.kind, cell_name=LINK, quarter="", month=alert.month, text="@SUM(A1)",
                            record="cell", record_id=7)
    assert_text(alerts_xlsx([alert], title="+1"), LINK, "@SUM(A1)", "+1")
    levels = Levels(held=2)
    levels.add("good", 2)
    dist = SimpleNamespace(months=[(D(2024, 3, 1), levels)], total=levels,
                           children=[SimpleNamespace(name=LINK, levels=levels)],
                           org=SimpleNamespace(name="-2"), period=SimpleNamespace(label="năm 2024"), on=D(2024, 12, 31))
    found = assert_text(ratings_xlsx(dist, ["@SUM(A1)"]), LINK, "@SUM(A1)")
    assert found[2].data_type == "n"


def test_members_missing_work():
    row = SimpleNamespace(full_name=LINK, cell_name="+1", exemption="", tasks=0, tasks_open=0, has_commitment=False,
                          has_plan=False, cell_residential=False, liaison_confirmed=False, liaison_introduced=False)
    assert_text(missing_xlsx([row], org_name="-2", year=2024, on=D(2024, 12, 31), missing="any"), LINK, "+1")


def test_review_statistics():
    counts = {p: Counts.of(**{LEVELS[0]: 1}) for p in POPULATIONS}
    stats = SimpleNamespace(year=2024, name_on="Đảng bộ", on=D(2024, 12, 31), totals=counts,
                            children=[SimpleNamespace(name=LINK, is_own=False, counts=counts)],
                            by_category=[SimpleNamespace(label="+1", counts=counts[POPULATIONS[-1]])],
                            by_kind={p: [] for p in POPULATIONS}, years=[])
    data = review_exports.stats_xlsx(stats, dict.fromkeys(POPULATIONS, "-2"), quota_summary="@SUM(A1)")
    assert_text(data, LINK, "+1", "-2", "@SUM(A1)")


def test_reward_candidates():
    data = streaks_xlsx([StreakRow("member", 1, LINK, "+1", 5, 2020, 2024)], year=2024, years=5, scope_name="-2")
    found = assert_text(data, LINK, "+1")
    assert found[2020].data_type == "n"


def test_statforms_drill_down_lists():
    data = statforms_xlsx.members_xlsx([{"name": LINK, "born": D(1985, 3, 2), "cell": "+1", "status": "-2"}], "t")
    found = assert_text(data, LINK, "+1", "-2")
    assert found[dt.datetime(1985, 3, 2)].is_date
    assert_text(statforms_xlsx.orgs_xlsx([{"name": "@SUM(A1)", "type": "x", "kind": "y"}], "t"), "@SUM(A1)")


def test_report_annex(tree, admin):
    programme = Programme(tree, admin)
    Target.objects.filter(pk=programme.villages.pk).update(text=LINK)
    report = datasets.build(user=admin, document=programme.document, as_of=AS_OF, number="05")
    found = assert_text(xlsx_render.render(report), LINK)
    assert found[66.7].data_type == "n"


def test_review_import_template(tree, admin):
    tree.member(LINK, org=tree.cell1)
    services.campaign_open(actor=admin, org=tree.district, year=2024, opens_on=D(2024, 11, 15))
    assert_text(review_imports.template_xlsx(review_imports.unit_sheet(tree.cell1, 2024)), LINK)


# --- imports ----------------------------------------------------------------------------------------------------


def upload(formula_cell: bool) -> bytes:
    """A member file whose "Nghề nghiệp" holds a formula (a real formula cell when ``formula_cell``) and whose
    "Quê quán" and "Nơi cư trú" start with "+" and "@"."""
    headers = [c.header for c in member_imports.MEMBER_COLUMNS]
    row = {"Họ và tên": "Nguyễn Văn Nhập", "Ngày sinh": "02/03/1985", "Giới tính": "Nam", "Dân tộc": "Kinh",
           "Nghề nghiệp": LINK, "Quê quán": "+84 xã Tân Lập", "Nơi cư trú": "@SUM(A1)",
           "Chi bộ (mã hoặc tên)": "Chi bộ thôn Đạ Nghịt", "Ngày vào Đảng": "19/05/2018",
           "Ngày chính thức": "19/05/2019"}
    wb = Workbook()
    ws = wb.active
    ws.title = member_imports.MEMBER_SHEET
    ws.append(headers)
    ws.append([row.get(h) for h in headers])
    cell = ws.cell(2, headers.index("Nghề nghiệp") + 1)
    if formula_cell:
        assert cell.data_type == "f"
    else:
        cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("formula_cell", [True, False])
def test_import_keeps_formula_looking_values_as_text(tree, admin, formula_cell):
    data = upload(formula_cell)
    report = member_imports.validate(user=admin, data=data, on=D(2025, 1, 15))
    assert [str(i) for i in report.issues] == []
    member_imports.run_import(actor=admin, data=data, on=D(2025, 1, 15))
    m = Member.objects.get(full_name="Nguyễn Văn Nhập")
    assert (m.occupation, m.hometown, m.residence) == (LINK, "+84 xã Tân Lập", "@SUM(A1)")


def test_import_error_report_writes_the_uploaded_formula_as_text(tree, admin):
    data = upload(True)
    report = member_imports.ImportReport(issues=[member_imports.Issue("Đảng viên", 2, "Nghề nghiệp", "+1")])
    assert_text(member_imports.report_xlsx(data=data, report=report), LINK, "+84 xã Tân Lập", "@SUM(A1)", "+1")


def test_every_workbook_is_saved_through_workbook_bytes():
    """A new export that saves its workbook itself would skip ``as_text_all``."""
    root = Path(__file__).resolve().parents[2]
    saving = re.compile(r"\bwb\.save\(|\.save\(\s*(buf|out|io\.BytesIO|path|file)")
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if "tests" not in p.parts and p != root / "core" / "xlsx.py"
                 and "openpyxl" in (text := p.read_text(encoding="utf-8")) and saving.search(text)]
    assert offenders == []
