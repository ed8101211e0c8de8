"""The giấy giới thiệu sinh hoạt đảng as DOCX in the party document format (FORMS.md §1 and §3). Pure: a
``LetterDoc`` in, bytes out.

The official letter is the "10-box" letter (loại 10 ô): the issuing committee fills the first box — the body
below the letterhead — and each level the letter passes through on its way fills one of the boxes that follow,
named here in route order and left for the hand of that level; the receiving cell's box ends the route. The
last page is the stub the receiving side sends back (phiếu báo đã nhận). The exact box layout in force is
"to confirm" in FORMS.md: the boxes are a table the offices can fill by hand either way."""

import datetime as dt
from dataclasses import dataclass, field

from docx.enum.text import WD_BREAK

from dangbo.core import docx_format as fmt
from dangbo.core.dates import date_line, format_date
from dangbo.core.docx_format import CENTER, JUSTIFY, LEFT, para

BOXES = 10
BOX_ROWS = BOXES // 2  # boxes 2…10 in two columns: nine boxes and one blank cell


@dataclass(frozen=True)
class LetterDoc:
    official: bool
    number: str
    issued_on: dt.date
    place: str
    superior: str  # "Đảng bộ huyện Tây Sơn" above the issuer; "" at the top
    issuer: str  # "Đảng ủy xã Bình Nghi"
    signer_title: str  # "T/M ĐẢNG ỦY"
    member_name: str
    date_of_birth: dt.date
    hometown: str
    admitted_on: dt.date | None
    official_on: dt.date | None
    card_number: str
    profile_number: str
    from_org: str  # "Chi bộ thôn 1, Đảng bộ xã Bình Nghi"
    destination: str
    reason: str
    present_by: dt.date
    decision_ref: str = ""
    stay_until: dt.date | None = None
    route: list[str] = field(default_factory=list)  # the levels after the issuer, in order, ending at the cell


def _line(doc, label: str, value: str) -> None:
    p = para(doc, "", 14, align=JUSTIFY, after=2)
    fmt.font(p.add_run(label), 14)
    fmt.font(p.add_run(value or "…"), 14, bold=True)


def _box(cell, n: int, level: str) -> None:
    para(cell, f"Ô số {n}", 13, bold=True, align=LEFT, after=0)
    para(cell, level or "Cấp ủy nơi chuyển tiếp: ……………………", 13, italic=not level, align=LEFT, after=0)
    para(cell, "Giới thiệu tiếp đến: ……………………………", 13, align=LEFT, after=0)
    para(cell, "Ngày …… tháng …… năm ……", 13, italic=True, align=CENTER, after=0)
    para(cell, "(Ký tên, đóng dấu)", 12, italic=True, align=CENTER, after=0)
    for _ in range(2):
        para(cell, "", 12, after=0)


def _boxes(doc, route: list[str]) -> None:
    para(doc, "", 12, after=0)
    para(doc, "PHẦN CÁC CẤP ỦY GIỚI THIỆU TIẾP VÀ NƠI ĐẾN TIẾP NHẬN", 13, bold=True, align=CENTER, after=4)
    table = fmt.columns(doc, (82.5, 82.5), borders=True, rows=BOX_ROWS)
    cells = [cell for row in table.rows for cell in row.cells]
    for i, cell in enumerate(cells):
        if i < BOXES - 1:
            _box(cell, i + 2, route[i] if i < len(route) else "")
        else:
            para(cell, "", 12, after=0)  # a table cell must hold a paragraph, or Word refuses the file


def _stub(doc, letter: LetterDoc) -> None:
    para(doc, "", 14, after=0).runs[0].add_break(WD_BREAK.PAGE)
    para(doc, "PHIẾU BÁO ĐÃ NHẬN GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG", 14, bold=True, align=CENTER, after=6)
    para(doc, f"Kính gửi: {letter.issuer}", 14, align=CENTER, after=6)
    para(doc, f"{letter.destination} đã nhận giấy giới thiệu sinh hoạt đảng số {letter.number} ngày "
              f"{format_date(letter.issued_on)} của đồng chí {letter.member_name} vào ngày …… tháng …… năm ……",
         14, indent=True)
    fmt.signature(doc, recipients=[], titles=["T/M CẤP ỦY NƠI ĐẾN"], name="")


def render(letter: LetterDoc) -> bytes:
    kind = "chính thức" if letter.official else "tạm thời"
    doc = fmt.a4_document(f"Giấy giới thiệu sinh hoạt đảng {kind} số {letter.number}")
    fmt.letterhead(doc, superior=letter.superior, issuer=letter.issuer, number_line=f"Số {letter.number}",
                   date_line=date_line(letter.place, letter.issued_on))
    para(doc, "", 14, after=0)
    para(doc, "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG", 16, bold=True, align=CENTER, after=0)
    para(doc, kind.upper(), 14, bold=True, align=CENTER, after=0)
    para(doc, "-----", 14, align=CENTER, after=6)
    para(doc, f"{letter.issuer} trân trọng giới thiệu:", 14, indent=True, after=4)
    _line(doc, "Đồng chí: ", letter.member_name)
    _line(doc, "Sinh ngày: ", format_date(letter.date_of_birth))
    _line(doc, "Quê quán: ", letter.hometown)
    standing = "chính thức" if letter.official_on and letter.official_on <= letter.issued_on else "dự bị"
    _line(doc, "Là đảng viên: ", standing)
    _line(doc, "Vào Đảng ngày: ", format_date(letter.admitted_on))
    if standing == "chính thức":
        _line(doc, "Chính thức ngày: ", format_date(letter.official_on))
    _line(doc, "Số thẻ đảng viên: ", letter.card_number)
    _line(doc, "Số lý lịch đảng viên: ", letter.profile_number)
    _line(doc, "Đang sinh hoạt tại: ", letter.from_org)
    _line(doc, f"Được chuyển đến sinh hoạt đảng {kind} tại: ", letter.destination)
    _line(doc, "Lý do: ", letter.reason)
    if not letter.official and letter.stay_until:
        _line(doc, "Thời gian sinh hoạt tạm thời: ", f"từ {format_date(letter.issued_on)} đến "
                                                     f"{format_date(letter.stay_until)}")
    if letter.decision_ref:
        _line(doc, "Căn cứ: ", letter.decision_ref)
    para(doc, f"Đề nghị {letter.destination} tiếp nhận và giúp đỡ đồng chí sinh hoạt đảng theo Điều lệ Đảng.",
         14, indent=True, after=4)
    para(doc, f"Đồng chí {letter.member_name} có trách nhiệm xuất trình giấy này với cấp ủy nơi đến chậm nhất ngày "
              f"{format_date(letter.present_by)} (30 ngày làm việc kể từ ngày giới thiệu); quá hạn phải báo cáo lý "
              "do với cấp ủy có thẩm quyền.", 14, italic=True, indent=True, after=6)
    fmt.signature(doc, recipients=["- Như trên,", "- Lưu hồ sơ đảng viên."], titles=[letter.signer_title],
                  name="")
    if letter.official:
        _boxes(doc, letter.route)
    _stub(doc, letter)
    return fmt.to_bytes(doc)
