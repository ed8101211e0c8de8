"""The synthetic party organization: ``generate(size=..., seed=...)`` builds it into an empty org tree.

Deterministic by seed: every district draws from its own ``random.Random`` seeded by (seed, size, district
code), ids are assigned in build order, and timestamps are derived from ``as_of``. Rows are written set-based
(see ``writer``); this package is treated like test factories and writes models directly.

Sizes: ``district`` (Tây Sơn, ≈ 4.200 members), ``province`` (Bình Định, ≈ 100.000), ``national`` (63
provinces, ≈ 5,5 million). ``scale`` multiplies the member budgets (tests use small scales).
"""

import datetime as dt
import random
import time
from operator import itemgetter

from django.db import transaction
from django.utils import timezone

from dangbo.core.exceptions import DomainError
from dangbo.demo import committees as cm
from dangbo.demo import lifecycle, people, structure
from dangbo.demo.tree import Node, Tree
from dangbo.demo.writer import Writer, sqlite_bulk_mode
from dangbo.members.models import DisciplineDecision, LifecycleEvent, Member, MemberPost, Registration
from dangbo.orgs.models import (
    Committee,
    CommitteeSeat,
    Org,
    OrgEvent,
    OrgKind,
    OrgPlacement,
    OrgType,
    Term,
    Village,
)

SIZES = {"district": 4200, "province": 100_000, "national": 5_500_000}
START = dt.date(2015, 1, 1)
EARLIEST_AS_OF = dt.date(2016, 1, 1)

MEMBER_FIELDS = (
    "id", "full_name", "sort_key", "search_text", "date_of_birth", "gender", "ethnicity", "religion", "hometown",
    "residence", "cccd", "card_number", "profile_number", "general_education", "education_level",
    "political_theory", "occupation", "category", "is_youth_union", "status", "org", "is_exempt", "admitted_on",
    "official_on", "left_on", "created_at",
)
EVENT_FIELDS = ("id", "member", "kind", "date", "org", "external_org", "decision_ref", "decided_by", "note",
                "is_void", "created_at")
REGISTRATION_FIELDS = ("id", "member", "org", "kind", "is_probationary", "valid_from", "valid_to")


class Generator:
    def __init__(self, *, size: str, seed: int, as_of: dt.date | None = None, scale: float = 1.0,
                 verify: bool | None = None, fast: bool | None = None, progress=None):
        if size not in SIZES:
            raise DomainError(f"Quy mô “{size}” không hợp lệ; chọn: {', '.join(SIZES)}.", field="size")
        self.as_of = as_of or timezone.localdate()
        if self.as_of < EARLIEST_AS_OF:
            raise DomainError("Ngày dữ liệu (--as-of) phải từ 01/01/2016 trở đi.", field="as_of")
        if not 0 < scale <= 1:
            raise DomainError("Tỷ lệ (--scale) phải lớn hơn 0 và không quá 1.", field="scale")
        self.size, self.seed, self.scale = size, seed, scale
        self.verify = size != "national" if verify is None else verify
        self.progress = progress or (lambda message: None)
        self.writer = Writer()
        self.fast = (size == "national" and self.writer.sqlite) if fast is None else fast
        # A fixed creation time keeps two builds of the same seed identical row for row.
        self.created_at = self.writer.datetime(
            dt.datetime.combine(self.as_of, dt.time(8, 0), tzinfo=dt.timezone(dt.timedelta(hours=7))))
        self.stats: dict = {}

    # -- entry point ---------------------------------------------------------------------------------------
    def run(self) -> dict:
        if Org.objects.exists():
            raise DomainError("Cơ sở dữ liệu đã có tổ chức đảng: chỉ sinh dữ liệu mẫu vào cây tổ chức trống.")
        began = time.perf_counter()
        if self.fast:
            with sqlite_bulk_mode():
                self._build()
        else:
            with transaction.atomic():
                self._build()
        self.stats["seconds"] = round(time.perf_counter() - began, 1)
        self.stats["rows"] = dict(self.writer.counts)
        return self.stats

    def _build(self) -> None:
        rng = random.Random(f"dangbo-demo:{self.seed}:{self.size}:structure")
        tree = Tree(first_id=self.writer.next_ids(Org))
        builder = structure.Builder(rng, tree, scale=self.scale, as_of=self.as_of, start=START)
        members = SIZES[self.size] * self.scale
        if self.size == "district":
            roots = [structure.build_district(builder, members)]
        elif self.size == "province":
            roots = [structure.build_province(builder, members)]
        else:
            roots = structure.build_national(builder, members)
        self.tree, self.roots = tree, roots
        self.progress(f"Cây tổ chức: {len(tree.nodes):,} tổ chức".replace(",", "."))
        with transaction.atomic():
            self._write_orgs(tree)
        self.ids = {model: self.writer.next_ids(model) for model in (
            Member, LifecycleEvent, Registration, Term, CommitteeSeat, Village, MemberPost, DisciplineDecision)}
        self.identity = people.Identity(salt=self.seed % 1000)
        for root in roots:
            districts = [d for d in builder.districts if d.path.startswith(root.path)]
            with transaction.atomic():
                self._province(root, districts)
            self.progress(f"{root.name}: xong ({self.stats.get('members', 0):,} đảng viên)".replace(",", "."))
        self.stats.update(orgs=len(tree.nodes), roots=[r.id for r in roots])

    # -- orgs ------------------------------------------------------------------------------------------------
    def _write_orgs(self, tree: Tree) -> None:
        w = self.writer
        types = dict(OrgType.objects.values_list("code", "id"))
        kinds = dict(OrgKind.objects.values_list("code", "id"))
        from dangbo.core.text import fold

        org_rows, placement_rows = [], []
        placement_id = w.next_ids(OrgPlacement)
        for n in tree.nodes:
            org_rows.append((n.id, n.path, n.depth, len(n.children), n.name, fold(n.name), n.code, types[n.type],
                             kinds.get(n.kind), w.date(n.founded), w.date(n.ended),
                             "ended" if n.ended is not None else "active", n.place))
            for parent_id, path, name, start, end in n.placements:
                placement_rows.append((placement_id, n.id, parent_id, path, name, w.date(start), w.date(end)))
                placement_id += 1
        w.insert(Org, ("id", "path", "depth", "numchild", "name", "search_name", "code", "type", "kind", "founded_on",
                       "ended_on", "status", "place"), org_rows)
        w.insert(OrgPlacement, ("id", "org", "parent", "path", "name", "valid_from", "valid_to"), placement_rows)
        event_id = w.next_ids(OrgEvent)
        event_rows, sources, results = [], [], []
        through_s, through_r = OrgEvent.sources.through, OrgEvent.results.through
        for e in sorted(tree.events, key=itemgetter("date")):
            event_rows.append((event_id, e["kind"], w.date(e["date"]), e.get("decision_ref", ""), e.get("note", ""),
                               w.json(OrgEvent, "detail", e.get("detail", {})), self.created_at))
            sources.extend((event_id, s.id) for s in e["sources"])
            results.extend((event_id, r.id) for r in e["results"])
            event_id += 1
        w.insert(OrgEvent, ("id", "kind", "date", "decision_ref", "note", "detail", "created_at"), event_rows)
        w.insert(through_s, ("orgevent", "org"), sources)
        w.insert(through_r, ("orgevent", "org"), results)

    # -- members of one province -------------------------------------------------------------------------
    def _province(self, root: Node, districts: list[Node]) -> None:
        as_of, start = self.as_of.toordinal(), START.toordinal()
        province_homes = [v for d in districts for v in lifecycle.villages_of(d)]
        persons: list[lifecycle.Person] = []
        counter = iter(range(self.ids[Member], 10**12))
        orgs = {n.id: n for n in [root, *root.descendants()]}
        for district in districts:
            rng = random.Random(f"dangbo-demo:{self.seed}:{self.size}:{district.code}")
            life = lifecycle.DistrictLife(rng, district, start=start, as_of=as_of, next_id=counter.__next__,
                                          homes=None if lifecycle.villages_of(district) else province_homes)
            for p in life.populate():
                p.events.sort(key=itemgetter(0))
                (p.status, p.org, p.exempt, p.admitted, p.official, p.left,
                 p.intervals) = lifecycle.project(p.events)
                if self.verify:
                    lifecycle.verify(p, orgs)
                persons.append(p)
        self.ids[Member] = next(counter)
        rng = random.Random(f"dangbo-demo:{self.seed}:{self.size}:{root.code}:people")
        rows = [self._member_row(rng, p, root) for p in persons]
        committees = self._committees(root, districts, persons)
        # Seats raised some holders' political theory: patch the rows before writing.
        theory_at = MEMBER_FIELDS.index("political_theory")
        for i, p in enumerate(persons):
            if rows[i][theory_at] != p.theory:
                row = list(rows[i])
                row[theory_at] = p.theory
                rows[i] = tuple(row)
        self.writer.insert(Member, MEMBER_FIELDS, rows)
        del rows
        self._write_histories(persons)
        self._write_committees(committees)
        self.stats["members"] = self.stats.get("members", 0) + len(persons)
        self.stats["active"] = self.stats.get("active", 0) + sum(
            1 for p in persons if p.status in (lifecycle.PROBATIONARY, lifecycle.OFFICIAL))

    def _member_row(self, rng: random.Random, p: lifecycle.Person, root: Node) -> tuple:
        w, as_of = self.writer, self.as_of.toordinal()
        code = root.meta["cccd"]
        reference = p.left or as_of
        age = (reference - p.dob) / people.YEAR
        role = p.final_role
        if p.retired or (role in people.WORKPLACE_ROLES and age >= people.retirement_age(p.gender, role)):
            category = "huu_tri"
        elif role in people.CATEGORY_BY_ROLE:
            category = people.CATEGORY_BY_ROLE[role]
        elif role in people.ENTERPRISE:
            category = people.ENTERPRISE[role].pick(rng)
        elif age >= (55 if p.gender == "F" else 60):
            category = "huu_tri" if rng.random() < 0.5 else "nong_dan"
        else:
            category = people.VILLAGE_WORKING.pick(rng)
        born = dt.date.fromordinal(p.dob)
        education = people.EDUCATION[category].pick(rng)
        if born.year < 1960 and category in ("nong_dan", "huu_tri"):
            general = rng.choice(["thpt", "thcs", "thcs", "tieu_hoc"])
        else:
            general = "thpt" if rng.random() < 0.92 else "thcs"
        if p.status == lifecycle.PROBATIONARY:
            theory = "so_cap" if rng.random() < 0.7 else "none"
        else:
            theory = people.THEORY.get(category, people.THEORY_DEFAULT).pick(rng)
        p.theory, p.category = theory, category
        occupations = people.OCCUPATION_BY_ROLE.get(role) if category in ("cbccvc", "llvt") else None
        occupation = rng.choice(occupations or people.OCCUPATION.get(category, ["Lao động tự do"]))
        if p.ethnicity == "Khmer" and rng.random() < 0.55:
            religion = "Phật giáo"
        else:
            religion = people.RELIGIONS.pick(rng)
        home = p.home["home"]
        if rng.random() < 0.75:
            hometown = home.split(", ", 1)[-1]
        else:
            hometown = rng.choice(structure.places.PROVINCES)[1]
        origin = code if rng.random() < 0.92 else rng.choice(structure.places.PROVINCES)[0]
        cccd = self.identity.cccd(origin, p.gender, born.year)
        card = self.identity.card(code) if p.official else ""
        profile = f"{code[1:]}{p.id % 10**7:07d}"
        youth = p.admitted is not None and (p.admitted - p.dob) / people.YEAR < 30 and rng.random() < 0.85
        sort_key, _folded = people.name_keys(p.name)
        return (p.id, p.name, sort_key, people.search_text(p.name, cccd, card), w.date(p.dob), p.gender,
                p.ethnicity, religion, hometown, home, cccd, card, profile, general, education, theory, occupation,
                category, youth, p.status, p.org, p.exempt, w.date(p.admitted), w.date(p.official), w.date(p.left),
                self.created_at)

    def _write_histories(self, persons: list[lifecycle.Person]) -> None:
        w = self.writer
        date = w.date
        created = self.created_at
        event_id, reg_id = self.ids[LifecycleEvent], self.ids[Registration]
        discipline_id = self.ids[DisciplineDecision]
        events, regs, disciplines = [], [], []
        for p in persons:
            pid = p.id
            for day, kind, org_id, external, ref, by, note in p.events:
                events.append((event_id, pid, kind, date(day), org_id, external, ref, by, note, False, created))
                event_id += 1
            for org_id, kind, probationary, start, end in p.intervals:
                regs.append((reg_id, pid, org_id, kind, probationary, date(start), date(end)))
                reg_id += 1
            for org_id, form, day, by, ref, reason in p.discipline:
                disciplines.append((discipline_id, pid, org_id, False, form, date(day), by, ref, reason, created))
                discipline_id += 1
            p.events = None  # free memory: a province can hold half a million histories
        w.insert(LifecycleEvent, EVENT_FIELDS, events)
        w.insert(Registration, REGISTRATION_FIELDS, regs)
        w.insert(DisciplineDecision, ("id", "member", "org", "is_org_discipline", "form", "date", "decided_by",
                                      "decision_ref", "reason", "created_at"), disciplines)
        self.ids[LifecycleEvent], self.ids[Registration] = event_id, reg_id
        self.ids[DisciplineDecision] = discipline_id

    # -- committees, villages, posts ---------------------------------------------------------------------
    def _committees(self, root: Node, districts: list[Node], persons: list[lifecycle.Person]) -> dict:
        rng = random.Random(f"dangbo-demo:{self.seed}:{self.size}:{root.code}:committees")
        as_of = self.as_of.toordinal()
        book = cm.Committees(rng, as_of)
        book.index(persons)
        leader_roles = {"agency", "commune_office", "state_enterprise"}
        province_pool = []
        for district in districts:
            nodes = [district, *district.descendants()]
            cells = [n for n in nodes if n.is_cell]
            leaders = [c for c in cells if c.role in leader_roles] or cells
            province_pool.extend(leaders)
            for node in nodes:
                if node.is_cell:
                    book.build(node, [node])
                elif node.role == "district":
                    book.build(node, leaders)
                elif node.is_grassroots:
                    book.build(node, [c for c in node.descendants() if c.is_cell])
        book.build(root, province_pool)
        communes = [n for d in districts for n in d.children if n.role == "commune"]
        villages, posts = cm.village_heads(rng, book, communes, region=root.meta["region"], as_of=as_of)
        posts += cm.commune_posts(rng, book, communes)
        units = [n for d in districts for n in d.children if n.is_grassroots and n.role != "commune"]
        posts += cm.agency_posts(rng, book, units)
        return {"committees": book.committees, "villages": villages, "posts": posts}

    def _write_committees(self, data: dict) -> None:
        w = self.writer
        term_id, seat_id = self.ids[Term], self.ids[CommitteeSeat]
        terms, committees, seats = [], [], []
        for c in data["committees"]:
            terms.append((term_id, c.org.id, c.term, w.date(c.starts), w.date(c.ends)))
            committees.append((term_id, term_id, c.name, c.working_rules))
            for seat in c.seats:
                seats.append((seat_id, term_id, seat.member.id, seat.post, seat.full_time, w.date(c.starts),
                              w.date(c.ends)))
                seat_id += 1
            term_id += 1
        w.insert(Term, ("id", "org", "name", "starts_on", "ends_on"), terms)
        w.insert(Committee, ("id", "term", "name", "has_working_rules"), committees)
        w.insert(CommitteeSeat, ("id", "committee", "member", "post", "is_full_time", "starts_on", "ends_on"), seats)
        self.ids[Term], self.ids[CommitteeSeat] = term_id, seat_id
        kinds = dict(OrgKind.objects.values_list("code", "id"))
        village_id, post_id = self.ids[Village], self.ids[MemberPost]
        village_rows, post_rows = [], []
        for v in data["villages"]:
            village_rows.append((village_id, v["commune"].id, v["name"], kinds[v["kind"]],
                                 v["cell"].id if v["cell"] else None, v["head_name"],
                                 v["head"].id if v["head"] else None, w.date(v["from"]), w.date(v["to"])))
            village_id += 1
        for person, kind, title, org, since in data["posts"]:
            post_rows.append((post_id, person.id, kind, title, org.id, w.date(since), None))
            post_id += 1
        w.insert(Village, ("id", "commune", "name", "kind", "cell", "head_name", "head_member", "valid_from",
                           "valid_to"), village_rows)
        w.insert(MemberPost, ("id", "member", "kind", "title", "org", "starts_on", "ends_on"), post_rows)
        self.ids[Village], self.ids[MemberPost] = village_id, post_id


def generate(*, size: str, seed: int, as_of: dt.date | None = None, scale: float = 1.0, verify: bool | None = None,
             fast: bool | None = None, progress=None) -> dict:
    return Generator(size=size, seed=seed, as_of=as_of, scale=scale, verify=verify, fast=fast,
                     progress=progress).run()
