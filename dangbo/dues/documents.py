"""The arrears notice (giấy nhắc đóng đảng phí, RULES D3) as DOCX in the party document format (FORMS.md §1): the
same text as the printable HTML notice. Pure: a ``NoticeDoc`` in, bytes out."""

import datetime as dt
from dataclasses import dataclass

from dangbo.core import docx_format as fmt
from dangbo.core.dates import date_line
from dangbo.core.docx_format import CENTER, para
from dangbo.core.numbers import format_int


@dataclass(frozen=True)
class NoticeDoc:
    superior: str  # "Đảng bộ xã …" above the cell; "" at the top
    cell: str
    place: str
    issued_on: dt.date
    member_name: str
    year: int
    unpaid: list[tuple[dt.date, int]]  # (month, unpaid đồng)


def render(notice: NoticeDoc) -> bytes:
    doc = fmt.a4_document(f"Giấy nhắc đóng đảng phí — {notice.member_name}")
    fmt.letterhead(doc, superior=notice.superior, issuer=notice.cell, number_line="",
                   date_line=date_line(notice.place, notice.issued_on))
    para(doc, "", 14, after=0)
    para(doc, "GIẤY NHẮC ĐÓNG ĐẢNG PHÍ", 16, bold=True, align=CENTER, after=6)
    para(doc, f"Kính gửi đồng chí {notice.member_name}.", 14, indent=True)
    para(doc, f"Theo sổ thu đảng phí của chi bộ, năm {notice.year} đồng chí còn chưa đóng đảng phí các tháng sau:",
         14, indent=True)
    table = fmt.columns(doc, (82.5, 82.5), borders=True, rows=len(notice.unpaid) + 2)
    lines = [("Tháng", "Số tiền còn nợ (đ)"),
             *((f"{month:%m/%Y}", format_int(amount)) for month, amount in notice.unpaid),
             ("Cộng", format_int(sum(amount for _m, amount in notice.unpaid)))]
    for row, (left, right) in zip(table.rows, lines, strict=True):
        bold = left in ("Tháng", "Cộng")
        para(row.cells[0], left, 13, bold=bold, align=CENTER, after=0)
        para(row.cells[1], right, 13, bold=bold, align=CENTER, after=0)
    para(doc, "", 12, after=0)
    para(doc, "Đóng đảng phí là nhiệm vụ của đảng viên. Đảng viên bỏ đóng đảng phí 3 tháng trong năm mà không có lý "
              "do chính đáng thì chi bộ xem xét, đề nghị xóa tên trong danh sách đảng viên (Điều lệ Đảng, điều 8). Đề "
              "nghị đồng chí đóng số đảng phí còn nợ cho chi bộ hoặc báo cáo lý do với chi bộ.", 14, indent=True)
    fmt.signature(doc, recipients=[f"- Đồng chí {notice.member_name},", "- Lưu chi bộ."],
                  titles=["T/M CHI BỘ", "BÍ THƯ"], name="")
    return fmt.to_bytes(doc)
