"""The synthetic party organization: ``generate(size=..., seed=...)`` builds it into an empty org tree.

Deterministic by seed: the tree draws from one ``random.Random``, each district's members from their own
(seeded by seed, size and district code), ids are assigned in build order and timestamps derive from
``as_of``. Rows are written set-based (see ``writer``); this package is treated like test factories and
writes models directly.

Sizes: ``district`` (Tây Sơn, ≈ 4.200 members), ``province`` (Bình Định, ≈ 100.000), ``national`` (63
provinces, ≈ 5,5 million). ``scale`` multiplies the member budgets (tests use small scales). The national
build on SQLite generates provinces in worker processes, each into its own scratch file, and the main
process copies them in province order (``parallel``): the result is the same as a single-process build.
"""

import datetime as dt
import multiprocessing
import os
import sqlite3
import tempfile
import time
from operator import itemgetter

from django.db import connection, transaction
from django.utils import timezone

from dangbo.core.exceptions import DomainError
from dangbo.core.text import fold
from dangbo.demo import committees as cm
from dangbo.demo import lifecycle, people, places, structure
from dangbo.demo.people import FastRandom
from dangbo.demo.tree import Node, Tree
from dangbo.demo.writer import Writer, after_bulk_load, sqlite_bulk_mode
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

# The rows one province produces, in the order they are written (and copied by the parallel build).
TABLES = [
    (Member, ("id", "full_name", "sort_key", "search_text", "date_of_birth", "gender", "ethnicity", "religion",
              "hometown", "residence", "cccd", "card_number", "profile_number", "general_education",
              "education_level", "political_theory", "occupation", "category", "is_youth_union", "status", "org",
              "is_exempt", "admitted_on", "official_on", "left_on", "created_at")),
    (LifecycleEvent, ("id", "member", "kind", "date", "org", "external_org", "decision_ref", "decided_by", "note",
                      "is_void", "created_at")),
    (Registration, ("id", "member", "org", "kind", "is_probationary", "valid_from", "valid_to")),
    (DisciplineDecision, ("id", "member", "org", "is_org_discipline", "form", "date", "decided_by", "decision_ref",
                          "reason", "created_at")),
    (Term, ("id", "org", "name", "starts_on", "ends_on")),
    (Committee, ("id", "term", "name", "has_working_rules")),
    (CommitteeSeat, ("id", "committee", "member", "post", "is_full_time", "starts_on", "ends_on")),
    (Village, ("id", "commune", "name", "kind", "cell", "head_name", "head_member", "valid_from", "valid_to")),
    (MemberPost, ("id", "member", "kind", "title", "org", "starts_on", "ends_on")),
]
FIELDS = dict(TABLES)
THEORY_AT = FIELDS[Member].index("political_theory")
_JOB = None  # the running Generator, inherited by forked workers


class Generator:
    def __init__(self, *, size: str, seed: int, as_of: dt.date | None = None, scale: float = 1.0,
                 verify: bool | None = None, parallel: bool | None = None, workers: int = 2, progress=None):
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
        on_disk = self.writer.sqlite and "memory" not in str(connection.settings_dict["NAME"])
        self.parallel = (size == "national" and on_disk) if parallel is None else parallel
        self.workers = workers
        # A fixed creation time keeps two builds of the same seed identical row for row.
        self.created_at = self.writer.datetime(
            dt.datetime.combine(self.as_of, dt.time(8, 0), tzinfo=dt.timezone(dt.timedelta(hours=7))))
        self.stats: dict = {"members": 0, "active": 0}

    # -- entry point ---------------------------------------------------------------------------------------
    def run(self) -> dict:
        if Org.objects.exists():
            raise DomainError("Cơ sở dữ liệu đã có tổ chức đảng: chỉ sinh dữ liệu mẫu vào cây tổ chức trống.")
        began = time.perf_counter()
        self._plan()
        if self.parallel:
            with sqlite_bulk_mode(progress=self.progress):
                with transaction.atomic():
                    self._write_orgs()
                self._build_parallel()
        else:
            with transaction.atomic():
                self._write_orgs()
                ids = {model: self.writer.next_ids(model) for model, _fields in TABLES}
                for index in range(len(self.plan)):
                    self._province(index, self.writer, ids)
        self._reset_sequences()
        self.stats["seconds"] = round(time.perf_counter() - began, 1)
        self.stats["rows"] = dict(self.writer.counts)
        return self.stats

    def _reset_sequences(self) -> None:
        """Ids were assigned here, not by the database (``writer.after_bulk_load``)."""
        after_bulk_load({Org, OrgPlacement, OrgEvent, *(model for model, _fields in TABLES)})

    def _plan(self) -> None:
        rng = FastRandom(f"dangbo-demo:{self.seed}:{self.size}:structure")
        tree = Tree(first_id=self.writer.next_ids(Org))
        builder = structure.Builder(rng, tree, scale=self.scale, as_of=self.as_of, start=START)
        members = SIZES[self.size] * self.scale
        if self.size == "district":
            roots = [structure.build_district(builder, members)]
        elif self.size == "province":
            roots = [structure.build_province(builder, members)]
        else:
            roots = structure.build_national(builder, members)
        self.tree = tree
        self.plan = [(root, [d for d in builder.districts if d.path.startswith(root.path)]) for root in roots]
        self.kind_ids = dict(OrgKind.objects.values_list("code", "id"))
        self.stats.update(orgs=len(tree.nodes), roots=[r.id for r in roots])
        self.progress(f"Cây tổ chức: {len(tree.nodes):,} tổ chức".replace(",", "."))

    # -- parallel national build -------------------------------------------------------------------------
    def _build_parallel(self) -> None:
        global _JOB
        _JOB = self
        self.scratch = tempfile.mkdtemp(prefix="dangbo-demo-", dir=os.path.dirname(connection.settings_dict["NAME"]))
        raw = connection.connection
        try:
            context = multiprocessing.get_context("fork")
            with context.Pool(self.workers) as pool:
                for index, path, stats in pool.imap(_province_job, range(len(self.plan))):
                    self._copy(raw, path)
                    os.remove(path)
                    self._add_stats(stats)
                    self.progress(f"{self.plan[index][0].name}: xong ({self.stats['members']:,} hồ sơ đảng viên)"
                                  .replace(",", "."))
        finally:
            _JOB = None
            for name in os.listdir(self.scratch):
                os.remove(os.path.join(self.scratch, name))
            os.rmdir(self.scratch)

    def _copy(self, raw: sqlite3.Connection, path: str) -> None:
        """Append one province's scratch tables, shifting its local ids (1, 2, …) past the rows already in."""
        raw.execute("ATTACH DATABASE ? AS scratch", (path,))
        raw.execute("BEGIN")
        try:
            offsets = {model: raw.execute(f'SELECT COALESCE(MAX(id), 0) FROM main."{model._meta.db_table}"').fetchone()[0]
                       for model, _fields in TABLES if model is not Committee}
            offsets[Committee] = offsets[Term]  # a committee shares its term's id
            for model, fields in TABLES:
                exists = raw.execute("SELECT 1 FROM scratch.sqlite_master WHERE name = ?",
                                     (model._meta.db_table,)).fetchone()
                if not exists:
                    continue
                columns, exprs = [], []
                for name in fields:
                    field = model._meta.get_field(name)
                    target = model if name == "id" else field.related_model
                    columns.append(f'"{field.column}"')
                    exprs.append(f'"{field.column}" + {offsets[target]}' if target in offsets else f'"{field.column}"')
                table = model._meta.db_table
                raw.execute(f'INSERT INTO main."{table}" ({", ".join(columns)}) SELECT {", ".join(exprs)} '
                            f'FROM scratch."{table}" ORDER BY rowid')
                count = raw.execute(f'SELECT COUNT(*) FROM scratch."{table}"').fetchone()[0]
                self.writer.counts[model._meta.label] = self.writer.counts.get(model._meta.label, 0) + count
            raw.execute("COMMIT")
        finally:
            if raw.in_transaction:
                raw.execute("ROLLBACK")
            raw.execute("DETACH DATABASE scratch")

    def _add_stats(self, stats: dict) -> None:
        self.stats["members"] += stats["members"]
        self.stats["active"] += stats["active"]

    # -- orgs ------------------------------------------------------------------------------------------------
    def _write_orgs(self) -> None:
        w, tree = self.writer, self.tree
        types = dict(OrgType.objects.values_list("code", "id"))
        org_rows, placement_rows = [], []
        placement_id = w.next_ids(OrgPlacement)
        for n in tree.nodes:
            org_rows.append((n.id, n.path, n.depth, len(n.children), n.name, fold(n.name), n.code, types[n.type],
                             self.kind_ids.get(n.kind), w.date(n.founded), w.date(n.ended),
                             "ended" if n.ended is not None else "active", n.place))
            for parent_id, path, name, start, end in n.placements:
                placement_rows.append((placement_id, n.id, parent_id, path, name, w.date(start), w.date(end)))
                placement_id += 1
        w.insert(Org, ("id", "path", "depth", "numchild", "name", "search_name", "code", "type", "kind", "founded_on",
                       "ended_on", "status", "place"), org_rows)
        w.insert(OrgPlacement, ("id", "org", "parent", "path", "name", "valid_from", "valid_to"), placement_rows)
        event_id = w.next_ids(OrgEvent)
        event_rows, sources, results = [], [], []
        for e in sorted(tree.events, key=itemgetter("date")):
            event_rows.append((event_id, e["kind"], w.date(e["date"]), e.get("decision_ref", ""), e.get("note", ""),
                               w.json(OrgEvent, "detail", e.get("detail", {})), self.created_at))
            sources.extend((event_id, s.id) for s in e["sources"])
            results.extend((event_id, r.id) for r in e["results"])
            event_id += 1
        w.insert(OrgEvent, ("id", "kind", "date", "decision_ref", "note", "detail", "created_at"), event_rows)
        w.insert(OrgEvent.sources.through, ("orgevent", "org"), sources)
        w.insert(OrgEvent.results.through, ("orgevent", "org"), results)

    # -- members of one province -------------------------------------------------------------------------
    def _province(self, index: int, sink: Writer, ids: dict) -> dict:
        """Simulate, project and write one province's members, histories, committees and villages. ``ids``
        holds the next id of each table and is advanced."""
        root, districts = self.plan[index]
        as_of, start = self.as_of.toordinal(), START.toordinal()
        province_homes = [v for d in districts for v in lifecycle.villages_of(d)]
        persons: list[lifecycle.Person] = []
        counter = iter(range(ids[Member], 10**12))
        orgs = {n.id: n for n in [root, *root.descendants()]} if self.verify else {}
        for district in districts:
            rng = FastRandom(f"dangbo-demo:{self.seed}:{self.size}:{district.code}")
            life = lifecycle.DistrictLife(rng, district, start=start, as_of=as_of, next_id=counter.__next__,
                                          homes=None if lifecycle.villages_of(district) else province_homes)
            for p in life.populate():
                p.events.sort(key=itemgetter(0))
                p.status, p.org, p.exempt, p.admitted, p.official, p.left, p.intervals = lifecycle.project(p.events)
                if self.verify:
                    lifecycle.verify(p, orgs)
                persons.append(p)
        ids[Member] = next(counter)
        rng = FastRandom(f"dangbo-demo:{self.seed}:{self.size}:{root.code}:people")
        code = root.meta["cccd"]
        identity = people.Identity(code, next(i for i, p in enumerate(places.PROVINCES) if p[0] == code),
                                   salt=self.seed % 1000)
        rows = [self._member_row(rng, identity, n, p, root, sink.dates) for n, p in enumerate(persons, start=1)]
        data = self._committees(root, districts, persons)
        for i, p in enumerate(persons):  # seats raised some holders' political theory
            if rows[i][THEORY_AT] != p.theory:
                rows[i] = rows[i][:THEORY_AT] + (p.theory,) + rows[i][THEORY_AT + 1:]
        sink.insert(Member, FIELDS[Member], rows)
        del rows
        self._write_histories(persons, sink, ids)
        self._write_committees(data, sink, ids)
        stats = {"members": len(persons),
                 "active": sum(1 for p in persons if p.status in (lifecycle.PROBATIONARY, lifecycle.OFFICIAL))}
        if sink is self.writer:
            self._add_stats(stats)
            self.progress(f"{root.name}: xong ({self.stats['members']:,} hồ sơ đảng viên)".replace(",", "."))
        return stats

    def _member_row(self, rng, identity: people.Identity, n: int, p: lifecycle.Person, root: Node, date) -> tuple:
        code = root.meta["cccd"]
        reference = p.left or self.as_of.toordinal()
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
        born_year = dt.date.fromordinal(p.dob).year
        education = people.EDUCATION[category].pick(rng)
        if born_year < 1960 and category in ("nong_dan", "huu_tri"):
            general = rng.choice(("thpt", "thcs", "thcs", "tieu_hoc"))
        else:
            general = "thpt" if rng.random() < 0.92 else "thcs"
        if p.status == lifecycle.PROBATIONARY:
            theory = "so_cap" if rng.random() < 0.7 else "none"
        else:
            theory = people.THEORY.get(category, people.THEORY_DEFAULT).pick(rng)
        p.theory, p.category = theory, category
        occupations = people.OCCUPATION_BY_ROLE.get(role) if category in ("cbccvc", "llvt") else None
        occupation = rng.choice(occupations or people.OCCUPATION.get(category, ("Lao động tự do",)))
        religion = "Phật giáo" if p.ethnicity == "Khmer" and rng.random() < 0.55 else people.RELIGIONS.pick(rng)
        home = p.home["home"]
        hometown = home.split(", ", 1)[-1] if rng.random() < 0.75 else rng.choice(places.PROVINCES)[1]
        origin = code if rng.random() < 0.92 else rng.choice(places.PROVINCES)[0]
        cccd = identity.cccd(origin, p.gender, born_year)
        card = identity.card() if p.official else ""
        youth = p.admitted is not None and (p.admitted - p.dob) / people.YEAR < 30 and rng.random() < 0.85
        sort_key = people.name_keys(p.name)[0]
        return (p.id, p.name, sort_key, people.search_text(p.name, cccd, card), date[p.dob], p.gender,
                p.ethnicity, religion, hometown, home, cccd, card, f"{code[1:]}{n:07d}", general, education, theory,
                occupation, category, youth, p.status, p.org, p.exempt, date[p.admitted], date[p.official],
                date[p.left], self.created_at)

    def _write_histories(self, persons: list[lifecycle.Person], sink: Writer, ids: dict) -> None:
        date, created = sink.dates, self.created_at
        event_id, reg_id, discipline_id = ids[LifecycleEvent], ids[Registration], ids[DisciplineDecision]
        events, regs, disciplines = [], [], []
        for p in persons:
            pid = p.id
            for day, kind, org_id, external, ref, by, note in p.events:
                events.append((event_id, pid, kind, date[day], org_id, external, ref, by, note, False, created))
                event_id += 1
            for org_id, kind, probationary, start, end in p.intervals:
                regs.append((reg_id, pid, org_id, kind, probationary, date[start], date[end]))
                reg_id += 1
            for org_id, form, day, by, ref, reason in p.discipline:
                disciplines.append((discipline_id, pid, org_id, False, form, date[day], by, ref, reason, created))
                discipline_id += 1
            p.events = None  # a province can hold half a million histories
        sink.insert(LifecycleEvent, FIELDS[LifecycleEvent], events)
        sink.insert(Registration, FIELDS[Registration], regs)
        sink.insert(DisciplineDecision, FIELDS[DisciplineDecision], disciplines)
        ids[LifecycleEvent], ids[Registration], ids[DisciplineDecision] = event_id, reg_id, discipline_id

    # -- committees, villages, posts ---------------------------------------------------------------------
    def _committees(self, root: Node, districts: list[Node], persons: list[lifecycle.Person]) -> dict:
        rng = FastRandom(f"dangbo-demo:{self.seed}:{self.size}:{root.code}:committees")
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

    def _write_committees(self, data: dict, sink: Writer, ids: dict) -> None:
        date = sink.dates
        term_id, seat_id = ids[Term], ids[CommitteeSeat]
        terms, committees, seats = [], [], []
        for c in data["committees"]:
            terms.append((term_id, c.org.id, c.term, date[c.starts], date[c.ends]))
            committees.append((term_id, term_id, c.name, c.working_rules))
            for seat in c.seats:
                seats.append((seat_id, term_id, seat.member.id, seat.post, seat.full_time, date[c.starts],
                              date[c.ends]))
                seat_id += 1
            term_id += 1
        sink.insert(Term, FIELDS[Term], terms)
        sink.insert(Committee, FIELDS[Committee], committees)
        sink.insert(CommitteeSeat, FIELDS[CommitteeSeat], seats)
        ids[Term] = ids[Committee] = term_id
        ids[CommitteeSeat] = seat_id
        village_id, post_id = ids[Village], ids[MemberPost]
        village_rows, post_rows = [], []
        for v in data["villages"]:
            village_rows.append((village_id, v["commune"].id, v["name"], self.kind_ids[v["kind"]],
                                 v["cell"].id if v["cell"] else None, v["head_name"],
                                 v["head"].id if v["head"] else None, date[v["from"]], date[v["to"]]))
            village_id += 1
        for person, kind, title, org, since in data["posts"]:
            post_rows.append((post_id, person.id, kind, title, org.id, date[since], None))
            post_id += 1
        sink.insert(Village, FIELDS[Village], village_rows)
        sink.insert(MemberPost, FIELDS[MemberPost], post_rows)
        ids[Village], ids[MemberPost] = village_id, post_id


def _province_job(index: int):
    """Worker process: one province into its own scratch SQLite file, ids local to it."""
    job = _JOB
    path = os.path.join(job.scratch, f"province-{index:03d}.sqlite3")
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=OFF")
    raw.execute("PRAGMA synchronous=OFF")
    raw.execute("BEGIN")
    sink = Writer(raw=raw)
    stats = job._province(index, sink, {model: 1 for model, _fields in TABLES})
    raw.execute("COMMIT")
    raw.close()
    return index, path, stats


def generate(*, size: str, seed: int, as_of: dt.date | None = None, scale: float = 1.0, verify: bool | None = None,
             parallel: bool | None = None, workers: int = 2, progress=None) -> dict:
    return Generator(size=size, seed=seed, as_of=as_of, scale=scale, verify=verify, parallel=parallel,
                     workers=workers, progress=progress).run()
