"""Benchmark: the full rating statistics table (``reviews.stats.rating_table``) against an ORM loop over orgs.

    .venv/bin/python bench/review_stats.py [--data-dir var/bench-national] [--year 2025] [--repeat 3]
                                           [--sample 25] [--full-baseline] [--org ID] [--read-only] [--no-baseline]

On a database built by ``bench/generate_national.py`` (or ``manage.py generate_demo --size province`` into its own
``DANGBO_DATA_DIR``): migrates it, and when the year has no ratings yet creates one synthetic assessment for
every active member and every rated org (raw ``executemany``, indexes rebuilt afterwards), with a realistic
spread of levels, exclusions and undecided ones. Then times:

- ``rating_table`` for the whole tree (``org=None``: every root) or for ``--org``: one read of the trigger-kept
  tally (``RatingTally``: one row per unit, subject and state) and one roll-up pass in Python — cold (first run) and the median / best of ``--repeat`` warm runs;
- the baseline: one ORM query per org counting that org's subtree straight from the assessments
  (``naive_totals``: a GROUP BY, plus the lookup of its placement). With ``--full-baseline`` every org is looped; otherwise ``--sample`` orgs
  of each depth are timed and the total is extrapolated from the mean per depth × the orgs at that depth.

Every sampled baseline row is checked against the table row of the same org: the two must agree.

For the whole tree, the columnar anchor (issue 12): the same table grouped with DuckDB and rolled up with NumPy,
timed in the same run, every row checked against ``rating_table``. DuckDB's ``sqlite`` extension is fetched on
first use, which a closed network cannot do: the rows are read once with ``sqlite3`` (on PostgreSQL through Django's
connection) into NumPy arrays, timed apart, and DuckDB works on those. Two ratios are printed: against the anchor's
roll-up alone (the issue's anchor), and against its read plus roll-up (both then start from the database). Needs
``.[bench]``.

``--read-only`` (a shared dataset): no migrate, no synthetic year written, an existing administrator or none (then
``snapshot().rows()``, which is ``rating_table`` less its scope check). When the year has no ratings, the table's
work after its SQL reads (``own_matrix``, the roll-up, packing, rows) is also timed on a synthetic tally held in
memory, against the anchor on the same rows and against the former Python roll-up.
"""

import argparse
import contextlib
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project root: bench.common, and dangbo once Django is set up

from bench.common import machine  # noqa: E402
from dangbo.core.numbers import format_int  # noqa: E402

# Spread of the synthetic year, close to 002 (2021): 12,6% HTXSNV, 81,9% HTTNV, 5,1% HTNV, 0,4% KHTNV.
LEVEL_WEIGHTS = (("excellent", 0.126), ("good", 0.819), ("completed", 0.051), ("not_completed", 0.004))
EXCLUDED_SHARE, UNDECIDED_SHARE = 0.015, 0.01
REASONS = ("exempt", "exempt", "exempt", "new_member", "new_member", "suspended", "sick_leave")
EXCLUSION_SPLIT = {reason: REASONS.count(reason) / len(REASONS) for reason in dict.fromkeys(REASONS)}


def synthesize(year: int, seed: int, progress) -> int:
    """One assessment per active member and per rated active org for ``year``, straight into the table."""
    from django.db import connection
    from django.db.models import Q

    from dangbo.demo.writer import Writer, sqlite_bulk_mode
    from dangbo.members.choices import ACTIVE_STATUSES
    from dangbo.members.models import Member
    from dangbo.orgs.models import Org, OrgStatus
    from dangbo.reviews.choices import Status, Subject
    from dangbo.reviews.models import Assessment
    from dangbo.reviews.rules import regulation_for

    rng = random.Random(seed)
    writer = Writer(connection)
    reg = regulation_for(year).code
    approved_on = writer.date(dt.date(year, 12, 20).toordinal())
    now = writer.datetime(dt.datetime(year, 12, 20, 8, 0, tzinfo=dt.UTC))
    step = Org.steplen
    orgs = list(Org.objects.values_list("pk", "path", "type__is_grassroots", "type__is_cell", "type__level__code",
                                        "status"))
    by_path = {path: (pk, grassroots) for pk, path, grassroots, *_ in orgs}
    memo: dict[str, int] = {}

    def grassroots_of(path: str) -> int:
        found = memo.get(path)
        if found is None:
            probe = path
            found = by_path[path][0]
            while probe:
                pk, is_grassroots = by_path.get(probe, (None, False))
                if is_grassroots:
                    found = pk
                    break
                probe = probe[:-step]
            memo[path] = found
        return found

    fields = [f for f in Assessment._meta.concrete_fields if not f.primary_key]
    names = tuple(f.attname for f in fields)
    base = {}
    for f in fields:
        if f.has_default():
            base[f.attname] = f.get_db_prep_save(f.get_default(), connection)
        elif f.null:
            base[f.attname] = None
        else:
            base[f.attname] = ""
    base.update(year=year, regulation=reg, updated_at=now)
    template = [base[n] for n in names]
    at = {n: i for i, n in enumerate(names)}
    i_subject, i_member, i_subject_org, i_org, i_approver, i_category = (at[n] for n in (
        "subject", "member_id", "subject_org_id", "org_id", "approver_id", "member_category"))
    i_status, i_exclusion, i_level, i_approved = (at[n] for n in ("status", "exclusion", "final_level",
                                                                  "approved_on"))
    levels = [lv for lv, _ in LEVEL_WEIGHTS]
    bounds = []  # cumulative shares of the year: excluded, undecided, then each level
    acc = EXCLUDED_SHARE
    bounds.append(acc)
    acc += UNDECIDED_SHARE
    bounds.append(acc)
    for _, w in LEVEL_WEIGHTS:
        acc += w * (1 - EXCLUDED_SHARE - UNDECIDED_SHARE)
        bounds.append(acc)
    excluded, proposed, approved = Status.EXCLUDED.value, Status.PROPOSED.value, Status.APPROVED.value
    random_ = rng.random

    def row(subject: str, member_id, subject_org_id, org_id: int, approver_id: int, category: str = "") -> tuple:
        values = template.copy()
        values[i_subject], values[i_member], values[i_subject_org] = subject, member_id, subject_org_id
        values[i_category] = category  # as the campaign's services record it
        values[i_org], values[i_approver] = org_id, approver_id
        r = random_()
        if r < bounds[0]:
            values[i_status], values[i_exclusion] = excluded, REASONS[int(r * 1e6) % len(REASONS)]
        elif r < bounds[1]:
            values[i_status] = proposed
        else:
            k = 2
            while k < len(bounds) - 1 and r >= bounds[k]:
                k += 1
            values[i_status], values[i_level], values[i_approved] = approved, levels[k - 2], approved_on
        return tuple(values)

    def insert(rows: list[tuple]) -> None:
        if connection.vendor == "sqlite":
            writer.insert(Assessment, names, rows)
            return
        # PostgreSQL: COPY (executemany ran ≈ 7.000 rows/s on the shared 2-core VM: 13 minutes for the year)
        columns = ", ".join(connection.ops.quote_name(Assessment._meta.get_field(n).column) for n in names)
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY reviews_assessment ({columns}) FROM STDIN") as copy:
            for values in rows:
                copy.write_row(values)

    path_of = {pk: path for pk, path, *_ in orgs}
    member, org_subject = Subject.MEMBER.value, Subject.ORG.value
    total = 0
    with (sqlite_bulk_mode(connection, tables=("reviews_assessment",), progress=progress)
          if connection.vendor == "sqlite" else triggers_off(connection)):
        batch = []
        members = (Member.objects.filter(status__in=ACTIVE_STATUSES, org__isnull=False).order_by()
                   .values_list("pk", "org_id", "category").iterator(chunk_size=100_000))
        for member_id, org_id, category in members:
            batch.append(row(member, member_id, None, org_id, grassroots_of(path_of[org_id]), category))
            if len(batch) >= 200_000:
                insert(batch)
                total += len(batch)
                batch = []
                progress(f"  {format_int(total)} phiếu đảng viên")
        rated = Q(type__is_grassroots=True) | Q(type__is_cell=True) | Q(type__level__code="section")
        parent_of = {path: pk for pk, path, *_ in orgs}
        for pk, path in Org.objects.filter(rated, status=OrgStatus.ACTIVE).values_list("pk", "path"):
            batch.append(row(org_subject, None, pk, pk, parent_of.get(path[:-step], pk)))
        insert(batch)
        total += len(batch)
    # The bulk mode drops the tally's triggers while loading: count the year's rows into the tally once, as the
    # migration that created it did.
    key = "year, subject, exclusion, final_level, org_id"
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reviews_ratingtally WHERE year = %s", [year])
        cursor.execute(f"INSERT INTO reviews_ratingtally ({key}, n) SELECT {key}, COUNT(*) FROM reviews_assessment "
                       f"WHERE year = %s GROUP BY {key}", [year])
    connection.connection.commit()
    return total


@contextlib.contextmanager
def triggers_off(connection):
    """PostgreSQL's counterpart of the bulk mode for this load: the tally's triggers off (the tally is counted
    once afterwards), in this session only."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")


def naive_totals(org, year: int) -> dict:
    """The baseline's count of one org's subtree, straight from the assessments with the ORM (no tally): what a
    loop over orgs would do. Same day's tree, same slots, so it must equal the table's row."""
    from django.db.models import Count

    from dangbo.orgs.selectors import placement_on
    from dangbo.reviews import stats
    from dangbo.reviews.choices import Subject
    from dangbo.reviews.models import Assessment

    on = stats.counted_on(year)
    acc = {pop: [0] * stats.WIDTH for pop in stats.POPULATIONS}
    at = placement_on(org=org, on=on)
    rows = (Assessment.objects.filter(year=year, subject__in=[Subject.MEMBER, Subject.ORG],
                                      org_id__in=stats._subtree_ids(on, at.path)).order_by()
            .values_list("subject", "org__type__is_grassroots", "org__type__is_cell", "exclusion", "final_level")
            .annotate(n=Count("*")))
    for subject, is_grassroots, is_cell, exclusion, level, n in rows:
        pop = stats.MEMBER if subject == Subject.MEMBER else stats.population_of_org(
            is_grassroots=is_grassroots, is_cell=is_cell)
        state = stats.state_of(exclusion, level)
        if pop is not None and state is not None:
            acc[pop][stats.SLOT[state]] += n
    return {pop: stats.Counts(v) for pop, v in acc.items()}


ANCHOR_PLACEMENTS = (
    "SELECT p.org_id, p.path, COALESCE(p.parent_id, 0), t.is_grassroots, t.is_cell FROM orgs_orgplacement p "
    "JOIN orgs_org o ON o.id = p.org_id JOIN orgs_orgtype t ON t.id = o.type_id "
    "WHERE p.valid_from <= %s AND (p.valid_to IS NULL OR p.valid_to > %s)")
ANCHOR_TALLY = "SELECT org_id, subject, exclusion, final_level, n FROM reviews_ratingtally WHERE year = %s"


def anchor_read(db_path: Path | None, year: int, on: dt.date):
    """The rows the anchor works on, read once into NumPy arrays: the placements of the day and the year's
    tally. On SQLite with Python's sqlite3 (read only): DuckDB's ``sqlite`` extension is downloaded on first use,
    which a closed network cannot do, so DuckDB gets these arrays instead of the file. On PostgreSQL
    (``db_path`` None) through Django's connection, for the same reason (``postgres_scanner`` is an extension too)."""
    import numpy as np

    day = on.isoformat()
    if db_path is None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(ANCHOR_PLACEMENTS, [day, day])
            placements = cursor.fetchall()
            cursor.execute(ANCHOR_TALLY, [year])
            tally = cursor.fetchall()
    else:
        import sqlite3

        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        placements = db.execute(ANCHOR_PLACEMENTS.replace("%s", "?"), [day, day]).fetchall()
        tally = db.execute(ANCHOR_TALLY.replace("%s", "?"), [year]).fetchall()
        db.close()

    def column(rows, i, dtype):
        return np.array([r[i] for r in rows], dtype=dtype)

    orgs = {"org_id": column(placements, 0, np.int64), "path": column(placements, 1, object),
            "parent_id": column(placements, 2, np.int64), "is_grassroots": column(placements, 3, np.int8),
            "is_cell": column(placements, 4, np.int8)}
    counts = {"org_id": column(tally, 0, np.int64), "subject": column(tally, 1, object),
              "exclusion": column(tally, 2, object), "final_level": column(tally, 3, object),
              "n": column(tally, 4, np.int64)}
    return orgs, counts


def anchor_roll_up(orgs: dict, counts: dict):
    """The same table with DuckDB and NumPy and nothing of the app: DuckDB maps each tally row to its org's
    position (path order) and column (population × state) and sums; NumPy adds the orgs into their parents,
    deepest first, with ``np.add.at``."""
    import duckdb
    import numpy as np

    from dangbo.reviews import stats

    slots = {"exclusion": np.array([*stats.EXCLUSIONS, "", *([""] * len(stats.LEVELS))], dtype=object),
             "final_level": np.array([*([""] * len(stats.EXCLUSIONS)), "", *stats.LEVELS], dtype=object),
             "slot": np.arange(stats.WIDTH, dtype=np.int64)}
    con = duckdb.connect()
    for name, table in (("orgs", orgs), ("counts", counts), ("slots", slots)):
        con.register(name, table)
    con.execute("CREATE TEMP TABLE placed AS SELECT row_number() OVER (ORDER BY path) - 1 AS pos, org_id, "
                "parent_id, length(path) AS len, is_grassroots, is_cell FROM orgs")
    cells = con.execute(f"""
        SELECT p.pos, CASE WHEN c.subject = 'member' THEN {stats.OFFSET[stats.MEMBER]}
                           WHEN p.is_grassroots = 1 THEN {stats.OFFSET[stats.GRASSROOTS]}
                           WHEN p.is_cell = 1 THEN {stats.OFFSET[stats.CELL]} END + s.slot AS col, sum(c.n) AS n
        FROM counts c JOIN placed p USING (org_id)
        JOIN slots s ON s.exclusion = c.exclusion AND s.final_level = c.final_level
        WHERE c.subject = 'member' OR p.is_grassroots = 1 OR p.is_cell = 1
        GROUP BY ALL""").fetchnumpy()
    tree = con.execute("SELECT p.pos, p.len, coalesce(q.pos, -1) AS parent FROM placed p "
                       "LEFT JOIN placed q ON q.org_id = p.parent_id ORDER BY p.pos").fetchnumpy()
    con.close()
    columns = np.unique(cells["col"])  # only the slots that occur, as the table does
    totals = np.zeros((len(tree["pos"]), len(columns)), np.int64)
    totals[cells["pos"], np.searchsorted(columns, cells["col"])] = cells["n"]
    length, parent = tree["len"], tree["parent"]
    for size in np.unique(length)[::-1]:
        rows = np.flatnonzero((length == size) & (parent >= 0))
        np.add.at(totals, parent[rows], totals[rows])
    return totals, columns


def synthetic_tally(seed: int, year: int):
    """For a dataset without ratings that must not be written (the shared national one): the tally of the
    synthetic year built in memory from the active members of each unit (one read of the members), with the
    spread of ``synthesize``; every grassroots org and cell gets its own rating. Returns the reads as
    ``own_matrix`` takes them and the same rows as the anchor's arrays."""
    import numpy as np
    from django.db.models import Count, Q

    from dangbo.members.choices import ACTIVE_STATUSES
    from dangbo.members.models import Member
    from dangbo.orgs.models import Org
    from dangbo.reviews import stats

    rng = np.random.default_rng(seed)
    per_unit = np.array(list(Member.objects.filter(status__in=ACTIVE_STATUSES, org__isnull=False).order_by()
                             .values_list("org_id").annotate(n=Count("*"))), dtype=np.int64).reshape(-1, 2)
    rated = np.array(list(Org.objects.filter(Q(type__is_grassroots=True) | Q(type__is_cell=True))
                          .values_list("pk", flat=True)), dtype=np.int64)
    states = [*EXCLUSION_SPLIT, stats.UNDECIDED, *(lv for lv, _ in LEVEL_WEIGHTS)]
    decided = 1 - EXCLUDED_SHARE - UNDECIDED_SHARE
    shares = np.array([EXCLUDED_SHARE * w for w in EXCLUSION_SPLIT.values()] + [UNDECIDED_SHARE]
                      + [w * decided for _, w in LEVEL_WEIGHTS])
    shares /= shares.sum()
    members = rng.multinomial(per_unit[:, 1], shares)  # units × states
    org_state = rng.choice(len(states), size=len(rated), p=shares)
    reads, flat = [], {"org_id": [], "subject": [], "exclusion": [], "final_level": [], "n": []}
    for k, state in enumerate(states):
        exclusion, level = (state, "") if state in EXCLUSION_SPLIT else ("", "" if state == stats.UNDECIDED else state)
        for subject, ids, n in (("member", per_unit[:, 0], members[:, k]),
                                ("org", rated[org_state == k], np.ones(int((org_state == k).sum()), np.int64))):
            keep = n > 0
            ids, n = ids[keep], n[keep]
            reads.append((subject, state, list(zip(ids.tolist(), n.tolist(), strict=True))))
            flat["org_id"].append(ids)
            flat["n"].append(n)
            for key, value in (("subject", subject), ("exclusion", exclusion), ("final_level", level)):
                flat[key].append(np.full(len(ids), value, dtype=object))
    return reads, {key: np.concatenate(parts) for key, parts in flat.items()}


def python_roll_up(orgs: list[tuple], own: dict[int, int], top: int) -> dict[int, int]:
    """The roll-up before NumPy (packed ints, one Python step per org), for comparison on the same rows."""
    totals = dict(own)
    get = totals.get
    for row in reversed(orgs):
        v = get(row[0])
        if v and len(row[1]) > top:
            totals[row[3]] = get(row[3], 0) + v
    return totals


def timed(fn, repeat: int):
    """Wall and CPU seconds: on a shared machine the CPU time of the process is the steadier figure."""
    began, cpu = time.perf_counter(), time.process_time()
    result = fn()
    cold = time.perf_counter() - began
    runs, cpus = [], []
    for _ in range(repeat):
        began, cpu = time.perf_counter(), time.process_time()
        fn()
        runs.append(time.perf_counter() - began)
        cpus.append(time.process_time() - cpu)
    return result, cold, statistics.median(runs or [cold]), min(runs or [cold]), statistics.median(cpus or [0.0])


def run_synthetic(args, anchor_orgs: dict, year: int, progress) -> None:
    """No ratings and no writing: the table's work after its SQL reads — own matrix, roll-up, packing, rows —
    on a synthetic tally held in memory, against the same anchor on the same rows and the old Python roll-up."""
    import numpy as np

    from dangbo.core.collector import gc_paused
    from dangbo.orgs.models import OrgType
    from dangbo.reviews import stats

    on = stats.counted_on(year)
    orgs = stats._org_rows(on, "")
    offset_of_type = {pk: stats.OFFSET.get(stats.population_of_org(is_grassroots=gr, is_cell=cell), -1)
                      for pk, gr, cell in OrgType.objects.values_list("pk", "is_grassroots", "is_cell")}
    reads, flat = synthetic_tally(args.seed, year)
    progress(f"Bảng đếm tổng hợp trong bộ nhớ: {format_int(len(flat['n']))} dòng, "
             f"{format_int(int(flat['n'].sum()))} phiếu")

    def ours():
        with gc_paused():
            own, columns = stats.own_matrix(orgs, offset_of_type, reads)
            snap = stats.Snapshot(root_path="", year=year, on=on, orgs=orgs, own=own, columns=columns, ancestors={})
            return snap, snap.rows()

    (snap, rows), cold, median, best, cpu = timed(ours, args.repeat)
    own_packed = snap.own

    def before():
        with gc_paused():
            return python_roll_up(orgs, own_packed, 0)

    old, _, old_median, _, old_cpu = timed(before, args.repeat)
    if any(old.get(r.org_id, 0) != r.packed for r in rows):
        raise SystemExit("Vòng Python cũ và NumPy khác nhau")
    matrix, a_cold, a_median, a_best, a_cpu = timed(lambda: anchor_roll_up(anchor_orgs, flat), args.repeat)
    differ = sum(a != b.packed for a, b in zip(stats.pack(*matrix), rows, strict=True))
    if differ:
        raise SystemExit(f"Mốc DuckDB khác bảng ở {differ} dòng")
    top = np.array([r.packed for r in rows if r.depth == 0], dtype=object)
    print()
    print(f"Bảng đếm tổng hợp (không ghi CSDL), {format_int(len(rows))} tổ chức, tổng {format_int(int(flat['n'].sum()))} "
          f"phiếu, {format_int(len(top))} tổ chức gốc")
    print(f"  phần sau truy vấn của rating_table (own_matrix + roll_up + pack + dòng): lạnh {cold:.2f} s, trung vị "
          f"{median:.2f} s, nhanh nhất {best:.2f} s, CPU {cpu:.2f} s")
    print(f"  vòng cộng dồn Python cũ (chỉ cộng dồn, số nguyên gói): trung vị {old_median:.2f} s, CPU {old_cpu:.2f} s")
    print(f"  mốc DuckDB + NumPy trên cùng các dòng: lạnh {a_cold:.2f} s, trung vị {a_median:.2f} s, nhanh nhất "
          f"{a_best:.2f} s, CPU {a_cpu:.2f} s; khớp {format_int(len(rows))} dòng")
    print(f"  tỷ lệ bảng / mốc: {median / a_median:.2f} lần (trung vị), {cpu / a_cpu:.2f} lần (CPU); "
          f"load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench-national"))
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=25, help="orgs timed per depth for the baseline")
    parser.add_argument("--full-baseline", action="store_true", help="loop every org (small databases)")
    parser.add_argument("--org", type=int, default=None, help="root org id (default: the whole tree)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--read-only", action="store_true",
                        help="a shared dataset: no migrate, no synthetic year, no bench user written")
    parser.add_argument("--no-baseline", action="store_true", help="only rating_table and the DuckDB anchor")
    parser.add_argument("--database-url", default="",
                        help="PostgreSQL (bench/national_to_postgres.py); the anchor reads its rows through Django there")
    args = parser.parse_args()
    os.environ["DANGBO_DATA_DIR"] = str(Path(args.data_dir).resolve())
    os.environ.pop("DATABASE_URL", None)  # SQLite unless told: this measures the embedded default
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from dangbo.core.collector import gc_paused
    from dangbo.orgs.models import Org, OrgPlacement
    from dangbo.reviews import stats
    from dangbo.reviews.models import Assessment

    began = time.perf_counter()

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - began:7.1f} s] {message}", flush=True)

    print(f"Máy: {machine()}")
    on_sqlite = connection.vendor == "sqlite"
    print(f"CSDL: {Path(args.data_dir).resolve() / 'dangbo.sqlite3'}" if on_sqlite else
          f"CSDL: PostgreSQL {connection.settings_dict['HOST']}:{connection.settings_dict['PORT']}/"
          f"{connection.settings_dict['NAME']}")
    if not args.read_only:
        call_command("migrate", verbosity=0)
        progress("migrate xong")
    year = args.year
    existing = Assessment.objects.filter(year=year).count()
    if existing or args.read_only:
        progress(f"Năm {year} đã có {format_int(existing)} phiếu đánh giá: dùng số liệu sẵn có")
    else:
        t0 = time.perf_counter()
        n = synthesize(year, args.seed, progress)
        progress(f"Tạo {format_int(n)} phiếu đánh giá tổng hợp năm {year}: {time.perf_counter() - t0:.0f} giây")

    if args.read_only:  # an administrator already there: the scope check reads the user's roles
        admin = get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    else:
        admin, _ = get_user_model().objects.get_or_create(username="bench-admin", defaults={"is_superuser": True})
    root = Org.objects.get(pk=args.org) if args.org else None
    label = root.name if root else "toàn bộ cây (mọi tổ chức gốc)"

    if admin is not None:
        def table():
            return stats.rating_table(user=admin, org=root, year=year)
    else:  # a dataset without users: rating_table less its scope check (one lookup of the user's roles)
        def table():
            with gc_paused():
                return stats.snapshot(org=root, year=year).rows()
    rows, cold, median, best, cpu = timed(table, args.repeat)
    top = [r for r in rows if r.depth == 0]
    totals = stats.total(r.counts[stats.MEMBER] for r in top), stats.total(r.counts[stats.GRASSROOTS] for r in top)
    print()
    print(f"rating_table — {label}, năm {year}: {format_int(len(rows))} dòng (mỗi tổ chức một dòng)")
    print(f"  đảng viên trong danh sách {format_int(totals[0].listed)}, đã xếp loại {format_int(totals[0].decided)}, "
          f"HTT trở lên {totals[0].good_or_above_pct}%; TCCS đã xếp loại {format_int(totals[1].decided)}")
    print(f"  lần đầu (lạnh) {cold:.2f} s; {args.repeat} lần sau: trung vị {median:.2f} s, nhanh nhất {best:.2f} s; "
          f"CPU của tiến trình (trung vị) {cpu:.2f} s; load average lúc đo {os.getloadavg()[0]:.1f}")
    with connection.cursor() as cursor:
        sql, params = stats._tally_by_org(year, "member", None, stats.STATE_Q["good"]).query.sql_with_params()
        cursor.execute(("EXPLAIN QUERY PLAN " if on_sqlite else "EXPLAIN ") + sql, params)
        print("  kế hoạch truy vấn (bảng đếm, đảng viên HTTNV):",
              " | ".join(r[-1].strip() for r in cursor.fetchall()))
        cursor.execute("SELECT COUNT(*) FROM reviews_ratingtally WHERE year = %s", [year])
        print(f"  bảng đếm RatingTally năm {year}: {format_int(cursor.fetchone()[0])} dòng")

    if root is None:
        # The columnar anchor (issue 12): the same table with DuckDB + NumPy over the same rows, in this run.
        import numpy as np

        db_path = Path(args.data_dir).resolve() / "dangbo.sqlite3" if on_sqlite else None
        t0 = time.perf_counter()
        read = anchor_read(db_path, year, stats.counted_on(year))
        reading = time.perf_counter() - t0
        if args.read_only and not existing:
            run_synthetic(args, read[0], year, progress)
        matrix, a_cold, a_median, a_best, a_cpu = timed(lambda: anchor_roll_up(*read), args.repeat)
        differ = sum(a != b.packed for a, b in zip(stats.pack(*matrix), rows, strict=True))
        if differ:
            raise SystemExit(f"Mốc DuckDB khác rating_table ở {differ} dòng")
        print()
        print(f"Mốc DuckDB {__import__('duckdb').__version__} + NumPy {np.__version__} (cùng các dòng, cùng lần chạy): "
              f"đọc {'SQLite' if on_sqlite else 'PostgreSQL'} vào NumPy {reading:.2f} s (không tính); gom và cộng dồn: lạnh {a_cold:.2f} s, "
              f"trung vị {a_median:.2f} s, nhanh nhất {a_best:.2f} s, CPU {a_cpu:.2f} s; khớp {format_int(len(rows))} dòng")
        print(f"  rating_table / mốc: {median / a_median:.1f} lần (trung vị), {best / a_best:.1f} lần (nhanh nhất), "
              f"{cpu / a_cpu:.1f} lần (CPU) — mục tiêu ≤ 4; load average {os.getloadavg()[0]:.1f}".replace(".", ","))
        print(f"  rating_table / (đọc + mốc), cả hai bắt đầu từ CSDL: {median / (reading + a_median):.1f} lần "
              f"(trung vị)".replace(".", ","))
    if args.no_baseline:
        return

    # Baseline: one ORM GROUP BY per org over that org's subtree on the same day.
    by_id = {r.org_id: r for r in rows}
    on = stats.counted_on(year)
    placements = OrgPlacement.objects.filter(stats._valid_on(on))
    if root is not None:
        placements = placements.filter(path__startswith=root.placements.filter(stats._valid_on(on)).get().path)
    per_depth: dict[int, list[int]] = {}
    for org_id, path in placements.values_list("org_id", "path"):
        per_depth.setdefault(len(path) // Org.steplen, []).append(org_id)
    rng = random.Random(args.seed)
    orgs = {o.pk: o for o in Org.objects.filter(pk__in=[pk for ids in per_depth.values() for pk in ids])} \
        if args.full_baseline else {}
    estimate = cpu_estimate = 0.0
    timed_orgs = 0
    print()
    print("Đường cơ sở: mỗi tổ chức một truy vấn ORM đếm cây con của nó"
          + (" (chạy hết)" if args.full_baseline else f" (đo {args.sample} tổ chức mỗi cấp, ngoại suy)"))
    for depth in sorted(per_depth):
        ids = per_depth[depth]
        chosen = ids if args.full_baseline else rng.sample(ids, min(args.sample, len(ids)))
        sample = [orgs.get(pk) for pk in chosen] if orgs else list(Org.objects.filter(pk__in=chosen))
        t0, c0 = time.perf_counter(), time.process_time()
        for org in sample:
            figures = naive_totals(org, year)
            if figures != by_id[org.pk].counts:
                raise SystemExit(f"Sai khác ở {org.name}: {figures} ≠ {by_id[org.pk].counts}")
        spent = time.perf_counter() - t0
        mean = spent / len(sample)
        estimate += mean * len(ids)
        cpu_estimate += (time.process_time() - c0) / len(sample) * len(ids)
        timed_orgs += len(sample)
        print(f"  cấp {depth}: {format_int(len(ids)):>9} tổ chức; đo {format_int(len(sample))}: {mean * 1000:8.1f} ms/tổ chức "
              f"→ {mean * len(ids):9.1f} s")
    kind = "đo thực" if args.full_baseline else "ngoại suy"
    print(f"  tổng ({kind}): {estimate:.1f} s ({estimate / 60:.1f} phút), CPU {cpu_estimate:.1f} s; "
          "các dòng đo được khớp với rating_table")
    print()
    print(f"Nhanh hơn đường cơ sở: {estimate / median:,.0f} lần theo thời gian thực (trung vị), "
          f"{cpu_estimate / cpu:,.0f} lần theo CPU — mục tiêu: dưới 5 s và ≥ 50 lần".replace(",", "."))
    print(f"Tổng thời gian chạy: {time.perf_counter() - began:.0f} s; đã đối chiếu {format_int(timed_orgs)} dòng")


if __name__ == "__main__":
    main()
