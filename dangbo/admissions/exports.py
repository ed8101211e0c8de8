"""The Huy hiệu list as XLSX: the organization commission sends it up before each award ceremony."""

import datetime as dt

from dangbo.admissions.selectors import BadgeDue
from dangbo.core.dates import format_date
from dangbo.core.xlsx import list_sheet, workbook_bytes

COLUMNS = ["STT", "Họ và tên", "Ngày sinh", "Chi bộ", "Ngày vào Đảng", "Tuổi đảng", "Huy hiệu", "Ngày đủ tuổi đảng"]


def badges_xlsx(rows: list[BadgeDue], on: dt.date) -> bytes:
    wb, ws = list_sheet(f"Huy hiệu {on:%d-%m-%Y}", COLUMNS, {2: 28, 4: 36, 6: 16, 7: 14, 8: 18})
    for i, row in enumerate(rows, start=1):
        m = row.member
        years, months = row.seniority
        ws.append([i, m.full_name, format_date(m.date_of_birth), m.org.name if m.org else "",
                   format_date(m.admitted_on), f"{years} năm {months} tháng" if months else f"{years} năm",
                   f"{row.years} năm", format_date(row.reached_on)])
    return workbook_bytes(wb)
