"""Backup and restore: a round trip gives back every row of every table; a doubtful snapshot is refused."""

import json
import sqlite3
import stat

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from dangbo.accounts.models import AuditEntry
from dangbo.core import backup
from dangbo.core.exceptions import DomainError
from dangbo.members.models import Member

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def need_dump_tools():
    """On PostgreSQL a snapshot needs pg_dump and pg_restore no older than the server (the CI has them)."""
    if connection.vendor == "postgresql":
        try:
            backup.pg_tool("pg_dump"), backup.pg_tool("pg_restore")
        except DomainError as exc:
            pytest.skip(exc.message)


def every_row():
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def only(folder):
    (snapshot,) = [p for p in folder.iterdir() if not p.name.startswith(".")]
    return snapshot


def rewrite_manifest(snapshot, **changes):
    manifest = json.loads((snapshot / backup.MANIFEST).read_text())
    manifest.update(changes)
    (snapshot / backup.MANIFEST).write_text(json.dumps(manifest))
    return manifest


@pytest.mark.django_db(transaction=True)
def test_round_trip_gives_back_every_row_of_every_table(tree, tmp_path):
    need_dump_tools()
    kept = tree.member("Nguyễn Văn An")
    tree.member("Trần Thị Bình", org=tree.cell2, gender="F")
    before = every_row()
    assert any(before[t] for t in before if "member" in t)

    call_command("backup", "--dir", str(tmp_path))
    snapshot = only(tmp_path)
    manifest = json.loads((snapshot / backup.MANIFEST).read_text())
    dump = snapshot / manifest["dump"]
    assert manifest["schema"] == backup.code_schema()
    assert manifest["sha256"] == backup.sha256(dump)
    assert manifest["row_counts"][Member._meta.db_table] == 2
    assert set(manifest["row_counts"]) >= set(before)
    for path in (dump, snapshot / backup.MANIFEST):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(snapshot.stat().st_mode) == 0o700

    Member.objects.filter(pk=kept.pk).update(full_name="Đã sửa sau sao lưu")
    tree.member("Lê Văn Cường")
    AuditEntry.objects.all().delete()
    assert every_row() != before

    call_command("restore", str(snapshot), "--yes")
    assert every_row() == before


@pytest.mark.django_db(transaction=True)
def test_a_snapshot_of_another_schema_is_refused(tree, tmp_path):
    need_dump_tools()
    tree.member()
    snapshot = backup.create(tmp_path)
    schema = backup.code_schema()
    rewrite_manifest(snapshot, schema={**schema, "members": "0001_initial"})
    with pytest.raises(CommandError, match="Phiên bản lược đồ.*members: bản sao lưu 0001_initial"):
        call_command("restore", str(snapshot), "--yes")
    assert Member.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the dump's own migration table is read on SQLite")
@pytest.mark.django_db(transaction=True)
def test_a_dump_whose_migrations_disagree_with_its_manifest_is_refused(tree, tmp_path):
    snapshot = backup.create(tmp_path)
    dump = snapshot / backup.SQLITE_DUMP
    with sqlite3.connect(dump) as db:
        db.execute("DELETE FROM django_migrations WHERE app = 'members' AND name = ("
                   "SELECT MAX(name) FROM django_migrations WHERE app = 'members')")
    db.close()
    rewrite_manifest(snapshot, sha256=backup.sha256(dump))
    with pytest.raises(CommandError, match="bản sao lưu đã bị sửa"):
        call_command("restore", str(snapshot), "--yes")


@pytest.mark.django_db(transaction=True)
def test_a_bad_checksum_is_refused_and_nothing_changes(tree, tmp_path):
    need_dump_tools()
    snapshot = backup.create(tmp_path)
    member = tree.member()
    manifest = json.loads((snapshot / backup.MANIFEST).read_text())
    with (snapshot / manifest["dump"]).open("ab") as f:
        f.write(b"\0")
    with pytest.raises(CommandError, match="SHA-256.*không khớp"):
        call_command("restore", str(snapshot), "--yes")
    assert Member.objects.filter(pk=member.pk).exists()


def test_a_folder_without_manifest_is_not_a_snapshot(db, tmp_path):
    with pytest.raises(CommandError, match="không phải một bản sao lưu"):
        call_command("restore", str(tmp_path), "--yes")


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgres_the_dump_is_a_pg_dump_archive_of_the_exported_snapshot(tree, tmp_path):
    need_dump_tools()
    tree.member()
    snapshot = backup.create(tmp_path)
    manifest = json.loads((snapshot / backup.MANIFEST).read_text())
    assert manifest["vendor"] == "postgresql"
    assert (snapshot / backup.PG_DUMP).read_bytes()[:5] == b"PGDMP"
    assert manifest["row_counts"][Member._meta.db_table] == 1
