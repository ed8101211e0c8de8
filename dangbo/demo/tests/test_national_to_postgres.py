"""bench/national_to_postgres.py: a small demo database on SQLite copied into a fresh PostgreSQL database gives
back every row of every table, the sequences past the copied ids; its comparison sees a changed value.
PostgreSQL only (``make test-postgres``): the copy needs a server to copy into."""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from bench.national_to_postgres import compare

ROOT = Path(__file__).resolve().parents[3]

TALLY = "SELECT org_id, status, is_exempt, n FROM members_membertally"
GROUPED = ("SELECT org_id, status, is_exempt, count(*) FROM members_member WHERE org_id IS NOT NULL "
           "GROUP BY org_id, status, is_exempt")

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def run(args, env):
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)  # noqa: S603 -- our own scripts
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


@pytest.fixture
def small_sqlite(tmp_path):
    """The district demo at 5% (every module's demo rows, a few thousand members) in a SQLite file."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DANGBO_DB_POOL")}
    env.update(DANGBO_DATA_DIR=str(tmp_path), DANGBO_DEBUG="0", PYTHONPATH=str(ROOT))
    run(["manage.py", "migrate", "-v0"], env)
    run(["manage.py", "demo_setup", "--scale", "0.05"], env)
    return tmp_path / "dangbo.sqlite3"


@pytest.fixture
def empty_postgres():
    """A new database on the test server, dropped afterwards."""
    params = connection.get_connection_params()
    params = {k: params[k] for k in ("host", "port", "user", "password") if params.get(k)}
    name = f"dangbo_copy_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = params["user"] + (f":{params['password']}" if params.get("password") else "")
    yield f"postgres://{auth}@{params.get('host', 'localhost')}:{params.get('port', 5432)}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.mark.slow
def test_copy_gives_back_every_row(small_sqlite, empty_postgres):
    env = {k: v for k, v in os.environ.items() if k != "DANGBO_DB_POOL"}
    env.update(DATABASE_URL=empty_postgres, DANGBO_DEBUG="0", PYTHONPATH=str(ROOT))
    out = run(["bench/national_to_postgres.py", "--sqlite", str(small_sqlite), "--full-check"], env)
    assert "Mọi bảng bằng nhau." in out

    src = sqlite3.connect(f"file:{small_sqlite}?mode=ro", uri=True)
    with psycopg.connect(empty_postgres) as pg:
        # the counts again, apart from the script's own check
        tables = [name for (name,) in src.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
            "AND name != 'django_migrations'")]
        nonempty = 0
        for table in tables:
            (expected,) = src.execute(f'SELECT count(*) FROM "{table}"').fetchone()
            assert pg.execute(f'SELECT count(*) FROM "{table}"').fetchone() == (expected,), table
            nonempty += expected > 0
        assert nonempty > 40  # the demo fills most modules: the copy is tested on real rows of each

        # values of each kind of column, read back by PostgreSQL in their own types
        (birth, youth) = src.execute(
            "SELECT date_of_birth, is_youth_union FROM members_member ORDER BY id LIMIT 1").fetchone()
        row = pg.execute("SELECT date_of_birth::text, is_youth_union FROM members_member ORDER BY id LIMIT 1").fetchone()
        assert row == (birth, bool(youth))

        # the sequences start after the copied ids: a new row does not collide
        (top,) = pg.execute("SELECT max(id) FROM orgs_org").fetchone()
        (following,) = pg.execute("SELECT nextval(pg_get_serial_sequence('orgs_org', 'id'))").fetchone()
        assert following > top

        # the member tally copied as it was: its triggers, off for the copy, did not count the members again
        assert sorted(pg.execute(TALLY).fetchall()) == sorted(pg.execute(GROUPED).fetchall()) != []

        # the comparison finds a changed value and a missing row
        pg.execute("UPDATE members_member SET date_of_birth = date_of_birth + 1 "
                   "WHERE id = (SELECT min(id) FROM members_member)")
        pg.execute("SET session_replication_role = replica")
        pg.execute("DELETE FROM orgs_village WHERE id = (SELECT min(id) FROM orgs_village)")
        problems = compare(src, pg, sample=None, progress=lambda line: None)
    assert any(p.startswith("members_member.date_of_birth") for p in problems), problems
    assert any(p.startswith("orgs_village:") for p in problems), problems
    assert len(problems) == 2, problems


@pytest.mark.slow
def test_a_copy_of_a_database_older_than_the_member_tally_counts_it(small_sqlite, empty_postgres, tmp_path):
    """The national SQLite file built before ``members/0007_member_tally``: the copy counts the tally itself."""
    older = tmp_path / "older.sqlite3"
    with sqlite3.connect(small_sqlite) as src, sqlite3.connect(older) as dst:
        src.backup(dst)
    with sqlite3.connect(older) as dst:
        dst.execute("DROP TABLE members_membertally")
    env = {k: v for k, v in os.environ.items() if k != "DANGBO_DB_POOL"}
    env.update(DATABASE_URL=empty_postgres, DANGBO_DEBUG="0", PYTHONPATH=str(ROOT))
    out = run(["bench/national_to_postgres.py", "--sqlite", str(older)], env)
    assert "members_membertally: đếm lại" in out
    with psycopg.connect(empty_postgres) as pg:
        assert sorted(pg.execute(TALLY).fetchall()) == sorted(pg.execute(GROUPED).fetchall()) != []
