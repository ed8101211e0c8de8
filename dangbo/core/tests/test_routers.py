"""The read replica router (issue 12). No PostgreSQL standby here: a child process is configured with two SQLite
files as ``default`` and ``replica`` holding different rows, so which alias answered is seen in what is read."""

import os
import pathlib
import subprocess
import sys

import pytest
from django.contrib.sessions.models import Session

from dangbo.core import routers

ROOT = pathlib.Path(__file__).resolve().parents[3]

CHILD = r'''
import datetime as dt
import django
django.setup()
from django.contrib.sessions.models import Session
from django.db import connections
from dangbo.core.routers import reading_replica, replica_as_of, replica_reads
from dangbo.statforms.population import raw_rows

for alias in ("default", "replica"):
    with connections[alias].schema_editor() as editor:
        editor.create_model(Session)
later = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
Session.objects.create(session_key="on-default", session_data="", expire_date=later)
Session.objects.using("replica").create(session_key="on-replica", session_data="", expire_date=later)

def keys():
    return sorted(Session.objects.values_list("session_key", flat=True))

print("outside", keys())
with reading_replica():
    print("inside", keys())
    print("raw", [k for (k,) in raw_rows(Session.objects.values_list("session_key"))])
    Session.objects.create(session_key="written-inside", session_data="", expire_date=later)
    print("as_of", replica_as_of())
print("after", keys())
print("view", replica_reads(lambda request: keys())(None))
'''


def test_reads_inside_go_to_the_replica_and_writes_to_default(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DANGBO_DB_POOL")}
    env.update(DANGBO_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="dangbo.settings", PYTHONPATH=str(ROOT),
               DATABASE_URL=f"sqlite:///{tmp_path / 'primary.sqlite3'}",
               DANGBO_REPLICA_URL=f"sqlite:///{tmp_path / 'replica.sqlite3'}")
    done = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True,  # noqa: S603
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "outside ['on-default']",
        "inside ['on-replica']",  # the replica's row: read from the other file
        "raw ['on-replica']",  # the statistics' driver-level reads follow the queryset's database
        "as_of None",  # SQLite has no replay time: the page says nothing
        "after ['on-default', 'written-inside']",  # the write inside went to default
        "view ['on-replica']",
    ]


def test_without_a_replica_everything_stays_on_default():
    assert not routers.replica_configured()  # the test settings have no DANGBO_REPLICA_URL
    with routers.reading_replica():
        assert Session.objects.all().db == "default"
        assert routers.replica_as_of() is None


def test_the_block_is_undone_after_it_even_on_an_error(monkeypatch):
    monkeypatch.setattr(routers, "replica_configured", lambda: True)
    router = routers.ReplicaRouter()
    assert router.db_for_read(Session) == "default"
    with pytest.raises(ValueError), routers.reading_replica():
        with routers.reading_replica():
            assert router.db_for_read(Session) == "replica"
        assert router.db_for_read(Session) == "replica"  # the outer block still holds
        assert router.db_for_write(Session) == "default"
        raise ValueError
    assert router.db_for_read(Session) == "default"
    assert router.allow_migrate("default", "sessions") and not router.allow_migrate("replica", "sessions")
