"""The sentences of a báo cáo sơ kết / tổng kết, in the words of ``002``. Pure: values in, Vietnamese text out.

Every figure a sentence shows is the numerator, denominator or percentage of a ``Measure`` the dashboard
computed, formatted the way ``Measure.text`` formats it (4.116, 94,5%); nothing here counts anything.
"""

import datetime as dt

from dangbo.core.dates import format_date
from dangbo.core.numbers import format_int, format_percent
from dangbo.orgs.names import IssuingBody
from dangbo.targets.choices import TargetStatus

PLACEHOLDER = "[{} — cấp ủy bổ sung]"
NO_DATA = "chưa có dữ liệu"

KIND_SHORT = {
    "NQ": "Nghị quyết", "CTr": "Chương trình hành động", "KH": "Kế hoạch", "CT": "Chỉ thị", "KL": "Kết luận",
    "HD": "Hướng dẫn", "QĐ": "Quyết định", "BC": "Báo cáo", "CV": "Công văn", "TB": "Thông báo",
}

VERDICT = {
    TargetStatus.EXCEEDED: "vượt chỉ tiêu đề ra",
    TargetStatus.MET: "đạt chỉ tiêu đề ra",
    TargetStatus.NOT_MET: "chưa đạt chỉ tiêu đề ra",
    # a year or term still running is judged by its projection (targets.rules.status)
    TargetStatus.ON_TRACK: "đang thực hiện, dự báo đạt chỉ tiêu đề ra",
    TargetStatus.AT_RISK: "có nguy cơ không đạt chỉ tiêu đề ra",
    TargetStatus.NO_DATA: NO_DATA,
}

# How a count indicator reads after "Năm 2021 …": (with a count, with none). A rate reads
# "có n/d <its name> (tỷ lệ p)".
COUNT_PHRASES = {
    "admissions_count": ("đã kết nạp {n} quần chúng vào Đảng", "chưa kết nạp được quần chúng nào vào Đảng"),
    "business_owners_admitted": ("đã kết nạp {n} chủ doanh nghiệp tư nhân vào Đảng",
                                 "chưa kết nạp được chủ doanh nghiệp tư nhân nào vào Đảng"),
    "new_cells_private_sector": ("đã thành lập {n} chi bộ trong doanh nghiệp tư nhân, đơn vị ngoài công lập",
                                 "chưa thành lập được chi bộ nào trong doanh nghiệp tư nhân, đơn vị ngoài công lập"),
    "members_count": ("tổng số đảng viên là {n} đồng chí", "chưa có đảng viên"),
    "recognized_count": ("đã công nhận {n} đảng viên chính thức", "chưa có đảng viên được công nhận chính thức"),
}


def count(n: int) -> str:
    """Counts under ten with two digits ("02 tổ chức"), as the documents write them."""
    return f"{n:02d}" if 0 <= n < 10 else format_int(n)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def verdict(status: str, deadline_year: int | None = None) -> str:
    """"vượt chỉ tiêu đề ra"; a target due by a year is judged by its projection to that year (002: "Dự báo
    đến năm 2025, đạt chỉ tiêu đề ra")."""
    if deadline_year and status == TargetStatus.ON_TRACK:
        return f"dự báo đến năm {deadline_year} đạt chỉ tiêu đề ra"
    if deadline_year and status == TargetStatus.AT_RISK:
        return f"dự báo đến năm {deadline_year} có nguy cơ không đạt chỉ tiêu đề ra"
    return VERDICT.get(status, NO_DATA)


def number_line(number: str, issuer_code: str) -> str:
    """"Số 05-BC/HU" — no colon after "Số"; an unnumbered draft keeps the dots for the office to fill."""
    return f"Số {number or '…'}-BC/{issuer_code or '…'}"


# --- title ------------------------------------------------------------------------------------------------

def _about(title: str) -> str:
    text = " ".join(title.split()).rstrip(".")
    if text.lower().startswith("về "):
        text = text[3:]
    return f"về “{text[:1].upper() + text[1:]}”" if text else ""


def summary_line(*, kind: str, document_kind: str, reference: str, issued_on: dt.date, issuer_short: str,
                 title: str, midterm: bool) -> str:
    """"sơ kết giữa nhiệm kỳ thực hiện Chương trình hành động số 03-CTr/HU ngày 22/12/2020 của Huyện ủy về …"."""
    verb = "tổng kết thực hiện" if kind == "tong_ket" else (
        "sơ kết giữa nhiệm kỳ thực hiện" if midterm else "sơ kết thực hiện")
    about = _about(title)
    return (f"{verb} {KIND_SHORT.get(document_kind, 'văn bản')} số {reference} ngày {format_date(issued_on)} "
            f"của {issuer_short}" + (f" {about}" if about else ""))


def ahead_title(*, final: bool, period_end: int, as_of: dt.date) -> str:
    """The title of the part that looks ahead. A sơ kết made while the programme runs aims at its end ("NHIỆM VỤ,
    GIẢI PHÁP THỰC HIỆN ĐẾN NĂM 2025", 002); one made after that end — or a tổng kết — cannot aim at a past year:
    "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"."""
    if final or as_of >= dt.date(period_end, 12, 31):
        return "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"
    return f"NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN ĐẾN NĂM {period_end}"


def period_label(years: list[int]) -> str:
    """The years a report covers, as documents write them: "năm 2021", "giai đoạn 2021 - 2025"; "" for none."""
    if not years:
        return ""
    first, last = min(years), max(years)
    return f"năm {first}" if first == last else f"giai đoạn {first} - {last}"


# --- results ----------------------------------------------------------------------------------------------

def spec_sentence(document_kind: str, target_text: str) -> str:
    text = " ".join(target_text.split()).rstrip(".;")
    return f"- Chỉ tiêu {KIND_SHORT.get(document_kind, 'văn bản')} đề ra: {text}."


def measure_phrase(*, code: str, name: str, numerator: int, denominator: int | None) -> str:
    """What was reached, e.g. "có 56/58 tổ chức cơ sở đảng … (tỷ lệ 96,6%)" or "đã kết nạp 192 quần chúng vào
    Đảng, đạt tỷ lệ 4,7% so với tổng số 4.116 đảng viên đầu kỳ"."""
    if code == "admission_rate" and denominator:
        base = f"so với tổng số {format_int(denominator)} đảng viên đầu kỳ"
        if not numerator:
            return f"chưa kết nạp được quần chúng nào vào Đảng (tỷ lệ {format_percent(0, denominator)} {base})"
        return (f"đã kết nạp {count(numerator)} quần chúng vào Đảng, đạt tỷ lệ "
                f"{format_percent(numerator, denominator)} {base}")
    if denominator is None:
        some, none = COUNT_PHRASES.get(code, ("", ""))
        if some:
            return some.format(n=count(numerator)) if numerator else none
        return f"{lower_first(name)}: {format_int(numerator)}"
    return (f"có {format_int(numerator)}/{format_int(denominator)} {lower_first(name)} "
            f"(tỷ lệ {format_percent(numerator, denominator)})")


def result_sentence(*, label: str, phrase: str | None, status: str, manual_note: str | None = None,
                    detail: str = "", deadline_year: int | None = None) -> str:
    """One line of "- Kết quả:" — "+ Năm 2021 có … (tỷ lệ 96,6%); vượt chỉ tiêu đề ra.".

    ``detail`` is a ready sentence of the same figures with their breakdown (the reviews paragraph); it
    replaces the plain phrase. ``manual_note`` marks a value entered by hand (with its source when given).
    """
    if phrase is None and not detail:
        return f"+ {label}: {NO_DATA}."
    body = detail.rstrip(". ") if detail else f"{label} {phrase}"
    if manual_note is not None:
        body += f" (số liệu cấp ủy nhập{': ' + manual_note if manual_note else ''})"
    return f"+ {body}; {verdict(status, deadline_year)}."


def no_data_sentence(*, available: bool) -> str:
    why = "" if available else " (chỉ số này chưa được hệ thống tính)"
    return f"- Kết quả: {NO_DATA}{why}."


# --- tasks ------------------------------------------------------------------------------------------------

def task_sentence(*, deliverable: str, responsible: str, deadline: str, done_on: dt.date | None = None,
                  evidence: str = "", state: str = "") -> str:
    head = f"- {' '.join(deliverable.split()).rstrip('.;')} ({responsible}; thời hạn: {deadline}"
    if done_on is not None:
        tail = f"; hoàn thành ngày {format_date(done_on)})"
        return head + tail + (f": {evidence.strip().rstrip('.')}." if evidence.strip() else ".")
    return head + (f"; {state})." if state else ").")


# --- signature --------------------------------------------------------------------------------------------

def signature_lines(*, signer_title: str, default_on_behalf: str) -> tuple[str, str | None, str]:
    """(T/M line, K/T line or None, title). ``signer_title`` may carry its own T/M line ("T/M HUYỆN ỦY\\nBÍ THƯ");
    a deputy ("PHÓ BÍ THƯ …") signs "K/T BÍ THƯ"."""
    lines = [" ".join(x.split()).upper() for x in (signer_title or "").splitlines() if x.strip()]
    on_behalf = next((x for x in lines if x.startswith("T/M")), default_on_behalf)
    rest = [x for x in lines if not x.startswith(("T/M", "K/T"))]
    title = rest[0] if rest else "BÍ THƯ"
    deputy = "K/T BÍ THƯ" if title.startswith("PHÓ BÍ THƯ") else None
    return on_behalf, deputy, title


def default_on_behalf(*, is_cell: bool, is_grassroots: bool) -> str:
    if is_cell:
        return "T/M CHI BỘ"
    if is_grassroots:
        return "T/M ĐẢNG ỦY"
    return "T/M BAN THƯỜNG VỤ"


def recipients(*, superior: IssuingBody | None, issuer: IssuingBody) -> list[str]:
    """The usual "Nơi nhận" of a report going up: the superior's standing committee, the committee's own
    members, the orgs below, and the archive."""
    rows = []
    if superior is not None and superior.short not in ("Chi bộ",):
        rows.append(f"- Ban Thường vụ {superior.short} (b/c),")
    if issuer.short in ("Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy"):
        rows += [f"- Các đồng chí {issuer.short} viên,", "- Các chi, đảng bộ trực thuộc,",
                 f"- Lưu Văn phòng {issuer.short}."]
    elif issuer.short == "Chi bộ":
        rows += ["- Các đồng chí đảng viên trong chi bộ,", "- Lưu Chi bộ."]
    else:
        rows += ["- Các đồng chí cấp ủy viên,", "- Các chi bộ trực thuộc,", f"- Lưu {issuer.short}."]
    return rows
