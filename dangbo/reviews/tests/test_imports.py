"""XLSX import of a unit's review results: the template read back, a good file proposed through the services,
each kind of bad input with its Vietnamese row message and nothing written, and all-or-nothing commits."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from dangbo.accounts.models import AuditEntry, Role
from dangbo.core.dates import today
from dangbo.core.testing import user_with
from dangbo.members.imports import ImportFailed, ImportRejected
from dangbo.members.services import discipline_record
from dangbo.reviews import imports, services
from dangbo.reviews.choices import Level, Status
from dangbo.reviews.models import Assessment

D = dt.date
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NAMES = ["Nguyễn Văn An", "Trần Văn Bình", "Lê Văn Cường", "Phạm Văn Dũng", "Hoàng Văn Em", "Vũ Văn Phong"]


@pytest.fixture
def unit(tree, admin):
    """cell1 with six members (village criteria), a retired one (fewer criteria), a new one (not rated)."""
    members = [tree.member(n, org=tree.cell1) for n in NAMES]
    retired = tree.member("Đỗ Văn Hưu", org=tree.cell1, category="huu_tri", born=D(1950, 1, 1))
    new = tree.member("Lý Thị Mới", org=tree.cell1, gender="F", admitted=D(2024, 9, 1), official=None)
    other = tree.member("Bùi Văn Khác", org=tree.cell2)
    services.campaign_open(actor=admin, org=tree.district, year=2024, opens_on=D(2024, 11, 15))
    return {"members": members, "retired": retired, "new": new, "other": other}


def state():
    return (list(Assessment.objects.order_by("pk").values_list("status", "proposed_level", "marks", "score")),
            AuditEntry.objects.count())


def template(tree, year=2024) -> Workbook:
    return load_workbook(io.BytesIO(imports.template_xlsx(imports.unit_sheet(tree.cell1, year))))


def headers(ws) -> list[str]:
    return [c.value for c in ws[1]]


def save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def fill(wb, rows: dict[str, dict]) -> bytes:
    """Write values (by header) into the rows of the named members; headers not in the sheet are an error."""
    ws = wb[imports.SHEET]
    cols = {h: i + 1 for i, h in enumerate(headers(ws))}
    by_name = {ws.cell(r, cols["Họ và tên"]).value: r for r in range(2, ws.max_row + 1)}
    for name, values in rows.items():
        r = by_name[name]
        for header, value in values.items():
            ws.cell(r, cols[header], value)
    return save(wb)


def marks(ws, value) -> dict:
    """Every village criterion of the template at ``value``."""
    return dict.fromkeys(headers(ws)[5:-1], value)


def good_rows(wb) -> dict[str, dict]:
    ws = wb[imports.SHEET]
    rows = {n: {**marks(ws, "Tốt"), "Mức đề xuất": "Hoàn thành tốt nhiệm vụ"} for n in NAMES}
    rows[NAMES[0]] = {**marks(ws, "Xuất sắc"), "Mức đề xuất": "HTXSNV"}
    return rows


def messages(report) -> list[str]:
    return [i.text for i in report.issues]


# --- the template ---------------------------------------------------------------------------------------------


def test_template_lists_the_units_members_with_the_criteria_columns(client, tree, admin, unit):
    client.force_login(admin)
    response = client.get(reverse("reviews:results_import_template", kwargs={"pk": tree.cell1.pk, "year": 2024}))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    wb = load_workbook(io.BytesIO(response.content))
    assert {imports.SHEET, "Hướng dẫn"} <= set(wb.sheetnames)
    ws = wb[imports.SHEET]
    head = headers(ws)
    assert head[:5] == ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Ghi chú"]
    assert head[-1] == "Mức đề xuất"
    assert "Thực hiện chức trách, nhiệm vụ được giao" in head
    assert "Thực hiện nhiệm vụ ở nơi cư trú, phụ trách hộ gia đình" in head  # the village set names cu_tru
    names = [ws.cell(r, 2).value for r in range(2, ws.max_row + 1)]
    assert set(names) == {*NAMES, "Đỗ Văn Hưu", "Lý Thị Mới"}
    assert "Bùi Văn Khác" not in names
    row_of = {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}
    an = unit["members"][0]
    assert ws.cell(row_of["Nguyễn Văn An"], 3).value == an.date_of_birth.strftime("%d/%m/%Y")
    assert ws.cell(row_of["Nguyễn Văn An"], 4).value == an.cccd
    assert ws.cell(row_of["Lý Thị Mới"], 5).value.startswith("Không xếp loại")
    # the retired member's set has no “nhiệm vụ được giao”: the cell is greyed
    task = head.index("Thực hiện chức trách, nhiệm vụ được giao") + 1
    assert ws.cell(row_of["Đỗ Văn Hưu"], task).fill.fgColor.rgb.endswith("E5E7EB")
    rules = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    level_col = ws.cell(1, len(head)).column_letter
    assert rules[f"{level_col}2"].type == "list"
    guide = " ".join(str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "124-QĐ/TW" in guide and "Chi bộ thôn Đạ Nghịt" in guide


def test_the_366_template_has_score_and_task_columns(tree, admin, unit):
    services.campaign_open(actor=admin, org=tree.district, year=2025, opens_on=D(2025, 11, 15))
    head = headers(template(tree, 2025)[imports.SHEET])
    assert head[5:] == ["Điểm (thang 100)", "Số nhiệm vụ được giao", "Số nhiệm vụ hoàn thành đúng hạn",
                        "Số nhiệm vụ hoàn thành vượt", "Số hạn chế đã được chỉ ra", "Số hạn chế đã khắc phục",
                        "Mức đề xuất"]


def test_no_template_before_the_campaign_opens(client, tree, admin, unit):
    client.force_login(admin)
    response = client.get(reverse("reviews:results_import_template", kwargs={"pk": tree.cell1.pk, "year": 2023}),
                          follow=True)
    assert "chưa có phiếu đánh giá năm 2023" in response.content.decode()


# --- a good file ----------------------------------------------------------------------------------------------


def test_filled_template_proposes_the_whole_unit(tree, admin, unit):
    wb = template(tree)
    data = fill(wb, good_rows(wb))
    report = imports.validate(user=admin, unit=tree.cell1, year=2024, data=data)
    assert messages(report) == [] and report.ok and len(report.rows) == 6
    assert imports.run_import(actor=admin, unit=tree.cell1, year=2024, data=data, on=D(2024, 12, 10)) == 6
    an = Assessment.objects.get(member=unit["members"][0], year=2024)
    assert (an.status, an.proposed_level, an.proposed_on) == (Status.PROPOSED, Level.EXCELLENT, D(2024, 12, 10))
    assert an.marks == {"chinh_tri": "xs", "ky_luat": "xs", "nhiem_vu": "xs", "cam_ket": "xs", "cu_tru": "xs"}
    assert Assessment.objects.filter(year=2024, org=tree.cell1, proposed_level=Level.GOOD).count() == 5
    assert Assessment.objects.get(member=unit["retired"]).status == Status.DRAFT  # empty row: left alone
    assert AuditEntry.objects.filter(action="assessment_propose").count() == 6
    # the next template carries what was proposed
    ws = template(tree)[imports.SHEET]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[1] == "Nguyễn Văn An")
    assert row[-1] == "Hoàn thành xuất sắc nhiệm vụ" and row[5] == "Xuất sắc"


def test_members_are_found_by_cccd_or_by_name_and_date_of_birth(tree, admin, unit):
    twin = tree.member("Nguyễn Văn An", org=tree.cell1, born=D(1990, 1, 1))
    services.campaign_open(actor=admin, org=tree.district, year=2024, opens_on=D(2024, 11, 15))
    wb = Workbook()
    ws = wb.active
    ws.title = imports.SHEET
    ws.append(["Họ và tên", "Ngày sinh", "Số CCCD", "Mức đề xuất"])
    ws.append(["nguyễn  văn an", None, int(twin.cccd), "HTTNV"])  # CCCD typed as a number lost its zero
    ws.append(["Nguyễn Văn An", "02/03/1985", None, "httnv"])
    ws.append(["Trần Văn Bình", None, None, "Hoàn thành nhiệm vụ"])
    report = imports.validate(user=admin, unit=tree.cell1, year=2024, data=save(wb))
    assert messages(report) == []
    assert {r.assessment.member for r in report.rows} == {twin, unit["members"][0], unit["members"][1]}


def test_366_scores_are_proposed(tree, admin, unit):
    services.campaign_open(actor=admin, org=tree.district, year=2025, opens_on=D(2025, 11, 15))
    wb = template(tree, 2025)
    rows = {n: {"Điểm (thang 100)": "85,5", "Số nhiệm vụ được giao": 10, "Số nhiệm vụ hoàn thành đúng hạn": 10,
                "Mức đề xuất": "HTTNV"} for n in NAMES}
    data = fill(wb, rows)
    assert imports.run_import(actor=admin, unit=tree.cell1, year=2025, data=data) == 6
    a = Assessment.objects.get(member=unit["members"][0], year=2025)
    assert (str(a.score), a.tasks_total, a.tasks_on_time, a.proposed_level) == ("85.5", 10, 10, Level.GOOD)


# --- bad input: each class names the row and column, in Vietnamese, and writes nothing ---------------------------


BAD_CASES = {
    "unknown member": (
        lambda wb, u: {"__new__": {"Họ và tên": "Hồ Văn Lạ", "Mức đề xuất": "HTTNV"}},
        "Dòng 10, cột “Họ và tên”: Không tìm thấy đảng viên “Hồ Văn Lạ” trong Chi bộ thôn Đạ Nghịt năm 2024."),
    "member of another cell": (
        lambda wb, u: {"__new__": {"Họ và tên": "Bùi Văn Khác", "Mức đề xuất": "HTTNV"}},
        "Dòng 10, cột “Họ và tên”: Đảng viên “Bùi Văn Khác” không thuộc Chi bộ thôn Đạ Nghịt năm 2024."),
    "cccd of someone else": (
        lambda wb, u: {NAMES[1]: {"Số CCCD": u["members"][2].cccd}},
        "là của đảng viên “Lê Văn Cường”, không phải “Trần Văn Bình”."),
    "bad mark": (
        lambda wb, u: {NAMES[1]: {"Thực hiện chức trách, nhiệm vụ được giao": "Giỏi"}},
        "cột “Thực hiện chức trách, nhiệm vụ được giao”: “Giỏi” không hợp lệ. Chọn một trong: Xuất sắc; Tốt; "
        "Trung bình; Kém."),
    "bad level": (
        lambda wb, u: {NAMES[1]: {"Mức đề xuất": "Giỏi"}},
        "cột “Mức đề xuất”: “Giỏi” không hợp lệ. Chọn một trong: Hoàn thành xuất sắc nhiệm vụ (HTXSNV);"),
    "level above what the marks allow": (
        lambda wb, u: {NAMES[1]: {"Thực hiện chức trách, nhiệm vụ được giao": "Kém"}},
        "cột “Mức đề xuất”: Trần Văn Bình: không thể xếp HTTNV: có tiêu chí xếp mức Kém — "
        "mức cao nhất là “Không hoàn thành nhiệm vụ”. Căn cứ: 124-QĐ/TW"),
    "criterion not in the member's set": (
        lambda wb, u: {"Đỗ Văn Hưu": {"Thực hiện chức trách, nhiệm vụ được giao": "Tốt", "Mức đề xuất": "HTTNV"}},
        "cột “Thực hiện chức trách, nhiệm vụ được giao”: Tiêu chí này không áp dụng cho đảng viên Đỗ Văn Hưu"),
    "results without a level": (
        lambda wb, u: {NAMES[1]: {"Mức đề xuất": None}},
        "cột “Mức đề xuất”: Không được để trống khi đã ghi kết quả đánh giá."),
    "member not rated this year": (
        lambda wb, u: {"Lý Thị Mới": {"Mức đề xuất": "HTTNV"}},
        "cột “Mức đề xuất”: Lý Thị Mới không thuộc diện xếp loại năm 2024 (Kết nạp chưa đủ 6 tháng"),
    "the same member twice": (
        lambda wb, u: {"__new__": {"Họ và tên": NAMES[2], "Mức đề xuất": "HTNV"}},
        "Dòng 10, cột “Họ và tên”: Lê Văn Cường đã có ở dòng"),
}


def test_quota_of_the_unit_is_a_warning_never_a_refusal(tree, admin, unit):
    wb = template(tree)
    rows = good_rows(wb)
    for n in NAMES[:2]:
        rows[n] = {**rows.get(n, {}), **marks(wb[imports.SHEET], "Xuất sắc"), "Mức đề xuất": "HTXSNV"}
    report = imports.validate(user=admin, unit=tree.cell1, year=2024, data=fill(wb, rows))
    assert report.ok, messages(report)
    assert any("Vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ — Chi bộ thôn Đạ Nghịt: 2 HTXSNV vượt mức tối đa 1" in w.text
               and "ghi ngoại lệ" in w.text for w in report.warnings)


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_is_reported_by_row_and_column_and_nothing_is_written(tree, admin, unit, case):
    change, expected = BAD_CASES[case]
    wb = template(tree)
    rows = good_rows(wb)
    for name, values in change(wb, unit).items():
        if name == "__new__":
            ws = wb[imports.SHEET]
            ws.append([values.get(h) for h in headers(ws)])
        else:
            rows[name] = {**rows.get(name, {}), **values}
    data = fill(wb, rows)
    before = state()
    report = imports.validate(user=admin, unit=tree.cell1, year=2024, data=data)
    assert not report.ok
    assert any(expected in m for m in messages(report)), messages(report)
    with pytest.raises(ImportRejected):
        imports.run_import(actor=admin, unit=tree.cell1, year=2024, data=data)
    assert state() == before


def test_discipline_in_the_year_refuses_a_good_level(tree, admin, unit):
    m = unit["members"][3]
    discipline_record(actor=admin, member=m, form="reprimand", date=D(2024, 5, 1), decided_by="Chi bộ", reason="x")
    wb = template(tree)
    report = imports.validate(user=admin, unit=tree.cell1, year=2024, data=fill(wb, good_rows(wb)))
    assert [i.column for i in report.issues] == ["Mức đề xuất"]
    assert "Phạm Văn Dũng: không thể xếp HTTNV: bị kỷ luật trong năm" in report.issues[0].text


def test_366_score_and_task_counts_are_checked(tree, admin, unit):
    services.campaign_open(actor=admin, org=tree.district, year=2025, opens_on=D(2025, 11, 15))
    wb = template(tree, 2025)
    rows = {NAMES[0]: {"Điểm (thang 100)": 120, "Mức đề xuất": "HTTNV"},
            NAMES[1]: {"Điểm (thang 100)": "tám mươi", "Mức đề xuất": "HTTNV"},
            NAMES[2]: {"Điểm (thang 100)": 80, "Số nhiệm vụ được giao": 5, "Số nhiệm vụ hoàn thành đúng hạn": 6,
                       "Mức đề xuất": "HTNV"},
            NAMES[3]: {"Điểm (thang 100)": 80, "Số nhiệm vụ được giao": -1, "Mức đề xuất": "HTNV"},
            NAMES[4]: {"Điểm (thang 100)": 60, "Mức đề xuất": "HTTNV"}}
    before = state()
    report = imports.validate(user=admin, unit=tree.cell1, year=2025, data=fill(wb, rows))
    got = messages(report)
    assert "Dòng 2, cột “Điểm (thang 100)”: Điểm phải từ 0 đến 100 (đang là 120)." in got
    assert any(m.startswith("Dòng 3, cột “Điểm (thang 100)”: “tám mươi” không phải số") for m in got)
    assert any(m.startswith("Dòng 4, cột “Số nhiệm vụ hoàn thành đúng hạn”: Số nhiệm vụ đúng hạn / vượt không thể")
               for m in got)
    assert "Dòng 5, cột “Số nhiệm vụ được giao”: “-1” không hợp lệ: phải là số nguyên không âm." in got
    assert any(m.startswith("Dòng 6, cột “Mức đề xuất”: Hoàng Văn Em: không thể xếp HTTNV: cần ít nhất 70 điểm (hiện 60)")
               for m in got)
    assert state() == before


def test_file_level_problems(tree, admin, unit):
    def check(data, expected):
        report = imports.validate(user=admin, unit=tree.cell1, year=2024, data=data)
        assert any(expected in m for m in messages(report)), messages(report)

    check(b"not a workbook", "Tệp không đọc được")
    check(save(template(tree)), "Tệp không có dòng nào ghi mức đề xuất.")
    other = load_workbook(io.BytesIO(imports.template_xlsx(imports.unit_sheet(tree.cell2, 2024))))
    check(save(other), "Tệp mẫu này không phải của Chi bộ thôn Đạ Nghịt năm 2024")
    wb = Workbook()
    wb.active.title = imports.SHEET
    wb.active.append(["Họ và tên", "Ghi chú"])
    check(save(wb), "Thiếu cột “Mức đề xuất”")


def test_a_decided_member_cannot_be_changed_by_file(tree, admin, unit):
    wb = template(tree)
    imports.run_import(actor=admin, unit=tree.cell1, year=2024, data=fill(wb, good_rows(wb)))
    services.assessments_approve(actor=admin, approver=tree.commune, year=2024)
    wb = template(tree)
    ws = wb[imports.SHEET]
    assert ws.cell(2, len(headers(ws))).value is None  # decided rows are not prefilled…
    report = imports.validate(user=admin, unit=tree.cell1, year=2024,
                              data=fill(wb, {NAMES[1]: {"Mức đề xuất": "HTNV"}}))
    assert any("đã được quyết định (HTTNV)" in m for m in messages(report))  # …nor accepted


# --- all or nothing -----------------------------------------------------------------------------------------------


def test_a_refusal_at_commit_rolls_back_every_row(tree, admin, unit, monkeypatch):
    wb = template(tree)
    data = fill(wb, good_rows(wb))
    real = services.assessment_propose
    calls = []

    def flaky(**kw):
        calls.append(kw["assessment"].pk)
        if len(calls) == 4:
            from dangbo.core.exceptions import DomainError

            raise DomainError("Cơ sở dữ liệu đã thay đổi.", field="level")
        return real(**kw)

    monkeypatch.setattr(services, "assessment_propose", flaky)
    before = state()
    with pytest.raises(ImportFailed) as err:
        imports.run_import(actor=admin, unit=tree.cell1, year=2024, data=data)
    assert "Chưa nhập dữ liệu nào" in err.value.message and len(calls) == 4
    assert state() == before


def test_the_commit_checks_again(tree, admin, unit):
    wb = template(tree)
    data = fill(wb, good_rows(wb))
    assert imports.validate(user=admin, unit=tree.cell1, year=2024, data=data).ok
    a = Assessment.objects.get(member=unit["members"][5], year=2024)
    services.assessment_exclude(actor=admin, assessment=a, exclusion="sick_leave")
    before = state()
    with pytest.raises(ImportRejected, match="không thuộc diện xếp loại"):
        imports.run_import(actor=admin, unit=tree.cell1, year=2024, data=data)
    assert state() == before


# --- the pages ----------------------------------------------------------------------------------------------------


def test_upload_check_and_commit_as_the_cell_secretary(client, tree, unit, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    start = client.get(reverse("reviews:results_import_start"), {"unit": tree.cell1.pk, "year": 2024})
    url = reverse("reviews:results_import", kwargs={"pk": tree.cell1.pk, "year": 2024})
    assert start.status_code == 302 and start["Location"] == url
    wb = template(tree)
    rows = good_rows(wb)
    rows[NAMES[2]] = {"Mức đề xuất": "Giỏi"}
    upload = io.BytesIO(fill(wb, rows))
    upload.name = "ket-qua.xlsx"
    before = state()
    page = client.get(client.post(url, {"file": upload})["Location"])
    body = page.content.decode()
    assert "Dòng 4, cột “Mức đề xuất”: “Giỏi” không hợp lệ." in body and "Ghi kết quả</button>" not in body
    assert client.post(url, {"token": page.context["token"]}).status_code == 200  # refused again, nothing written
    assert state() == before
    upload = io.BytesIO(fill(template(tree), good_rows(template(tree))))
    upload.name = "ket-qua.xlsx"
    page = client.get(client.post(url, {"file": upload})["Location"])
    assert "Không có lỗi" in page.content.decode()
    done = client.post(url, {"token": page.context["token"]}, follow=True)
    assert "Đã ghi mức đề xuất của 6 đảng viên" in done.content.decode()
    assert Assessment.objects.filter(year=2024, org=tree.cell1, status=Status.PROPOSED).count() == 6


def test_read_only_users_cannot_import(client, tree, unit):
    client.force_login(user_with(Role.INSPECTION, org=tree.district))
    url = reverse("reviews:results_import", kwargs={"pk": tree.cell1.pk, "year": 2024})
    assert client.get(url).status_code == 404
    assert client.get(reverse("reviews:results_import_start")).status_code == 403


# --- a past year's results, recorded as decided (issue 7, point 1) ---------------------------------------------------


@pytest.fixture
def unit_2021(tree, admin):
    members = [tree.member(n, org=tree.cell1) for n in NAMES]
    services.campaign_open(actor=admin, org=tree.district, year=2021, opens_on=D(2021, 11, 15))
    return members


def test_past_results_are_recorded_as_decided_and_flagged_never_refused(tree, admin, unit_2021):
    from dangbo.reviews.models import QuotaException, RuleFlag

    wb = template(tree, 2021)
    ws = wb[imports.SHEET]
    rows = {n: {**marks(ws, "Tốt"), "Mức đề xuất": "HTTNV"} for n in NAMES}
    for n in NAMES[:2]:  # 2 HTXSNV of 6 good or above: above 20% (at most 1)
        rows[n] = {**marks(ws, "Xuất sắc"), "Mức đề xuất": "HTXSNV"}
    rows[NAMES[2]] = {**marks(ws, "Tốt"), "Thực hiện chức trách, nhiệm vụ được giao": "Kém", "Mức đề xuất": "HTTNV"}
    data = fill(wb, rows)
    # as proposals the level the marks do not allow is an error
    assert not imports.validate(user=admin, unit=tree.cell1, year=2021, data=data).ok
    report = imports.validate(user=admin, unit=tree.cell1, year=2021, data=data, decided=True)
    assert report.ok, messages(report)
    warned = [w.text for w in report.warnings]
    assert any("Lê Văn Cường: không thể xếp HTTNV: có tiêu chí xếp mức Kém" in w for w in warned)
    assert any("2 HTXSNV vượt mức tối đa 1" in w and "đánh dấu vượt tỷ lệ" in w for w in warned)
    assert imports.run_import(actor=admin, unit=tree.cell1, year=2021, data=data, decided=True, on=D(2022, 1, 10)) == 6
    decided = Assessment.objects.filter(year=2021, org=tree.cell1, subject="member")
    assert {a.status for a in decided} == {Status.APPROVED}
    assert decided.filter(final_level=Level.EXCELLENT).count() == 2
    flag = RuleFlag.objects.get()
    assert flag.assessment.member.full_name == NAMES[2] and flag.rule.startswith("R4")
    kept = QuotaException.objects.get(year=2021)
    assert (kept.group, kept.source, kept.excellent, kept.limit) == (tree.commune, QuotaException.Source.IMPORT, 2, 1)
    assert AuditEntry.objects.filter(action="assessment_record_decided").count() == 6


def test_the_current_year_is_never_recorded_as_decided(tree, admin, unit):
    assert not imports.can_record_decided(user=admin, unit=tree.cell1, year=today().year)
    assert imports.can_record_decided(user=admin, unit=tree.cell1, year=2024)
    assert not imports.can_record_decided(user=user_with(Role.CELL_SECRETARY, org=tree.cell1), unit=tree.cell1,
                                          year=2024)  # the cell proposes; the grassroots committee decides


def test_upload_a_past_year_as_decided_by_the_grassroots_committee(client, tree, unit_2021, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.commune))
    url = reverse("reviews:results_import", kwargs={"pk": tree.cell1.pk, "year": 2021})
    assert 'name="decided"' in client.get(url).content.decode()
    wb = template(tree, 2021)
    ws = wb[imports.SHEET]
    rows = {n: {**marks(ws, "Xuất sắc"), "Mức đề xuất": "HTXSNV"} for n in NAMES}
    upload = io.BytesIO(fill(wb, rows))
    upload.name = "ket-qua-2021.xlsx"
    location = client.post(url, {"file": upload, "decided": "1"})["Location"]
    assert "decided=1" in location
    page = client.get(location)
    body = page.content.decode()
    assert "6 HTXSNV vượt mức tối đa 1" in body and "ghi kết quả đã quyết định" in body
    done = client.post(url, {"token": page.context["token"], "decided": "1"}, follow=True)
    assert "Đã ghi kết quả đã quyết định của 6 đảng viên" in done.content.decode()
    assert Assessment.objects.filter(year=2021, org=tree.cell1, status=Status.APPROVED).count() == 6
