"""Synthetic membership histories and their projection.

Each member's history is simulated forward in time: already a member on the window start (admitted years
before, some outside the system and transferred in), admitted in the window, or transferred in from another
province. Then recognition after 12 months, transfers, temporary transfers, exemption in old age, death by a
Gompertz law, strike-offs, dismissals and expulsions, and the moves forced by restructuring (a merged or
dissolved cell's members go to its successor or to their village's cell).

``project`` folds the events into the member columns and ``Registration`` rows with exactly the semantics of
``members.rules.replay`` (including its quirks); ``verify`` checks that against ``replay`` itself.
"""

import datetime as dt
import random
from functools import lru_cache

from dangbo.demo import names, people
from dangbo.demo.places import PROVINCES
from dangbo.demo.tree import Node
from dangbo.members import rules
from dangbo.members.choices import EventKind as K
from dangbo.members.choices import MemberStatus as S
from dangbo.members.choices import RegistrationKind as R

ADMIT, RECOGNIZE, TRANSFER_IN, TRANSFER = K.ADMIT.value, K.RECOGNIZE.value, K.TRANSFER_IN.value, K.TRANSFER.value
TRANSFER_OUT, TEMP, TEMP_RETURN = K.TRANSFER_OUT.value, K.TEMP_TRANSFER.value, K.TEMP_RETURN.value
EXEMPT, EXEMPT_END, STRIKE_OFF = K.EXEMPT.value, K.EXEMPT_END.value, K.STRIKE_OFF.value
DISMISS, EXPEL, DEATH = K.DISMISS.value, K.EXPEL.value, K.DEATH.value
PROBATIONARY, OFFICIAL, TRANSFERRED_OUT = S.PROBATIONARY.value, S.OFFICIAL.value, S.TRANSFERRED_OUT.value
REG_OFFICIAL, REG_TEMP = R.OFFICIAL.value, R.TEMPORARY.value
TERMINAL = {STRIKE_OFF: S.STRUCK_OFF.value, DISMISS: S.DISMISSED.value, EXPEL: S.EXPELLED.value,
            DEATH: S.DECEASED.value}
YEAR = people.YEAR

# Yearly rates of the random events of an official member (age-independent ones; death and exemption are
# scheduled from the member's age).
RATES = [(TRANSFER, 0.018), (TRANSFER_OUT, 0.006), (TEMP, 0.005), (STRIKE_OFF, 0.0012), (DISMISS, 0.0004),
         (EXPEL, 0.00025), ("sick", 0.002), ("discipline", 0.003)]
RATE_TOTAL = sum(r for _, r in RATES)


def pick_kind(x: float) -> str:
    """The random event whose share of ``RATE_TOTAL`` contains ``x``."""
    for kind, rate in RATES:
        x -= rate
        if x < 0:
            return kind
    return RATES[-1][0]
STRIKE_REASONS = [
    "Bỏ sinh hoạt đảng ba tháng trong năm không có lý do chính đáng",
    "Không đóng đảng phí ba tháng trong năm không có lý do chính đáng",
    "Tự ý trả thẻ đảng viên",
]
PROBATION_STRIKE = "Không đủ điều kiện công nhận đảng viên chính thức"
DISMISS_REASON = "Giảm sút ý chí phấn đấu, không còn đủ tư cách đảng viên"
EXPEL_REASONS = [
    "Vi phạm nghiêm trọng quy định về những điều đảng viên không được làm",
    "Vi phạm pháp luật, bị truy cứu trách nhiệm hình sự",
    "Tham nhũng, lợi dụng chức vụ quyền hạn trong quản lý đất đai",
]
MINOR_REASONS = [
    "Vi phạm quy định về sinh hoạt đảng", "Thiếu trách nhiệm trong thực hiện nhiệm vụ được giao",
    "Vi phạm chính sách dân số", "Vi phạm quy định về quản lý tài chính",
]


@lru_cache(maxsize=100_000)
def probation_end(admitted: int) -> int:
    return rules.add_months(dt.date.fromordinal(admitted), rules.PROBATION_MONTHS).toordinal()


class Person:
    __slots__ = ("id", "name", "gender", "dob", "ethnicity", "role", "home", "events", "status", "org",
                 "exempt", "admitted", "official", "left", "intervals", "retired", "final_role", "discipline",
                 "theory", "category")

    def __init__(self):
        self.events: list[tuple] = []
        self.discipline: list[tuple] = []
        self.retired = False


def project(events: list[tuple]):
    """(status, org_id, is_exempt, admitted, official, left, intervals) from events sorted as replay sorts
    them. Intervals are [org_id, kind, is_probationary, valid_from, valid_to] with day ordinals."""
    status = org = temp = admitted = official = left = None
    exempt = False
    iv: list[list] = []

    def close(day, kind=None):
        for i in iv:
            if i[4] is None and (kind is None or i[1] == kind):
                i[4] = day

    for event in events:
        day, kind, org_id = event[0], event[1], event[2]
        if kind == ADMIT:
            status, org, admitted, official, left, exempt, temp = PROBATIONARY, org_id, day, None, None, False, None
            if org_id is not None:
                iv.append([org_id, REG_OFFICIAL, True, day, None])
        elif kind == RECOGNIZE:
            end = probation_end(admitted)
            if org is not None:
                close(end, REG_OFFICIAL)
                iv.append([org, REG_OFFICIAL, False, end, None])
            status, official = OFFICIAL, end
        elif kind == TRANSFER_IN:
            if status == TRANSFERRED_OUT:
                status = OFFICIAL if official else PROBATIONARY
            org = org_id
            iv.append([org_id, REG_OFFICIAL, status == PROBATIONARY, day, None])
        elif kind == TRANSFER:
            close(day, REG_OFFICIAL)
            org = org_id
            if temp == org_id:
                temp = None
                close(day)
            iv.append([org_id, REG_OFFICIAL, status == PROBATIONARY, day, None])
        elif kind == TRANSFER_OUT:
            status, temp = TRANSFERRED_OUT, None
            close(day)
        elif kind == TEMP:
            temp = org_id
            iv.append([org_id, REG_TEMP, status == PROBATIONARY, day, None])
        elif kind == TEMP_RETURN:
            temp = None
            close(day, REG_TEMP)
        elif kind == EXEMPT:
            exempt = True
        elif kind == EXEMPT_END:
            exempt = False
        else:
            status, left, temp, exempt = TERMINAL[kind], day, None, False
            close(day)
    kept = [i for i in iv if i[4] is None or i[4] > i[3]]
    return status, org, exempt, admitted, official, left, kept


def verify(person: Person, orgs: dict[int, Node]) -> None:
    """Raise if ``project`` and ``rules.replay`` disagree on this member (or replay refuses the history)."""
    facts = []
    for n, (day, kind, org_id, *_rest) in enumerate(person.events):
        on = dt.date.fromordinal(day)
        node = orgs.get(org_id)
        facts.append(rules.EventFact(kind=kind, date=on, org_id=org_id, org_name=node.name if node else "",
                                     org_active=node.active_on(day) if node else True,
                                     org_is_cell=node.is_cell if node else True, event_id=n + 1))
    # Past decisions, bulk-loaded without their letters: a missing approval (over 60) is no disagreement.
    state, _flags = rules.replay_as_decided(facts, date_of_birth=dt.date.fromordinal(person.dob))
    mine = project(person.events)
    theirs = (state.status, state.org_id, state.is_exempt, *(d.toordinal() if d else None for d in (
        state.admitted_on, state.official_on, state.left_on)),
        [[i.org_id, i.kind, i.is_probationary, i.valid_from.toordinal(),
          i.valid_to.toordinal() if i.valid_to else None] for i in state.intervals])
    if tuple(mine) != theirs:
        raise AssertionError(f"phép chiếu khác replay cho {person.name}: {mine} != {theirs}")


class DistrictLife:
    """Members and histories for the cells of one district-level unit."""

    def __init__(self, rng: random.Random, district: Node, *, start: int, as_of: int, next_id,
                 homes: list[dict] | None = None):
        self.rng = rng
        self.district = district
        self.start = start
        self.as_of = as_of
        self.next_id = next_id
        self.cells = [n for n in district.descendants() if n.is_cell]
        self.villages = [c for c in self.cells if c.role == "village"]
        meta = district.meta
        self.cccd_code = meta["cccd"]
        self.region = meta["region"]
        self.minorities = meta.get("minorities") or []
        self.highland = meta.get("highland", False)
        self.decided_by = f"Ban Thường vụ {meta['committee']}"
        self.inspection = f"Ủy ban Kiểm tra {meta['committee']}"
        self.suffix = meta.get("suffix", "HU")
        self.refs = [f"{n}-QĐ/{self.suffix}" for n in range(1, 2000)]
        self.homes = homes or villages_of(district) or [{"home": f"{district.place}, {meta.get('province_label', '')}"}]
        self.elsewhere = [f"Đảng bộ {w} {n}, {p[1]}" for w, n, p in (
            (rng.choice(["xã", "phường"]), rng.choice(["An Bình", "Tân Lập", "Hòa Bình", "Quang Trung", "Thống Nhất"]),
             rng.choice(PROVINCES)) for _ in range(12))]
        self.persons: list[Person] = []

    # -- persons -------------------------------------------------------------------------------------------
    def _ethnicity(self, cell: Node, village: dict | None) -> str:
        if not self.minorities:
            return "Kinh"
        share = 0.55 if self.highland else 0.008
        groups = self.minorities
        if village and village.get("minority"):
            share, groups = 0.8, groups[:1]
        if self.rng.random() >= share:
            return "Kinh"
        total = sum(w for _, w in groups)
        x = self.rng.random() * total
        for name, w in groups:
            x -= w
            if x < 0:
                return name
        return groups[-1][0]

    def _person(self, cell: Node, age: float, on: int) -> Person:
        rng = self.rng
        p = Person()
        p.id = self.next_id()
        female_share = people.PROFILES[cell.role][0]
        p.gender = "F" if rng.random() < female_share else "M"
        p.dob = on - int(age * YEAR) - rng.randint(0, 364)
        village = cell.meta.get("village") or self.homes[rng.randrange(len(self.homes))]
        p.home = village
        p.ethnicity = self._ethnicity(cell, village)
        born = dt.date.fromordinal(p.dob).year
        p.name = names.full_name(rng, gender=p.gender, region=self.region, born_year=born, ethnicity=p.ethnicity)
        p.role = cell.role
        self.persons.append(p)
        return p

    def _admit_ref(self) -> str:
        return self.refs[int(self.rng.random() * len(self.refs))]

    # -- population ----------------------------------------------------------------------------------------
    def populate(self) -> list[Person]:
        rng, start, as_of = self.rng, self.start, self.as_of
        for cell in self.cells:
            target = cell.size
            opens = max(start, cell.founded)
            closes = min(as_of, cell.ended or as_of)
            if cell.founded <= start and target:
                for _ in range(max(1, round(target * rng.uniform(0.63, 0.75)))):
                    self._initial(cell)
            span = max(0.0, (closes - opens) / YEAR)
            admits = target * 0.036 * span * rng.uniform(0.7, 1.3)
            for _ in range(int(admits) + (rng.random() < admits % 1)):
                self._admitted(cell, rng.randint(opens, closes - 1))
            arrivals = target * 0.007 * span * rng.uniform(0.5, 1.5)
            if cell.founded > start and not cell.meta.get("predecessors"):
                # A new cell starts with members who come to work there.
                for _ in range(rng.randint(3, 5)):  # noqa: B007
                    self._arrived(cell, cell.founded)
            for _ in range(int(arrivals) + (rng.random() < arrivals % 1)):
                self._arrived(cell, rng.randint(opens, closes - 1))
        return self.persons

    def _initial(self, cell: Node) -> None:
        rng, start = self.rng, self.start
        profile = people.PROFILES[cell.role]
        p = self._person(cell, people.triangular(rng, profile[1]), start)
        age_at_start = (start - p.dob) / YEAR
        admit_age = people.triangular(rng, profile[2])
        if admit_age > age_at_start - 0.3:
            admit_age = rng.uniform(18.05, max(18.05, age_at_start - 0.3))
        admitted = min(p.dob + int(admit_age * YEAR) + rng.randint(0, 60), start - 1)
        if admitted < p.dob + int(18 * YEAR) + 2:  # too young to have joined before the window: born earlier
            p.dob -= int(YEAR)
        vote = probation_end(admitted) + rng.randint(3, 45)
        if (admitted < cell.founded or rng.random() < 0.05) and vote + 30 < start:
            external = rng.choice(self.elsewhere)
            p.events.append((admitted, ADMIT, None, external, self._admit_ref(), "", ""))
            p.events.append((vote, RECOGNIZE, None, external, self._admit_ref(), "", ""))
            arrive = rng.randint(max(cell.founded, vote + 30), start - 1)
            p.events.append((arrive, TRANSFER_IN, cell.id, external, "", "", ""))
            self._official_life(p, cell, arrive, death=self._death(p, start))
            return
        admitted = max(admitted, cell.founded)
        p.events.append((admitted, ADMIT, cell.id, "", self._admit_ref(), self.decided_by, ""))
        self._probation(p, cell, admitted)

    def _admitted(self, cell: Node, day: int) -> None:
        p = self._person(cell, people.triangular(self.rng, people.PROFILES[cell.role][2]), day)
        p.dob = min(p.dob, day - int(18.05 * YEAR))
        p.events.append((day, ADMIT, cell.id, "", self._admit_ref(), self.decided_by, ""))
        self._probation(p, cell, day)

    def _arrived(self, cell: Node, day: int) -> None:
        rng = self.rng
        p = self._person(cell, rng.triangular(23, 58, 34), day)
        admitted = rng.randint(max(p.dob + int(18.1 * YEAR), day - int(25 * YEAR)), max(
            p.dob + int(18.1 * YEAR), day - 430))
        vote = min(probation_end(admitted) + rng.randint(3, 45), day - 1)
        external = rng.choice(self.elsewhere)
        p.events.append((admitted, ADMIT, None, external, "", "", ""))
        p.events.append((vote, RECOGNIZE, None, external, "", "", ""))
        p.events.append((day, TRANSFER_IN, cell.id, external, "", "", "Chuyển sinh hoạt đảng đến"))
        self._official_life(p, cell, day)

    # -- one life --------------------------------------------------------------------------------------------
    def _death(self, p: Person, day: int) -> int:
        age = (day - p.dob) / YEAR
        return p.dob + int(people.death_age(self.rng, age) * YEAR)

    def _move_if_ended(self, p: Person, cell: Node, day_limit: int) -> Node:
        """Follow the cell's restructuring: transfer on the day it ended, to its successor or a village cell."""
        while cell.ended is not None and cell.ended <= day_limit:
            on = cell.ended
            if cell.successor is not None:
                target, note = cell.successor, f"Sáp nhập vào {cell.successor.name}"
            else:
                target = self._village_cell(p, on, exclude=cell)
                note = f"Do {cell.name} giải thể"
            p.events.append((on, TRANSFER, target.id, "", "", "", note))
            cell = target
        return cell

    def _village_cell(self, p: Person, on: int, exclude: Node) -> Node:
        cell = p.home.get("cell")
        if cell is not None and cell is not exclude and cell.active_on(on):
            return cell
        pool = [c for c in self.villages if c.active_on(on) and c is not exclude] or [
            c for c in self.cells if c.active_on(on) and c is not exclude]
        return self.rng.choice(pool)

    def _probation(self, p: Person, cell: Node, admitted: int) -> None:
        rng, as_of = self.rng, self.as_of
        vote = probation_end(admitted) + rng.randint(3, 45)
        death = self._death(p, max(admitted, self.start))
        cell = self._move_if_ended(p, cell, min(vote, death, as_of - 1))
        if death < vote:
            if death < as_of:
                p.events.append((death, DEATH, cell.id, "", "", "", ""))
            p.final_role = cell.role
            return
        if vote >= as_of:
            p.final_role = cell.role
            return
        if vote >= self.start and rng.random() < 0.012:
            p.events.append((vote, STRIKE_OFF, cell.id, "", self._admit_ref(), self.decided_by, PROBATION_STRIKE))
            p.final_role = cell.role
            return
        p.events.append((vote, RECOGNIZE, cell.id, "", self._admit_ref(), self.decided_by, ""))
        self._official_life(p, cell, vote, death=death)

    def _official_life(self, p: Person, cell: Node, day: int, death: int | None = None) -> None:
        rng, as_of, events = self.rng, self.as_of, p.events
        never = 10**7
        death = death if death is not None else self._death(p, day)
        # Random events run from the window start: the registry holds no older moves.
        begin = max(day, self.start)
        exempt = False
        exempt_day = never
        if rng.random() < 0.8:
            exempt_day = max(p.dob + int((69 + rng.expovariate(1 / 5)) * YEAR), day + rng.randint(30, 700))
        retire_day = never
        if p.role in people.WORKPLACE_ROLES:
            retire_day = p.dob + int(people.retirement_age(p.gender, p.role) * YEAR) + rng.randint(0, 180)
            if retire_day < begin:
                retire_day = begin + rng.randint(30, 400)
        sick_end = never
        temp, temp_end = None, never
        t = begin
        while True:
            nxt = max(t, begin) + int(rng.expovariate(RATE_TOTAL) * YEAR) + 1
            ended = cell.ended if cell.ended is not None else never
            first = min(nxt, death, exempt_day, retire_day, ended, temp_end, sick_end)
            if first >= as_of:
                break
            t = first
            if first == ended:
                if temp is not None:
                    events.append((t, TEMP_RETURN, cell.id, "", "", "", ""))
                    temp, temp_end = None, never
                cell = self._move_if_ended(p, cell, t)
            elif first == temp_end:
                events.append((t, TEMP_RETURN, cell.id, "", "", "", "Kết thúc sinh hoạt tạm thời"))
                temp, temp_end = None, never
            elif first == death:
                events.append((t, DEATH, cell.id, "", "", "", ""))
                break
            elif first == retire_day:
                retire_day = never
                p.retired = True
                target = self._village_cell(p, t, exclude=cell)
                if temp is None and cell.role in people.WORKPLACE_ROLES and target is not cell:
                    events.append((t, TRANSFER, target.id, "", "", "", "Nghỉ hưu, chuyển về nơi cư trú"))
                    cell = target
            elif first == exempt_day:
                exempt_day = never
                if not exempt:
                    events.append((t, EXEMPT, cell.id, "", "", "", "Tuổi cao, sức yếu"))
                    exempt = True
            elif first == sick_end:
                sick_end = never
                events.append((t, EXEMPT_END, cell.id, "", "", "", ""))
                exempt = False
            else:
                outcome = self._random_event(p, cell, t, exempt, temp)
                if outcome is None:
                    continue
                kind, target = outcome
                if kind in TERMINAL or kind == TRANSFER_OUT:
                    break
                if kind == TRANSFER:
                    cell = target
                elif kind == TEMP:
                    temp, temp_end = target, t + rng.randint(95, 360)
                elif kind == EXEMPT:
                    exempt, sick_end = True, t + rng.randint(200, 900)
        p.final_role = cell.role

    def _random_event(self, p: Person, cell: Node, t: int, exempt: bool, temp: Node | None):
        rng, events = self.rng, p.events
        kind = pick_kind(rng.random() * RATE_TOTAL)
        if temp is not None and kind not in (STRIKE_OFF, DISMISS, EXPEL, "discipline"):
            return None
        if kind == TRANSFER:
            target = self._pick_cell(cell, t, same_parent=rng.random() < 0.4)
            if target is None:
                return None
            events.append((t, TRANSFER, target.id, "", "", "", ""))
            return TRANSFER, target
        if kind == TRANSFER_OUT:
            events.append((t, TRANSFER_OUT, cell.id, rng.choice(self.elsewhere), "", "", "Chuyển sinh hoạt đảng đi"))
            return TRANSFER_OUT, None
        if kind == TEMP:
            if exempt or (t - p.dob) / YEAR > 55:
                return None
            target = self._pick_cell(cell, t, until=t + 400)
            if target is None:
                return None
            events.append((t, TEMP, target.id, "", "", "", "Đi học tập, công tác có thời hạn"))
            return TEMP, target
        if kind == STRIKE_OFF:
            events.append((t, STRIKE_OFF, cell.id, "", self._admit_ref(), self.decided_by, rng.choice(STRIKE_REASONS)))
            return STRIKE_OFF, None
        if kind == DISMISS:
            events.append((t, DISMISS, cell.id, "", self._admit_ref(), self.decided_by, DISMISS_REASON))
            return DISMISS, None
        if kind == EXPEL:
            ref = f"{rng.randint(1, 300)}-QĐ/UBKT"
            reason = rng.choice(EXPEL_REASONS)
            events.append((t, EXPEL, cell.id, "", ref, self.inspection, reason))
            p.discipline.append((cell.id, "expulsion", t, self.inspection, ref, reason))
            return EXPEL, None
        if kind == "sick":
            if exempt:
                return None
            events.append((t, EXEMPT, cell.id, "", "", "", "Ốm đau, điều trị dài ngày"))
            return EXEMPT, None
        # A lighter discipline: a decision without a lifecycle event.
        form = "reprimand" if rng.random() < 0.6 else "warning"
        by = f"Chi bộ {cell.name.removeprefix('Chi bộ ')}" if form == "reprimand" else self.inspection
        p.discipline.append((cell.id, form, t, by, f"{rng.randint(1, 300)}-QĐ/UBKT" if form == "warning" else "",
                             rng.choice(MINOR_REASONS)))
        return None

    def _pick_cell(self, cell: Node, t: int, *, same_parent: bool = False, until: int | None = None) -> Node | None:
        pool = cell.parent.children if same_parent and cell.parent is not None else self.cells
        for _ in range(6):
            target = pool[self.rng.randrange(len(pool))]
            if (target is not cell and target.is_cell and target.founded <= t
                    and (target.ended is None or target.ended > (until or t))):
                return target
        return None


def villages_of(district: Node) -> list[dict]:
    """The district's villages, each with its postal address in ``home`` (used as members' residence)."""
    out = []
    province = district.meta.get("province_label", "")
    for commune in (c for c in district.children if c.role == "commune"):
        for v in commune.meta.get("villages", []):
            v.setdefault("home", f"{v['name'][0].lower()}{v['name'][1:]}, {commune.meta['label']}, "
                                 f"{district.meta['label']}, {province}")
            out.append(v)
    return out
