"""XLSX of who still needs training (issue 13, Deliver 2): one sheet per list, read through the scoped ``needs``."""

from openpyxl.styles import Font

from dangbo.core.dates import format_date
from dangbo.core.xlsx import list_sheet, workbook_bytes
from dangbo.training.needs import Needs

FILENAME = "can-boi-duong.xlsx"
COMMITTEE_COLUMNS = ["STT", "Họ và tên", "Chức vụ", "Cấp ủy (tổ chức)", "Nhiệm kỳ từ", "Chi bộ sinh hoạt"]
PROBATION_COLUMNS = ["STT", "Họ và tên", "Ngày sinh", "Ngày vào Đảng", "Chi bộ"]


def needs_xlsx(found: Needs) -> bytes:
    wb, ws = list_sheet("Cấp ủy viên, bí thư", COMMITTEE_COLUMNS, {2: 32, 4: 40, 6: 40})
    for i, seat in enumerate(found.seats.iterator(), start=1):
        ws.append([i, seat.member.full_name, seat.get_post_display(), seat.committee.term.org.name,
                   format_date(seat.committee.term.starts_on), seat.member.org.name if seat.member.org_id else ""])
    second = wb.create_sheet("Đảng viên dự bị")
    second.append(PROBATION_COLUMNS)
    for cell in second[1]:
        cell.font = Font(bold=True)
    for i, m in enumerate(found.probationers.iterator(), start=1):
        second.append([i, m.full_name, format_date(m.date_of_birth), format_date(m.admitted_on),
                       m.org.name if m.org_id else ""])
    return workbook_bytes(wb)
