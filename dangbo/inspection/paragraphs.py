"""The inspection sentence of a report, in the words of ``002`` footnote 29: "Các cấp ủy, tổ chức đảng đã tiến
hành kiểm tra 23 tổ chức đảng và 10 đảng viên; giám sát 07 tổ chức đảng và 07 đảng viên; ủy ban kiểm tra cấp ủy
các cấp kiểm tra 195 tổ chức đảng, giám sát 34 tổ chức đảng và 28 đảng viên; các chi bộ đã kiểm tra 4.285 đảng viên;
… xem xét và xử lý kỷ luật đối với 13 đảng viên vi phạm (04 trường hợp khiển trách, 05 trường hợp cảnh cáo, 04
trường hợp khai trừ ra khỏi Đảng)". Pure: ``figures.Figures`` in, text out; a figure of 0 is left out of its
clause, a clause with nothing is left out, and a period with no work at all says so."""

from dangbo.core.numbers import format_int
from dangbo.inspection.figures import ADVISORY, CELL, COMMISSION, COMMITTEE, Figures, Tally
from dangbo.members.choices import DisciplineForm

FORM_WORDS = {DisciplineForm.REPRIMAND: "khiển trách", DisciplineForm.WARNING: "cảnh cáo",
              DisciplineForm.REMOVAL: "cách chức", DisciplineForm.EXPULSION: "khai trừ ra khỏi Đảng",
              DisciplineForm.DISBANDMENT: "giải tán"}


def count(n: int) -> str:
    """Counts under ten with two digits ("04 trường hợp"), as the documents write them."""
    return f"{n:02d}" if 0 <= n < 10 else format_int(n)


def _objects(t: Tally, members: str = "đảng viên") -> str:
    parts = ([f"{count(t.orgs)} tổ chức đảng"] if t.orgs else []) + (
        [f"{count(t.members)} {members}"] if t.members else [])
    return " và ".join(parts)


def _work(verb: str, t: Tally, members: str = "đảng viên") -> str:
    what = _objects(t, members)
    return f"{verb} {what}" if what else ""


def _join(*parts: str) -> str:
    return ", ".join(p for p in parts if p)


def _forms(counts: dict[str, int]) -> str:
    return ", ".join(f"{count(n)} trường hợp {FORM_WORDS[form]}" for form, n in counts.items() if n)


def sentence(f: Figures, lead: str = "") -> str:
    """One sentence of the period's work, clauses joined by ";" as the footnote writes them; ``lead`` opens it
    (default "Trong <the period's label>")."""
    d = f.denunciations
    clauses = [
        _join(_work("kiểm tra", f.checks[COMMITTEE], "cán bộ, đảng viên"),
              _work("giám sát", f.supervisions[COMMITTEE], "cán bộ, đảng viên")),
        _join(_work("kiểm tra", f.checks[COMMISSION]), _work("giám sát", f.supervisions[COMMISSION])),
        _join(_work("kiểm tra", f.checks[CELL]), _work("giám sát", f.supervisions[CELL])),
        _join(_work("kiểm tra", f.checks[ADVISORY]), _work("giám sát", f.supervisions[ADVISORY])),
    ]
    heads = ["các cấp ủy, tổ chức đảng đã tiến hành ", "ủy ban kiểm tra cấp ủy các cấp ", "các chi bộ đã ",
             "các cơ quan tham mưu, giúp việc cấp ủy "]
    out = [head + clause for head, clause in zip(heads, clauses, strict=True) if clause]
    if f.violation_checks.cases or f.finance_checks.cases:
        out.append(_join(
            f"kiểm tra khi có dấu hiệu vi phạm {count(f.violation_checks.cases)} cuộc"
            if f.violation_checks.cases else "",
            f"kiểm tra tài chính đảng {count(f.finance_checks.cases)} cuộc" if f.finance_checks.cases else ""))
    if d.received or d.resolved:
        letters = _join(f"tiếp nhận {count(d.received)} đơn tố cáo" if d.received else "",
                        f"trong đó {count(d.not_handled)} đơn không đủ điều kiện xem xét" if d.not_handled else "",
                        f"giải quyết xong {count(d.resolved)} đơn" if d.resolved else "")
        out.append(letters + (f" ({count(d.in_progress)} đơn đang giải quyết)" if d.in_progress else ""))
    if f.complaints_settled:
        out.append(f"giải quyết {count(f.complaints_settled)} đơn khiếu nại kỷ luật")
    discipline = []
    if f.members_disciplined_total:
        discipline.append(f"{count(f.members_disciplined_total)} đảng viên vi phạm ({_forms(f.members_disciplined)})")
    if f.orgs_disciplined_total:
        discipline.append(f"{count(f.orgs_disciplined_total)} tổ chức đảng ({_forms(f.orgs_disciplined)})")
    if discipline:
        out.append("xem xét và xử lý kỷ luật đối với " + " và ".join(discipline))
    leavers = _join(f"xóa tên {count(f.struck_off)} đảng viên" if f.struck_off else "",
                    f"cho ra khỏi Đảng {count(f.dismissed)} đảng viên" if f.dismissed else "")
    if leavers:
        out.append(leavers)
    lead = lead or f"Trong {f.period.label}"
    if not out:
        return f"{lead}, hệ thống chưa ghi nhận cuộc kiểm tra, giám sát, đơn thư hay quyết định kỷ luật nào."
    return f"{lead}, " + "; ".join(out) + "."
