"""Set-based writes for the demo generator: ``executemany`` of plain tuples, ids assigned here.

Column names come from the models' ``_meta`` and values are adapted by the connection's ``ops``, so the same
code writes SQLite and PostgreSQL. For the national build on SQLite, ``sqlite_bulk_mode`` turns off the
journal and fsync and rebuilds the secondary indexes after the load (sorting once beats millions of random
B-tree inserts); the normal settings come back afterwards.
"""

import contextlib
import datetime as dt
import time

from django.core.management.color import no_style
from django.db import connection as default_connection
from django.db.models import Max


class DateCache(dict):
    """Day ordinal (or None) -> the value the backend stores for a DateField; ``cache[day]`` is a C-level
    lookup once the day has been seen (a few thousand distinct days in all)."""

    def __init__(self, ops):
        super().__init__({None: None})
        self.ops = ops

    def __missing__(self, day: int):
        value = self[day] = self.ops.adapt_datefield_value(dt.date.fromordinal(day))
        return value


class Writer:
    """Inserts rows through the Django connection, or into a scratch SQLite file (``raw``) whose tables it
    creates untyped (the values are copied into the real tables later)."""

    def __init__(self, connection=None, raw=None):
        self.connection = connection or default_connection
        self.raw = raw
        if raw is None:
            self.connection.ensure_connection()
        self.ops = self.connection.ops
        self.sqlite = raw is not None or self.connection.vendor == "sqlite"
        self._created: set[str] = set()
        self.dates = DateCache(self.ops)
        self._sql: dict[tuple, str] = {}
        self.counts: dict[str, int] = {}

    def next_ids(self, model) -> int:
        return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def date(self, day: int | None):
        return self.dates[day]

    def datetime(self, value: dt.datetime):
        return self.ops.adapt_datetimefield_value(value)

    def json(self, model, field: str, value):
        return model._meta.get_field(field).get_db_prep_value(value, self.connection)

    def _statement(self, model, fields: tuple[str, ...]) -> str:
        key = (model, fields)
        sql = self._sql.get(key)
        if sql is None:
            qn = self.ops.quote_name
            columns = ", ".join(qn(model._meta.get_field(f).column) for f in fields)
            mark = "?" if self.sqlite else "%s"
            sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({', '.join([mark] * len(fields))})"
            self._sql[key] = sql
        return sql

    def insert(self, model, fields: tuple[str, ...], rows: list[tuple], batch: int = 50_000) -> None:
        if not rows:
            return
        sql = self._statement(model, fields)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + len(rows)
        if self.raw is not None and model._meta.db_table not in self._created:
            qn = self.ops.quote_name
            self.raw.execute(f"CREATE TABLE IF NOT EXISTS {qn(model._meta.db_table)} "
                             f"({', '.join(qn(model._meta.get_field(f).column) for f in fields)})")
            self._created.add(model._meta.db_table)
        if self.sqlite:
            # The raw sqlite3 connection: Django's cursor wrapper would re-translate every parameter list.
            raw = self.raw if self.raw is not None else self.connection.connection
            for i in range(0, len(rows), batch):
                raw.executemany(sql, rows[i:i + batch])
            return
        with self.connection.cursor() as cursor:
            for i in range(0, len(rows), batch):
                cursor.executemany(sql, rows[i:i + batch])


BULK_TABLES = ("members_member", "members_lifecycleevent", "members_registration", "orgs_orgplacement",
               "orgs_org", "orgs_orgevent_results", "orgs_orgevent_sources", "orgs_orgevent", "orgs_committeeseat")


@contextlib.contextmanager
def sqlite_bulk_mode(connection=None, tables=BULK_TABLES, progress=None):
    """No journal, no fsync, no foreign-key checks, big cache, secondary indexes and triggers dropped and rebuilt
    at the end. Only for loading a fresh database: a crash midway leaves it unusable. The triggers (the voiding of
    ``meetings.YearTally``) look members up in the registrations by an index dropped here: left in place, each
    inserted member scanned every registration (a national build stalled on its second province)."""
    progress = progress or (lambda message: None)
    connection = connection or default_connection
    connection.ensure_connection()
    raw = connection.connection
    saved = []
    # put back what was there (WAL on a served database; "memory" on the tests' in-memory one, where forcing WAL
    # is ignored and OFF would stay — and a ROLLBACK without a journal undoes nothing)
    pragmas = {name: raw.execute(f"PRAGMA {name}").fetchone()[0] for name in ("journal_mode", "synchronous",
                                                                             "foreign_keys")}
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute("PRAGMA journal_mode=OFF")
    raw.execute("PRAGMA synchronous=OFF")
    raw.execute("PRAGMA cache_size=-1048576")
    raw.execute("PRAGMA temp_store=MEMORY")
    raw.execute("PRAGMA threads=4")  # CREATE INDEX sorts with helper threads
    for table in tables:
        for kind, name, sql in raw.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name=? "
                "AND sql IS NOT NULL", (table,)).fetchall():
            saved.append(sql)
            raw.execute(f'DROP {kind.upper()} "{name}"')
    try:
        yield
    finally:
        began = time.perf_counter()
        for sql in saved:
            raw.execute(sql)
        # No ANALYZE: a database the app builds itself never has sqlite_stat1, and sampled statistics
        # (analysis_limit) misjudged the status index badly enough to turn subtree counts into full scans.
        progress(f"Dựng lại {len(saved)} chỉ mục và trigger: {time.perf_counter() - began:.0f} giây")
        if "members_member" in tables:
            # The member tally's triggers were gone during the load: count it again, as its migration did.
            began = time.perf_counter()
            recount_member_tally(connection)
            progress(f"Đếm lại bảng đếm đảng viên: {time.perf_counter() - began:.0f} giây")
        for name, value in pragmas.items():
            raw.execute(f"PRAGMA {name}={value}")


# ``members.MemberTally`` counted from the members: migration ``members/0007_member_tally``'s backfill.
_TALLY_KEY = "org_id, status, is_exempt"
MEMBER_TALLY_RECOUNT = (
    "DELETE FROM members_membertally",
    f"INSERT INTO members_membertally ({_TALLY_KEY}, n) SELECT {_TALLY_KEY}, COUNT(*) FROM members_member "
    f"WHERE org_id IS NOT NULL GROUP BY {_TALLY_KEY}",
)


def recount_member_tally(connection=None) -> None:
    """The member tally counted again, for a load that wrote members with its triggers dropped or off."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        for sql in MEMBER_TALLY_RECOUNT:
            cursor.execute(sql)


def after_bulk_load(models, connection=None) -> None:
    """What PostgreSQL needs after rows were written here with their ids: the sequences moved past them (or the
    next row a service writes collides with a generated one) and statistics of the tables (ANALYZE). Without
    them the planner guesses: on the demo's attendance it chose plans that ran for minutes, and autovacuum never
    sees rows a test writes inside its transaction. SQLite takes max(rowid) + 1 by itself and is better off
    without sampled statistics (see ``sqlite_bulk_mode``)."""
    connection = connection or default_connection
    if connection.vendor != "postgresql":
        return
    models = sorted(set(models), key=lambda m: m._meta.label)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models))
