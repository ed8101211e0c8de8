"""The body of a report as a list of blocks (heading levels, paragraphs, placeholders), the same for the DOCX
and the PDF. Pure: a ``Report`` in, blocks out — every sentence comes from ``texts``."""

from dataclasses import dataclass

from dangbo.core.dates import format_date
from dangbo.reports import texts
from dangbo.reports.datasets import Report, TargetResult, TaskLine
from dangbo.targets.choices import TargetStatus

PART = "part"  # "Phần thứ nhất" (centred, bold)
PART_TITLE = "part_title"  # "TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN" (centred, bold)
H1 = "h1"  # "I - …" (bold)
H2 = "h2"  # "1. …" (bold)
H3 = "h3"  # "1.1. …" (bold italic)
H4 = "h4"  # "a) …" (italic)
PARA = "para"  # a paragraph or a "- …" / "+ …" line
PLACEHOLDER = "placeholder"  # "[… — cấp ủy bổ sung]" (italic)

STATUS_ORDER = [TargetStatus.EXCEEDED, TargetStatus.MET, TargetStatus.ON_TRACK, TargetStatus.AT_RISK,
                TargetStatus.NOT_MET, TargetStatus.NO_DATA]
STATUS_WORDS = {
    TargetStatus.EXCEEDED: "vượt", TargetStatus.MET: "đạt", TargetStatus.ON_TRACK: "đang thực hiện đúng tiến độ",
    TargetStatus.AT_RISK: "có nguy cơ không đạt", TargetStatus.NOT_MET: "chưa đạt",
    TargetStatus.NO_DATA: "chưa có dữ liệu",
}


@dataclass(frozen=True)
class Block:
    kind: str
    text: str


def _ph(what: str) -> Block:
    return Block(PLACEHOLDER, texts.PLACEHOLDER.format(what))


def result_lines(report: Report, t: TargetResult) -> list[str]:
    """"- Chỉ tiêu … đề ra: …", then "- Kết quả:" and one "+ …" line per year (or "chưa có dữ liệu")."""
    row = t.row
    lines = [texts.spec_sentence(report.document_kind, row.target.text)]
    if not t.has_data:
        return [*lines, texts.no_data_sentence(available=row.available)]
    lines.append("- Kết quả:")
    for r in t.results:
        m = r.value.measure
        known = m is not None and m.value is not None
        phrase = texts.measure_phrase(code=row.target.indicator, name=row.name, numerator=m.numerator,
                                      denominator=m.denominator) if known else None
        lines.append(texts.result_sentence(
            label=r.label, phrase=phrase, status=r.value.status, detail=r.detail if known else "",
            manual_note=(m.note or "") if known and m.manual else None, deadline_year=t.deadline_year))
    return lines


def overview(report: Report) -> str:
    """"Tính đến ngày …, trong 5 chỉ tiêu chủ yếu có 2 chỉ tiêu vượt, 1 chỉ tiêu chưa đạt …" — statuses as the
    dashboard gives them."""
    rows = report.board.rows
    tally = {s: sum(1 for r in rows if r.status == s) for s in STATUS_ORDER}
    parts = [f"{texts.count(n)} chỉ tiêu {STATUS_WORDS[s]}" for s, n in tally.items() if n]
    kind = texts.KIND_SHORT.get(report.document_kind, "văn bản").lower()
    return (f"Tính đến ngày {format_date(report.as_of)}, trong {texts.count(len(rows))} chỉ tiêu chủ yếu của "
            f"{kind} đề ra, có " + ", ".join(parts) + ".")


def _task(line: TaskLine) -> str:
    t = line.task
    if line.state == "done":
        return texts.task_sentence(deliverable=t.deliverable, responsible=t.responsible, deadline=t.deadline_text,
                                   done_on=t.done_on, evidence=t.evidence)
    # the status recorded today may postdate the report's day: only what that day tells is written
    return texts.task_sentence(deliverable=t.deliverable, responsible=t.responsible, deadline=t.deadline_text,
                               state="chưa hoàn thành" if line.state == "overdue" else "")


def task_blocks(report: Report) -> list[Block]:
    """The tasks by state, each group lettered in turn — only the groups that have tasks, so "a)" is always
    followed by "b)" (a finished document has no gap in its numbering)."""
    groups = [("done", "Các nhiệm vụ đã hoàn thành"), ("overdue", "Các nhiệm vụ chậm so với thời hạn"),
              ("pending", "Các nhiệm vụ đang thực hiện, chưa đến hạn")]
    out: list[Block] = []
    present = [(heading, lines) for state, heading in groups
               if (lines := [line for line in report.tasks if line.state == state])]
    for letter, (heading, lines) in zip("abcdefgh", present, strict=False):
        out.append(Block(H4, f"{letter}) {heading}"))
        out += [Block(PARA, _task(line)) for line in lines]
    if not report.tasks:
        out.append(Block(PARA, "Văn bản không ghi nhiệm vụ cụ thể có thời hạn trong hệ thống."))
    out.append(_ph("Kết quả thực hiện các nhiệm vụ, giải pháp"))
    return out


def _shortfalls(report: Report) -> list[Block]:
    out = []
    weak = [t.row.name for t in report.targets if t.row.status in (TargetStatus.NOT_MET, TargetStatus.AT_RISK)]
    if weak:
        out.append(Block(PARA, "- Các chỉ tiêu chưa đạt hoặc có nguy cơ không đạt: " + "; ".join(weak) + "."))
    late = [line for line in report.tasks if line.state == "overdue"]
    if late:
        out.append(Block(PARA, f"- Có {texts.count(len(late))} nhiệm vụ chậm so với thời hạn đề ra."))
    return out


def blocks(report: Report) -> list[Block]:
    final = report.kind == "tong_ket"
    out = [Block(PART, "Phần thứ nhất"), Block(PART_TITLE, "TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN"),
           Block(H1, "I - CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO TRIỂN KHAI THỰC HIỆN"),
           Block(H2, "1. Công tác phổ biến, quán triệt và xây dựng các văn bản để triển khai thực hiện"),
           _ph("Công tác phổ biến, quán triệt, cụ thể hóa"),
           Block(H2, "2. Công tác kiểm tra, giám sát, đôn đốc triển khai thực hiện"),
           *([Block(PARA, report.inspection)] if report.inspection else []),
           _ph("Công tác kiểm tra, giám sát"),
           Block(H1, "II - KẾT QUẢ ĐẠT ĐƯỢC"),
           Block(H2, "1. Kết quả thực hiện các chỉ tiêu chủ yếu"),
           Block(PARA, overview(report))]
    for i, t in enumerate(report.targets, start=1):
        out.append(Block(H3, f"1.{i}. {t.row.name}"))
        out += [Block(PARA, line) for line in result_lines(report, t)]
    out.append(Block(H2, "2. Kết quả thực hiện các nhiệm vụ, giải pháp"))
    out += task_blocks(report)
    out += [Block(H2, "3. Đánh giá chung"), _ph("Đánh giá chung"),
            Block(H1, "III - HẠN CHẾ, TỒN TẠI VÀ NGUYÊN NHÂN"), Block(H2, "1. Hạn chế, tồn tại"),
            *_shortfalls(report), _ph("Hạn chế, tồn tại"),
            Block(H2, "2. Nguyên nhân"), _ph("Nguyên nhân khách quan, chủ quan")]
    if final:
        out += [Block(H1, "IV - BÀI HỌC KINH NGHIỆM"), _ph("Bài học kinh nghiệm")]
    out += [Block(PART, "Phần thứ hai"),
            Block(PART_TITLE, texts.ahead_title(final=final, period_end=report.document.period_end,
                                                as_of=report.as_of)),
            _ph("Nhiệm vụ, giải pháp trọng tâm")]
    if final:
        out += [Block(PART, "Phần thứ ba"), Block(PART_TITLE, "ĐỀ XUẤT, KIẾN NGHỊ"), _ph("Đề xuất, kiến nghị")]
    return out
