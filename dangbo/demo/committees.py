"""Terms, committees and their seats; villages with their heads; posts outside the committee.

Seats go to members who were registered in the org (or a cell below it) for the whole term, so every seat
holder really belongs to the org the seat is in. Runs after the histories are simulated, before rows are
written (a seat raises the holder's political theory level, as the appointment rules require).
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from dangbo.demo import names
from dangbo.demo.lifecycle import PROBATIONARY, REG_OFFICIAL, Person
from dangbo.demo.tree import Node

D = dt.date
# Level -> [(term name, nominal start)]. Cells below a đảng ủy cơ sở hold two congresses in a five-year term.
TERMS = {
    "province": [("2020–2025", D(2020, 10, 15)), ("2025–2030", D(2025, 10, 10))],
    "district": [("2020–2025", D(2020, 8, 1)), ("2025–2030", D(2025, 8, 1))],
    "grassroots": [("2020–2025", D(2020, 5, 10)), ("2025–2030", D(2025, 5, 10))],
    "cell": [("2022–2025", D(2022, 3, 15)), ("2025–2027", D(2025, 3, 15))],
}
JITTER = {"province": 5, "district": 20, "grassroots": 40, "cell": 35}
THEORY_RANK = {"none": 0, "so_cap": 1, "trung_cap": 2, "cao_cap": 3, "cu_nhan": 3}


@dataclass
class Seat:
    member: Person
    post: str
    full_time: bool


@dataclass
class Committee:
    org: Node
    term: str
    starts: int
    ends: int | None
    name: str
    seats: list[Seat] = field(default_factory=list)
    working_rules: bool = True


def level_of(node: Node) -> str:
    if node.role == "province":
        return "province"
    if node.role == "district":
        return "district"
    if node.is_grassroots:
        return "grassroots"
    return "cell"


def committee_name(node: Node) -> str:
    if node.role in ("province", "district"):
        return node.meta["committee"]
    if node.is_cell:
        return f"Chi ủy {node.name}"
    return f"Đảng ủy {node.name.removeprefix('Đảng bộ ')}"


class Committees:
    """Builds every org's committees for the terms that started before ``as_of``."""

    def __init__(self, rng: random.Random, as_of: int):
        self.rng = rng
        self.as_of = as_of
        self.by_cell: dict[int, list[tuple[Person, int, int | None]]] = {}
        self.committees: list[Committee] = []
        self.current: dict[int, Committee] = {}

    def index(self, persons: list[Person]) -> None:
        for p in persons:
            for org_id, kind, probationary, start, end in p.intervals:
                if kind == REG_OFFICIAL and not probationary:
                    self.by_cell.setdefault(org_id, []).append((p, start, end))

    def stable(self, cells: list[Node], start: int, end: int) -> list[Person]:
        out = []
        for cell in cells:
            for p, a, b in self.by_cell.get(cell.id, ()):
                if a <= start and (b is None or b >= end):
                    out.append(p)
        return out

    def active_on(self, cell: Node, day: int) -> list[Person]:
        return [p for p, a, b in self.by_cell.get(cell.id, ()) if a <= day and (b is None or b > day)]

    def build(self, node: Node, pool_cells: list[Node]) -> None:
        level = level_of(node)
        terms = TERMS[level]
        plans = []
        for name, nominal in terms:
            start = nominal.toordinal() + self.rng.randint(-JITTER[level], JITTER[level])
            if node.founded > start:
                start = node.founded + self.rng.randint(30, 90)
            if start >= self.as_of or (node.ended is not None and start >= node.ended):
                continue
            plans.append([name, start, None])
        for earlier, later in zip(plans, plans[1:], strict=False):
            earlier[2] = later[1] - 1
        if plans and node.ended is not None and plans[-1][2] is None:
            plans[-1][2] = node.ended - 1
        plans = [p for p in plans if p[2] is None or p[2] > p[1]]
        for name, start, ends in plans:
            until = min(ends if ends is not None else self.as_of, self.as_of)
            pool = self.stable(pool_cells, start, until)
            if level == "cell" and len(self.active_on(node, start)) < 9:
                continue
            seats = self._seats(node, level, pool, start)
            if not seats:
                continue
            committee = Committee(org=node, term=name, starts=start, ends=ends, name=committee_name(node),
                                  seats=seats, working_rules=self.rng.random() < 0.93)
            self.committees.append(committee)
            if ends is None:
                self.current[node.id] = committee

    def _seats(self, node: Node, level: str, pool: list[Person], start: int) -> list[Seat]:
        rng = self.rng
        size = len(self.active_on(node, start)) if node.is_cell else len(pool)
        if level == "province":
            layout = [("secretary", 1), ("deputy_secretary", 3), ("standing", 11), ("member", 36)]
        elif level == "district":
            layout = [("secretary", 1), ("deputy_secretary", 2), ("standing", 9), ("member", 23)]
        elif node.is_cell:
            if size >= 30:
                layout = [("secretary", 1), ("deputy_secretary", 1), ("member", 3)]
            elif size >= 9:
                layout = [("secretary", 1), ("deputy_secretary", 1), ("member", 1)]
            else:
                layout = [("secretary", 1), ("deputy_secretary", 1 if size >= 5 else 0)]
        else:
            members = rng.choice([9, 11, 13, 15]) if size >= 60 else 7 if size >= 25 else 5
            layout = [("secretary", 1), ("deputy_secretary", 2 if members >= 11 else 1),
                      ("standing", 2 if members >= 11 else 0), ("member", members - (5 if members >= 11 else 2))]
        # Leaders are of working age when elected; fall back to anyone if the org is old.
        fit = [p for p in pool if 27 <= (start - p.dob) / 365.25 <= 62] or pool
        rng.shuffle(fit)
        seats, i = [], 0
        for post, count in layout:
            for _ in range(count):
                if i >= len(fit):
                    return seats
                person = fit[i]
                i += 1
                full_time = post in ("secretary", "deputy_secretary") and not node.is_cell
                seats.append(Seat(person, post, full_time))
                floor = 3 if level in ("province", "district") else 2 if level == "grassroots" else 1
                if THEORY_RANK.get(person.theory, 0) < floor and rng.random() < 0.9:
                    person.theory = {1: "so_cap", 2: "trung_cap", 3: "cao_cap"}[floor]
        return seats


def village_heads(rng: random.Random, committees: Committees, communes: list[Node], *, region: str,
                  as_of: int) -> tuple[list[dict], list[tuple]]:
    """Village rows and the village_head posts of their member heads.

    Returns (villages, posts) where a post is (person, kind, title, org, starts_on)."""
    villages, posts = [], []
    for commune in communes:
        for v in commune.meta.get("villages", []):
            cell = v.get("cell")
            start = v.get("from") or (cell.founded if cell else commune.founded)
            start = max(start, commune.founded)
            row = {"commune": commune, "name": v["name"],
                   "kind": v["kind"], "cell": cell, "from": start, "to": v.get("to"), "head": None,
                   "head_name": ""}
            if v.get("to") is None and cell is not None and cell.active_on(as_of - 1):
                head = _pick_head(rng, committees, cell, as_of)
                if head is not None:
                    row["head"] = head
                    row["head_name"] = head.name
                    since = max(_registered_since(committees, head, cell), as_of - rng.randint(200, 1500))
                    word = v["name"].split()[0].lower()
                    title = f"Tổ trưởng {v['name'][0].lower()}{v['name'][1:]}" if word == "tổ" else \
                        f"Trưởng {v['name'][0].lower()}{v['name'][1:]}"
                    posts.append((head, "village_head", title, cell, min(since, as_of - 1)))
            if not row["head_name"]:
                gender = "F" if rng.random() < 0.15 else "M"
                row["head_name"] = names.full_name(rng, gender=gender, region=region, born_year=1970)
            villages.append(row)
    return villages, posts


def _pick_head(rng: random.Random, committees: Committees, cell: Node, as_of: int) -> Person | None:
    if rng.random() < 0.05:
        return None  # the head is not a party member
    current = committees.current.get(cell.id)
    present = {p.id for p in committees.active_on(cell, as_of - 1)}
    if current and rng.random() < 0.4:
        secretary = current.seats[0].member
        if secretary.id in present and secretary.status != PROBATIONARY:
            return secretary
    pool = [p for p in committees.active_on(cell, as_of - 1) if 25 <= (as_of - p.dob) / 365.25 <= 68]
    return rng.choice(pool) if pool else None


def _registered_since(committees: Committees, person: Person, cell: Node) -> int:
    return max((a for p, a, b in committees.by_cell.get(cell.id, ()) if p is person and b is None), default=0)


def commune_posts(rng: random.Random, committees: Committees, communes: list[Node]) -> list[tuple]:
    """Some commune secretaries chair the People's Council (7 of 15 in report 002), a few the People's
    Committee (1 of 15)."""
    posts = []
    for commune in communes:
        current = committees.current.get(commune.id)
        if current is None or current.seats[0].post != "secretary":
            continue
        x = rng.random()
        label = commune.meta.get("label", commune.place)
        since = max(current.starts, D(2021, 6, 25).toordinal())
        if x < 0.47:
            posts.append((current.seats[0].member, "council_chair", f"Chủ tịch HĐND {label}", commune, since))
        elif x < 0.54:
            posts.append((current.seats[0].member, "pc_chair", f"Chủ tịch UBND {label}", commune, since))
    return posts


def agency_posts(rng: random.Random, committees: Committees, units: list[Node]) -> list[tuple]:
    posts = []
    for unit in units:
        current = committees.current.get(unit.id)
        if current is None or rng.random() >= 0.6:
            continue
        label = unit.name.removeprefix("Chi bộ ").removeprefix("Đảng bộ ")
        posts.append((current.seats[0].member, "agency_head", f"Thủ trưởng {label}", unit, current.starts))
    return posts
