"""XLSX of the rating statistics. Pure: a ``RatingStats`` (and its paragraphs) in, bytes out — the same figures
as the page, counts as numbers and shares as numbers with one decimal."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from dangbo.core.dates import format_date
from dangbo.core.xlsx import workbook_bytes
from dangbo.reviews.choices import LEVEL_SHORT, Exclusion
from dangbo.reviews.stats import EXCLUSIONS, LEVELS, POPULATION_LABELS, POPULATIONS, Counts

BOLD = Font(bold=True)
PCT = "0.0"


def _pct(value):
    return None if value is None else float(value)


# (header, value, is a share)
COLUMNS = [
    ("Trong danh sách", lambda c: c.listed, False),
    ("Không xếp loại", lambda c: c.excluded_total, False),
    ("Thuộc diện xếp loại", lambda c: c.subject, False),
    ("Chưa có kết quả", lambda c: c.undecided, False),
    ("Đã xếp loại", lambda c: c.decided, False),
]
for _level in LEVELS:
    COLUMNS += [(LEVEL_SHORT[_level], lambda c, lv=_level: c[lv], False),
                (f"{LEVEL_SHORT[_level]} (%)", lambda c, lv=_level: _pct(c.pct(lv)), True)]
COLUMNS += [
    ("HTT trở lên", lambda c: c.good_or_above, False),
    ("HTT trở lên (%)", lambda c: _pct(c.good_or_above_pct), True),
    ("HTXSNV / HTT trở lên (%)", lambda c: _pct(c.excellent_among_good_pct), True),
]
HEADERS = [h for h, _, _ in COLUMNS]


def _values(counts: Counts) -> list:
    return [fn(counts) for _, fn, _ in COLUMNS]


def _table(ws, lead: list[str], rows: list[tuple[list, Counts]]) -> None:
    ws.append(lead + HEADERS)
    for cell in ws[ws.max_row]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    first = len(lead)
    for labels, counts in rows:
        ws.append(list(labels) + _values(counts))
        for i, (_, _, is_share) in enumerate(COLUMNS):
            if is_share:
                ws.cell(row=ws.max_row, column=first + i + 1).number_format = PCT
    for idx in range(1, first + len(COLUMNS) + 1):
        ws.column_dimensions[get_column_letter(idx)].width = 34 if idx <= first else 12
    ws.freeze_panes = ws.cell(row=ws.max_row - len(rows) + 1, column=first + 1)


def _heading(ws, stats, title: str) -> None:
    ws.append([f"{title} — NĂM {stats.year}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"{stats.name_on}; theo cây tổ chức ngày {format_date(stats.on)}"])
    ws.append([])


def stats_xlsx(stats, paragraphs: dict[str, str], quota_summary: str = "") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    _heading(ws, stats, "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG")
    _table(ws, ["Đối tượng"], [([POPULATION_LABELS[p]], stats.totals[p]) for p in POPULATIONS])
    ws.append([])
    ws.append(["Không đánh giá, xếp loại (lý do)"] + [POPULATION_LABELS[p] for p in POPULATIONS])
    for cell in ws[ws.max_row]:
        cell.font = BOLD
    labels = dict(Exclusion.choices)
    for reason in EXCLUSIONS:
        ws.append([labels[reason]] + [stats.totals[p].excluded[reason] for p in POPULATIONS])
    ws.append([])
    ws.append(["Nhận định"])
    ws.cell(row=ws.max_row, column=1).font = BOLD
    for pop in POPULATIONS:
        ws.append([paragraphs[pop]])
    if quota_summary:  # the groups decided above the HTXSNV share, with the recorded exception (R4)
        ws.append([])
        ws.append([quota_summary])

    ws = wb.create_sheet("Trực thuộc")
    _heading(ws, stats, "KẾT QUẢ XẾP LOẠI THEO TỔ CHỨC TRỰC THUỘC")
    _table(ws, ["Tổ chức", "Đối tượng"], [
        ([f"{row.name} (trực tiếp)" if row.is_own else row.name, POPULATION_LABELS[p]], row.counts[p])
        for row in stats.children for p in POPULATIONS if not row.counts[p].is_empty])

    ws = wb.create_sheet("Theo đối tượng")
    _heading(ws, stats, "KẾT QUẢ XẾP LOẠI ĐẢNG VIÊN THEO ĐỐI TƯỢNG")
    _table(ws, ["Đối tượng đảng viên"], [([b.label], b.counts) for b in stats.by_category])

    ws = wb.create_sheet("Theo loại hình")
    _heading(ws, stats, "KẾT QUẢ XẾP LOẠI THEO LOẠI HÌNH")
    rows = []
    for pop in POPULATIONS:
        for group in stats.by_kind[pop]:
            rows.append(([POPULATION_LABELS[pop], group.label, "Cộng nhóm"], group.counts))
            rows += [([POPULATION_LABELS[pop], group.label, part.label], part.counts) for part in group.parts]
    _table(ws, ["Đối tượng", "Nhóm loại hình", "Loại hình"], rows)

    ws = wb.create_sheet("Qua các năm")
    _heading(ws, stats, "KẾT QUẢ XẾP LOẠI QUA CÁC NĂM")
    _table(ws, ["Năm", "Đối tượng"], [([year, POPULATION_LABELS[p]], figures[p])
                                       for year, figures in stats.years for p in POPULATIONS])
    return workbook_bytes(wb)
