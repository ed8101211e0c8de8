"""Restructuring rules for the org tree, as pure functions over plain data.

Sources: Điều lệ Đảng, Điều 11 (hệ thống tổ chức); Quy định 294-QĐ/TW (từ 01/07/2025, không còn cấp huyện);
RULES.md O1, O2.
"""

import datetime as dt
from dataclasses import dataclass

from dangbo.core.dates import format_date
from dangbo.core.rules import PowerViolation, Rule, RuleViolation

TREE = Rule("O2", "Điều lệ Đảng, Điều 11; Quy định 294-QĐ/TW")
O1_CELL_SIZE = Rule("O1", "Điều lệ Đảng, Điều 21 (chi bộ có ít nhất 3 đảng viên chính thức)")
O3_DECIDED_ABOVE = Rule(
    "O3", "Điều lệ Đảng, Điều 11 (cấp ủy cấp trên trực tiếp quyết định thành lập, chia tách, hợp nhất, sáp nhập, "
    "giải thể tổ chức đảng cấp dưới)")
MIN_OFFICIAL_IN_CELL = 3

# Restructuring an org is decided by the committee directly above it, never by the org itself (O3).
RESTRUCTURING = {
    "rename": "Đổi tên", "reclassify": "Đổi loại hình", "transfer": "Chuyển giao", "merge": "Sáp nhập, hợp nhất",
    "split": "Chia tách", "dissolve": "Giải thể",
}


@dataclass(frozen=True)
class OrgFacts:
    id: int | None
    name: str
    level_rank: int
    is_cell: bool
    is_party_group: bool
    active: bool
    founded_on: dt.date | None = None
    last_change: dt.date | None = None
    path: str = ""


def check_parent(child: OrgFacts, parent: OrgFacts | None, *, on: dt.date) -> None:
    """May ``child`` sit under ``parent`` from ``on``?"""
    if parent is None:
        return
    if not parent.active:
        raise RuleViolation(TREE, f"{parent.name} đã kết thúc hoạt động, không thể nhận tổ chức trực thuộc.", field="parent")
    if child.path and parent.path.startswith(child.path):
        raise RuleViolation(TREE, f"Không thể chuyển {child.name} vào chính tổ chức cấp dưới của nó.", field="parent")
    if parent.is_party_group:
        raise RuleViolation(TREE, "Tổ đảng không có tổ chức trực thuộc.", field="parent")
    if parent.is_cell and not child.is_party_group:
        raise RuleViolation(TREE, f"{parent.name} là chi bộ: bên dưới chỉ có tổ đảng.", field="parent")
    if child.level_rank <= parent.level_rank:
        raise RuleViolation(TREE, f"{child.name} không thể trực thuộc tổ chức cùng cấp hoặc cấp dưới ({parent.name}).",
                            field="parent")
    if parent.founded_on and on < parent.founded_on:
        raise RuleViolation(TREE, f"{parent.name} thành lập ngày {format_date(parent.founded_on)}, sau ngày hiệu lực.",
                            field="date")


def check_effective_date(org: OrgFacts, on: dt.date) -> None:
    """A change may not predate the org's founding nor its latest recorded change (history is append-only)."""
    if org.founded_on and on < org.founded_on:
        raise RuleViolation(TREE, f"Ngày hiệu lực trước ngày thành lập {org.name} ({format_date(org.founded_on)}).",
                            field="date")
    if org.last_change and on < org.last_change:
        raise RuleViolation(
            TREE, f"{org.name} đã có thay đổi ngày {format_date(org.last_change)}; ngày hiệu lực không được sớm hơn.",
            field="date")
    if not org.active:
        raise RuleViolation(TREE, f"{org.name} đã kết thúc hoạt động.")


def check_dissolve(org: OrgFacts, *, active_members: int, active_children: int) -> None:
    if active_children:
        raise RuleViolation(TREE, f"{org.name} còn {active_children} tổ chức trực thuộc đang hoạt động; "
                            "hãy chuyển giao hoặc giải thể trước.")
    if active_members:
        raise RuleViolation(TREE, f"{org.name} còn {active_members} đảng viên đang sinh hoạt; hãy chuyển sinh hoạt trước.")


def cell_size_warning(name: str, official_members: int) -> str | None:
    """O1 is a standard to meet, not a lock: a cell below it is flagged, not refused."""
    if official_members < MIN_OFFICIAL_IN_CELL:
        return f"{name} có {official_members} đảng viên chính thức, chưa đủ {MIN_OFFICIAL_IN_CELL} theo Điều lệ."
    return None


def deciding_path(path: str, steplen: int) -> str:
    """The path of the committee that decides on restructuring the org at ``path``: its direct superior.
    Empty for a root org, which only the central level (the system administrator) restructures."""
    return path[:-steplen]


def check_decision_power(*, action: str, org_name: str, may_decide: bool, is_root: bool = False,
                         superior_name: str = "") -> None:
    """O3: refuse a restructuring the acting user's level may not decide, naming the level that may."""
    if may_decide:
        return
    if is_root:
        who = "cấp Trung ương (quản trị hệ thống)"
    else:
        who = "cấp ủy cấp trên trực tiếp" + (f" ({superior_name})" if superior_name else "")
    raise PowerViolation(O3_DECIDED_ABOVE, f"{RESTRUCTURING[action]} {org_name} do {who} quyết định; "
                        "tài khoản của bạn không có quyền ở cấp đó.")
