"""Snapshots of the whole database taken while the system runs, and their restore.

A snapshot is a folder named by its UTC time holding the dump (an SQLite file or a ``pg_dump -Fc`` archive) and
``manifest.json``: when, which code, which schema, how many rows per table, the dump's SHA-256. Everything is
written 0600 inside a 0700 folder: the dump is the members' personal data (Nghị định 13/2023/NĐ-CP).
"""

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader

from dangbo.core.exceptions import DomainError

MANIFEST = "manifest.json"
SQLITE_DUMP = "dangbo.sqlite3"
PG_DUMP = "dangbo.pgdump"


def default_dir() -> Path:
    return Path(settings.DATA_DIR) / "backups"


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- what the code and a database say about themselves ------------------------------------------------------

def code_schema() -> dict[str, str]:
    """The last migration of every app in the code: what a restored database must already be at."""
    schema: dict[str, str] = {}
    for app, name in MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes():
        schema[app] = max(name, schema.get(app, ""))
    return dict(sorted(schema.items()))


def _schema_of(cursor) -> dict[str, str]:
    # Migration names start with their number, so the greatest name is the latest one of the app.
    cursor.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app ORDER BY app")
    return dict(cursor.fetchall())


def _counts_of(cursor, tables, quote) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def code_version() -> str:
    try:
        version = metadata.version("dangbo")
    except metadata.PackageNotFoundError:
        match = re.search(r'^version = "(.+)"', (settings.BASE_DIR / "pyproject.toml").read_text(), re.M)
        version = match.group(1) if match else "?"
    git = shutil.which("git")
    if git:
        # not a git checkout (an installed release): the package version alone says it
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            described = subprocess.run([git, "describe", "--always", "--dirty"], cwd=settings.BASE_DIR,  # noqa: S603
                                       capture_output=True, text=True, timeout=10, check=True).stdout.strip()
            version = f"{version} ({described})" if described else version
    return version


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _private_file(path: Path) -> None:
    # Created empty with its final mode before any personal data goes in: never readable by others, not even briefly.
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


# --- PostgreSQL tools ---------------------------------------------------------------------------------------

def pg_tool(name: str) -> str:
    """pg_dump / pg_restore no older than the server: Debian's versioned folders first (as
    scripts/with-postgres.sh finds postgres), then PATH."""
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    installed = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                       key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    for tool in installed:
        if tool.parent.parent.name.isdigit() and int(tool.parent.parent.name) >= server_major:
            return str(tool)
    found = shutil.which(name)
    if not found:
        raise DomainError(f"Không tìm thấy {name}: cài gói postgresql-client cùng phiên bản với máy chủ "
                          f"PostgreSQL ({server_major}).")
    return found


def _pg_args(db: dict) -> tuple[list[str], dict]:
    args = ["--dbname", db["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [option, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise DomainError(f"{Path(command[0]).name} thất bại: {done.stderr.strip()[-2000:]}")


# --- backup --------------------------------------------------------------------------------------------------

def _dump_sqlite(target: Path) -> tuple[dict, dict]:
    connection.ensure_connection()
    _private_file(target)
    dst = sqlite3.connect(target)
    try:
        # The online backup API copies a consistent state even while the web server writes.
        connection.connection.backup(dst)
        # Schema and counts read from the copy itself, so the manifest describes exactly what was dumped.
        cursor = dst.cursor()
        tables = [t for (t,) in cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return _schema_of(cursor), _counts_of(cursor, tables, lambda t: '"' + t.replace('"', '""') + '"')
    finally:
        dst.close()


def _dump_postgres(target: Path) -> tuple[dict, dict]:
    tool = pg_tool("pg_dump")
    db = connection.settings_dict
    _private_file(target)
    args, env = _pg_args(db)
    # pg_dump reads the snapshot exported here, so the counts and the schema are those of the dump.
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            _run([tool, "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", "--file", str(target),
                  *args], env)
            schema = _schema_of(cursor)
            counts = _counts_of(cursor, connection.introspection.table_names(cursor), connection.ops.quote_name)
        finally:
            cursor.execute("ROLLBACK")
    return schema, counts


def create(directory: Path | None = None) -> Path:
    """Write a snapshot into ``directory`` (default: <data>/backups) and return its folder."""
    base = Path(directory) if directory else default_dir()
    base.mkdir(parents=True, exist_ok=True, mode=0o700)
    created = dt.datetime.now(dt.UTC).replace(microsecond=0)
    name = created.strftime("%Y%m%dT%H%M%SZ")
    folder, n = base / name, 1
    while folder.exists() or (base / f".{folder.name}.partial").exists():
        n += 1
        folder = base / f"{name}-{n}"
    # Written under a hidden name and renamed when complete: a crash never leaves a snapshot that looks whole.
    partial = base / f".{folder.name}.partial"
    partial.mkdir(mode=0o700)
    try:
        dump = partial / (PG_DUMP if is_postgres() else SQLITE_DUMP)
        schema, counts = (_dump_postgres if is_postgres() else _dump_sqlite)(dump)
        manifest = {
            "created": created.isoformat(),
            "dangbo_version": code_version(),
            "vendor": connection.vendor,
            "dump": dump.name,
            "sha256": sha256(dump),
            "schema": schema,
            "row_counts": counts,
        }
        _private_file(partial / MANIFEST)
        (partial / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        partial.rename(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return folder


# --- restore -------------------------------------------------------------------------------------------------

def read_manifest(path: Path) -> tuple[Path, dict]:
    folder = Path(path)
    if folder.name == MANIFEST or folder.is_file():
        folder = folder.parent
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DomainError(f"Không thấy {MANIFEST} trong {folder}: đây không phải một bản sao lưu.") from exc
    except ValueError as exc:
        raise DomainError(f"{folder / MANIFEST} hỏng (không đọc được JSON).") from exc
    return folder, manifest


def check(path: Path) -> tuple[Path, dict]:
    """Everything a restore refuses on, before anything is touched."""
    folder, manifest = read_manifest(path)
    vendor = manifest.get("vendor")
    if vendor != connection.vendor:
        raise DomainError(f"Bản sao lưu của {vendor}, nhưng cơ sở dữ liệu đang dùng là {connection.vendor}.")
    dump = folder / str(manifest.get("dump", ""))
    if not manifest.get("dump") or not dump.is_file():
        raise DomainError(f"Thiếu tệp dữ liệu {dump} của bản sao lưu.")
    if sha256(dump) != manifest.get("sha256"):
        raise DomainError(f"Tổng kiểm SHA-256 của {dump.name} không khớp manifest: tệp đã hỏng hoặc bị sửa. "
                          "Không khôi phục.")
    expected, found = code_schema(), manifest.get("schema") or {}
    differs = sorted(app for app in expected if found.get(app) != expected[app])
    if differs:
        detail = "; ".join(f"{app}: bản sao lưu {found.get(app, '—')}, mã nguồn {expected[app]}" for app in differs)
        raise DomainError("Phiên bản lược đồ của bản sao lưu khác với mã nguồn đang chạy, không khôi phục "
                          f"(không tự chuyển đổi dữ liệu): {detail}. Hãy khôi phục bằng đúng phiên bản phần mềm "
                          "đã tạo bản sao lưu.")
    if vendor == "sqlite":
        # The manifest is not signed (its checksum only covers the dump): the dump's own migrations must agree.
        src = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
        try:
            if _schema_of(src.cursor()) != found:
                raise DomainError("Lược đồ ghi trong manifest khác với bảng django_migrations của tệp dữ liệu: "
                                  "bản sao lưu đã bị sửa. Không khôi phục.")
        finally:
            src.close()
    return dump, manifest


def restore(path: Path) -> dict:
    """Replace the whole database with the snapshot at ``path``; returns its manifest."""
    dump, manifest = check(path)
    if is_postgres():
        tool = pg_tool("pg_restore")
        args, env = _pg_args(connection.settings_dict)
        connections.close_all()
        _run([tool, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              "--exit-on-error", *args, str(dump)], env)
    else:
        connection.ensure_connection()
        src = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
        try:
            # Page by page into the live database under its write lock: other connections see the old or the
            # new contents, never a mix, and the file is never swapped under them.
            src.backup(connection.connection)
        finally:
            src.close()
        connections.close_all()
    return manifest
