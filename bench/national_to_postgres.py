"""Copy a dangbo SQLite database (the national one of ``bench/generate_national.py``) into an empty PostgreSQL
database, to run the national benchmarks on PostgreSQL (issue 12).

    .venv/bin/python bench/national_to_postgres.py [--sqlite var/bench-national/dangbo.sqlite3]
                                                   [--database-url postgres://…] [--sample 200] [--full-check]

The SQLite file is opened READ ONLY (``mode=ro``). The PostgreSQL database (``--database-url`` or ``DATABASE_URL``)
is migrated with Django, its tables emptied (``migrate`` fills content types and permissions, whose ids must be
those of the copy), then every model's table is streamed in dependency order with ``COPY … FROM STDIN``. During the
load the indexes other than the primary keys are dropped and the foreign-key triggers are off
(``session_replication_role = replica``: nor do the tallies' triggers fire — the tallies are copied as they are, or
the member tally counted from the members when the SQLite file predates it); the indexes are built again afterwards, the sequences reset
(``sqlsequencereset`` of every app) and the tables analysed. Then the row counts of every table are compared, and a
random sample of rows of each (``--sample``; ``--full-check`` compares every row), each value read back into the type
of its Django field. Prints rows and seconds per table, the total, the database size, the machine and the load.
"""

import argparse
import datetime
import decimal
import io
import json
import os
import random
import sqlite3
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project root: bench.common, and dangbo once Django is set up

from bench.common import machine  # noqa: E402

BATCH = 20_000


def fmt_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def fmt_s(seconds: float) -> str:
    return f"{seconds:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".") + " s"


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}".replace(".", ",")


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def models_in_order():
    """Every concrete model with a table (m2m link tables included), a model after the models it points to
    (self references and cycles ignored: the triggers are off during the load anyway)."""
    from django.apps import apps

    found = [m for m in apps.get_models(include_auto_created=True)
             if m._meta.managed and not m._meta.proxy and not m._meta.swapped]
    by_table = {m._meta.db_table: m for m in found}
    ordered, seen, visiting = [], set(), set()

    def visit(model):
        table = model._meta.db_table
        if table in seen or table in visiting:
            return
        visiting.add(table)
        for field in model._meta.concrete_fields:
            target = getattr(field, "related_model", None)
            if target is not None and target._meta.db_table in by_table:
                visit(by_table[target._meta.db_table])
        visiting.discard(table)
        seen.add(table)
        ordered.append(model)

    for model in sorted(found, key=lambda m: m._meta.db_table):
        visit(model)
    return ordered


def _duration(value):
    # SQLite keeps a DurationField as a count of microseconds; PostgreSQL would read a bare number as seconds
    return None if value is None else datetime.timedelta(microseconds=value)


# Only the types whose SQLite text PostgreSQL would misread need a converter: COPY's text format hands every other
# value to the column type's own input function, which reads SQLite's forms as they are — booleans 0/1, dates and
# datetimes as ISO text (naive UTC, the session runs in UTC), JSON as its text, UUIDs as 32 hex digits.
CONVERTERS = {"DurationField": _duration}


def sqlite_columns(src: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in src.execute(f"PRAGMA table_info({q(table)})")]


def drop_indexes(cur, tables: list[str]) -> list[str]:
    """Drop the indexes and unique constraints of ``tables`` except primary keys and what a foreign key needs;
    returns the statements that build them again."""
    cur.execute("""
        SELECT t.relname, ic.relname, pg_get_indexdef(i.indexrelid), c.conname, pg_get_constraintdef(c.oid)
        FROM pg_index i
        JOIN pg_class t ON t.oid = i.indrelid
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
        LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x')
        WHERE t.relname = ANY(%s) AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)
        ORDER BY t.relname, ic.relname""", [tables])
    rebuild = []
    for table, index, indexdef, conname, condef in cur.fetchall():
        if conname:
            cur.execute(f"ALTER TABLE {q(table)} DROP CONSTRAINT {q(conname)}")
            rebuild.append(f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(conname)} {condef}")
        else:
            cur.execute(f"DROP INDEX {q(index)}")
            rebuild.append(indexdef)
    return rebuild


def copy_table(src: sqlite3.Connection, cur, model, progress=print) -> int:
    table = model._meta.db_table
    fields = [f for f in model._meta.concrete_fields if f.column]
    have = set(sqlite_columns(src, table))
    missing = [f.column for f in fields if f.column not in have]
    if missing:
        # a column a later migration added: PostgreSQL's default applies (told, not hidden)
        progress(f"  {table}: thiếu cột trong SQLite {', '.join(missing)} — dùng giá trị mặc định")
    fields = [f for f in fields if f.column in have]
    columns = [f.column for f in fields]
    converters = [(i, CONVERTERS[f.get_internal_type()]) for i, f in enumerate(fields)
                  if f.get_internal_type() in CONVERTERS]
    names = ", ".join(q(c) for c in columns)
    rows = 0
    reader = src.execute(f"SELECT {names} FROM {q(table)}")
    with cur.copy(f"COPY {q(table)} ({names}) FROM STDIN") as copy:
        while batch := reader.fetchmany(BATCH):
            if converters:
                for row in batch:
                    row = list(row)
                    for i, convert in converters:
                        row[i] = convert(row[i])
                    copy.write_row(row)
            else:
                for row in batch:
                    copy.write_row(row)
            rows += len(batch)
    return rows


def copy_database(src: sqlite3.Connection, pg, progress=print) -> list[tuple[str, int, float]]:
    """Load every model's table of ``src`` into the migrated PostgreSQL connection ``pg`` (psycopg 3, autocommit
    off); returns (table, rows, seconds) per table."""
    from django.apps import apps
    from django.core.management import call_command

    models = models_in_order()
    in_sqlite = {row[0] for row in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    present = [m for m in models if m._meta.db_table in in_sqlite]
    for model in models:
        if model._meta.db_table not in in_sqlite:
            progress(f"  {model._meta.db_table}: không có trong SQLite, bỏ qua")
    tables = [m._meta.db_table for m in present]
    done = []
    with pg.cursor() as cur:
        cur.execute("SET TIME ZONE 'UTC'")
        cur.execute("SET session_replication_role = replica")  # no foreign-key trigger per row
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute(f"TRUNCATE {', '.join(q(t) for t in tables)}")
        began = time.perf_counter()
        rebuild = drop_indexes(cur, tables)
        pg.commit()
        progress(f"Bỏ {len(rebuild)} chỉ mục/ràng buộc duy nhất trong lúc chép ({fmt_s(time.perf_counter() - began)})")
        for model in present:
            began = time.perf_counter()
            rows = copy_table(src, cur, model, progress)
            pg.commit()
            seconds = time.perf_counter() - began
            done.append((model._meta.db_table, rows, seconds))
            rate = f", {fmt_int(int(rows / seconds))} dòng/s" if rows and seconds > 0 else ""
            progress(f"  {model._meta.db_table}: {fmt_int(rows)} dòng, {fmt_s(seconds)}{rate}; load {load()}")
        if "members_membertally" not in in_sqlite:
            # A database built before the member tally existed: its triggers were off for the copy (and had
            # nothing to count from), so count it here as its migration does.
            from dangbo.demo.writer import MEMBER_TALLY_RECOUNT

            began = time.perf_counter()
            for statement in MEMBER_TALLY_RECOUNT:
                cur.execute(statement)
            pg.commit()
            done.append(("members_membertally (đếm lại)", 0, time.perf_counter() - began))
            progress(f"  members_membertally: đếm lại từ members_member, {fmt_s(time.perf_counter() - began)}")
        began = time.perf_counter()
        for statement in rebuild:
            step = time.perf_counter()
            cur.execute(statement)
            pg.commit()
            if time.perf_counter() - step > 5:
                progress(f"  {statement[:110]}…: {fmt_s(time.perf_counter() - step)}")
        done.append(("(dựng lại chỉ mục)", 0, time.perf_counter() - began))
        progress(f"Dựng lại {len(rebuild)} chỉ mục/ràng buộc: {fmt_s(time.perf_counter() - began)}; load {load()}")
        cur.execute("SET session_replication_role = DEFAULT")
        began = time.perf_counter()
        for config in apps.get_app_configs():
            out = io.StringIO()  # the SQL for Django's connection: the same database as ``pg``
            call_command("sqlsequencereset", config.label, stdout=out, stderr=io.StringIO(), no_color=True)
            if out.getvalue().strip():
                cur.execute(out.getvalue())
        pg.commit()
        done.append(("(đặt lại sequence)", 0, time.perf_counter() - began))
        began = time.perf_counter()
        pg.autocommit = True
        cur.execute("ANALYZE")
        pg.autocommit = False
        done.append(("(ANALYZE)", 0, time.perf_counter() - began))
        progress(f"Đặt lại sequence, ANALYZE: {fmt_s(sum(s for t, _, s in done[-2:]))}")
    return done


def _normalise(field, value, side: str):
    """A value of ``field`` read from SQLite (``side`` "sqlite") or PostgreSQL, as one comparable Python value."""
    from django.utils import dateparse, timezone

    if value is None:
        return None
    kind = field.get_internal_type()
    if side == "sqlite":
        if kind in ("BooleanField", "NullBooleanField"):
            return bool(value)
        if kind == "DateTimeField":
            parsed = dateparse.parse_datetime(value)
            return timezone.make_aware(parsed, datetime.UTC) if timezone.is_naive(parsed) else parsed
        if kind == "DateField":
            return dateparse.parse_date(value)
        if kind == "TimeField":
            return dateparse.parse_time(value)
        if kind == "DurationField":
            return datetime.timedelta(microseconds=value)
        if kind == "JSONField":
            return json.loads(value)
        if kind == "UUIDField":
            return uuid.UUID(value)
        if kind == "DecimalField":
            return decimal.Decimal(str(value)).quantize(decimal.Decimal(1).scaleb(-field.decimal_places))
        if kind in ("BinaryField",):
            return bytes(value)
        return value
    if kind == "DecimalField":
        return value.quantize(decimal.Decimal(1).scaleb(-field.decimal_places))
    if kind == "BinaryField":
        return bytes(value)
    if kind == "FloatField":
        return float(value)
    return value


def compare(src: sqlite3.Connection, pg, sample: int | None = 200, progress=print) -> list[str]:
    """Differences between ``src`` and ``pg``: the row count of every table, then ``sample`` random rows of
    each (every row when ``sample`` is None), value by value in the types of the Django fields."""
    problems = []
    in_sqlite = {row[0] for row in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    rng = random.Random(12)
    with pg.cursor() as cur:
        for model in models_in_order():
            table = model._meta.db_table
            if table not in in_sqlite:
                continue
            have = set(sqlite_columns(src, table))
            fields = [f for f in model._meta.concrete_fields if f.column in have]
            pk = model._meta.pk.column
            fields.sort(key=lambda f: f.column != pk)  # the primary key first
            names = ", ".join(q(f.column) for f in fields)
            (count_sqlite,) = src.execute(f"SELECT count(*) FROM {q(table)}").fetchone()
            cur.execute(f"SELECT count(*) FROM {q(table)}")
            (count_pg,) = cur.fetchone()
            if count_sqlite != count_pg:
                problems.append(f"{table}: {count_sqlite} dòng trong SQLite, {count_pg} trong PostgreSQL")
                continue
            if sample is None:
                left = src.execute(f"SELECT {names} FROM {q(table)} ORDER BY {q(pk)}").fetchall()
                cur.execute(f"SELECT {names} FROM {q(table)} ORDER BY {q(pk)}")
                right = cur.fetchall()
            else:
                (top,) = src.execute(f"SELECT max(rowid) FROM {q(table)}").fetchone()
                rowids = sorted({rng.randint(1, top) for _ in range(sample)}) if top else []
                marks = ", ".join("?" * len(rowids))
                left = src.execute(f"SELECT {names} FROM {q(table)} WHERE rowid IN ({marks}) ORDER BY {q(pk)}",
                                   rowids).fetchall() if rowids else []
                keys = [row[0] for row in left]
                cur.execute(f"SELECT {names} FROM {q(table)} WHERE {q(pk)} = ANY(%s) ORDER BY {q(pk)}", [keys])
                right = cur.fetchall()
            if len(left) != len(right):
                problems.append(f"{table}: {len(left)} dòng mẫu trong SQLite, {len(right)} trong PostgreSQL")
                continue
            wrong = 0
            for a, b in zip(left, right, strict=True):
                for field, x, y in zip(fields, a, b, strict=True):
                    if _normalise(field, x, "sqlite") != _normalise(field, y, "pg"):
                        wrong += 1
                        if wrong <= 3:
                            problems.append(f"{table}.{field.column} (khoá {a[0]}): {x!r} ≠ {y!r}")
            progress(f"  {table}: {fmt_int(count_pg)} dòng bằng nhau, so {fmt_int(len(left))} dòng"
                     f"{'' if not wrong else f', {wrong} giá trị khác'}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", default=str(ROOT / "var" / "bench-national" / "dangbo.sqlite3"))
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--sample", type=int, default=200, help="số dòng ngẫu nhiên so sánh mỗi bảng")
    parser.add_argument("--full-check", action="store_true", help="so sánh mọi dòng của mọi bảng")
    parser.add_argument("--check-only", action="store_true", help="chỉ so sánh, không chép")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("cần --database-url hoặc DATABASE_URL trỏ tới PostgreSQL")
    sqlite_path = Path(args.sqlite).resolve()
    if not sqlite_path.exists():
        parser.error(f"không có {sqlite_path}")

    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DANGBO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    import django

    django.setup()
    import psycopg
    from django.core.management import call_command
    from django.db import connection

    print(f"Máy: {machine()}")
    src = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    size = f"{sqlite_path.stat().st_size / 1e9:.1f}".replace(".", ",")
    print(f"Nguồn: {sqlite_path} ({size} GB, chỉ đọc)")
    settings_dict = connection.settings_dict
    print(f"Đích: PostgreSQL {settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}", flush=True)
    began = time.perf_counter()
    pg = psycopg.connect(args.database_url)
    if not args.check_only:
        step = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrate: {fmt_s(time.perf_counter() - step)}", flush=True)
        done = copy_database(src, pg, progress=lambda line: print(line, flush=True))
        copied = sum(rows for _, rows, _ in done)
        total = time.perf_counter() - began
        print(f"\nTổng: {fmt_int(copied)} dòng, {fmt_s(total)} ({fmt_int(int(copied / total))} dòng/s); "
              f"load {load()}")
        with pg.cursor() as cur:
            cur.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            print(f"Dung lượng CSDL PostgreSQL: {cur.fetchone()[0]}")
        print("Chép lâu nhất:")
        for table, rows, seconds in sorted(done, key=lambda d: -d[2])[:8]:
            print(f"  {table}: {fmt_int(rows)} dòng, {fmt_s(seconds)}")
    print("\nKiểm tra:", flush=True)
    step = time.perf_counter()
    problems = compare(src, pg, sample=None if args.full_check else args.sample,
                       progress=lambda line: print(line, flush=True))
    print(f"Kiểm tra: {fmt_s(time.perf_counter() - step)}")
    if problems:
        print("KHÁC NHAU:")
        for line in problems:
            print(f"  {line}")
        sys.exit(1)
    print("Mọi bảng bằng nhau.")


if __name__ == "__main__":
    main()
