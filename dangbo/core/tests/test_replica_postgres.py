"""The read replica router against a real PostgreSQL streaming standby (issue 12, deliver 5).

A primary cluster and a standby made from it with ``pg_basebackup -R`` run on loopback in a temporary directory.
A child process configured with ``DATABASE_URL`` = the primary and ``DANGBO_REPLICA_URL`` = the standby (settings
read the environment at import) builds a small tree through the services, waits for the standby to replay it,
pauses the standby's replay and writes on the primary; through the test client it then reports what each page
showed and which connection each page's queries went to. The checks are here, on what it reports.

``make test-postgres`` only: on SQLite the suite has no PostgreSQL binaries to count on (``make test`` runs
``test_routers.py``, which checks the routing with two SQLite files instead).
"""

import contextlib
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import tempfile

import pytest
from django.db import connection

ROOT = pathlib.Path(__file__).resolve().parents[3]


def _pg_bin() -> pathlib.Path | None:
    """Debian's newest PostgreSQL binaries, where ``scripts/with-postgres.sh`` finds them."""
    versions = sorted((p for p in pathlib.Path("/usr/lib/postgresql").glob("*") if p.name.isdigit()),
                      key=lambda p: int(p.name))
    for version in reversed(versions):
        if (version / "bin" / "pg_basebackup").exists():
            return version / "bin"
    return None


PGBIN = _pg_bin()

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="PostgreSQL only (make test-postgres): the router on SQLite is test_routers.py"),
    pytest.mark.skipif(PGBIN is None, reason="no PostgreSQL binaries under /usr/lib/postgresql to start a standby"),
]

# Run as the postgres user when root: the server refuses to run as root.
AS_SERVER = ["runuser", "-u", "postgres", "--"] if hasattr(os, "getuid") and os.getuid() == 0 else []


def _free_ports(count: int) -> list[int]:
    """Free loopback ports from DANGBO_REPLICA_TEST_PORT (55480) up, so parallel runs on one machine keep to
    a range of their own."""
    found, port = [], int(os.environ.get("DANGBO_REPLICA_TEST_PORT", "55480"))
    while len(found) < count and port < 65535:
        with socket.socket() as s, contextlib.suppress(OSError):  # taken: the next one
            s.bind(("127.0.0.1", port))
            found.append(port)
        port += 1
    return found


def _run(args, timeout=120, **kwargs):
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, **kwargs)  # noqa: S603 -- our own commands
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


class Cluster:
    def __init__(self, root: pathlib.Path, name: str, port: int):
        self.root, self.data, self.port = root, root / name, port
        self.url = f"postgres://dangbo@127.0.0.1:{port}/dangbo"

    def start(self):
        # fsync off: a throwaway server; synchronous_commit stays on so a commit's WAL is flushed (and sent to
        # the standby) before the primary's LSN is read to wait for it.
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        _run([*AS_SERVER, PGBIN / "pg_ctl", "-D", self.data, "-o", options, "-w", "-t", "60",
              "-l", self.root / f"{self.data.name}.log", "start"])

    def stop(self):
        subprocess.run([*AS_SERVER, PGBIN / "pg_ctl", "-D", self.data, "-m", "immediate", "stop"],  # noqa: S603
                       capture_output=True, timeout=60, check=False)


@pytest.fixture(scope="module")
def primary_and_standby():
    root = pathlib.Path(tempfile.mkdtemp(prefix="dangbo-replica-"))
    if AS_SERVER:
        shutil.chown(root, "postgres")
    ports = _free_ports(2)
    primary, standby = Cluster(root, "primary", ports[0]), Cluster(root, "standby", ports[1])
    started = []
    try:
        _run([*AS_SERVER, PGBIN / "initdb", "-D", primary.data, "-U", "dangbo", "--auth=trust", "-E", "UTF8",
              "--locale=C.UTF-8"])  # trust: initdb's pg_hba.conf lets loopback replicate too
        primary.start()
        started.append(primary)
        _run([PGBIN / "createdb", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "dangbo", "dangbo"])
        _run([*AS_SERVER, PGBIN / "pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "dangbo",
              "-D", standby.data, "-R", "-X", "stream", "-c", "fast"])
        standby.start()
        started.append(standby)
        yield primary, standby
    finally:
        for cluster in reversed(started):
            cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


CHILD = r'''
import json
import re
import time
import zoneinfo

import django

django.setup()
from django.conf import settings
from django.test.utils import CaptureQueriesContext, setup_test_environment

setup_test_environment()  # "testserver" allowed, as in the suite
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

from django.db import connections
from django.test import Client
from django.urls import reverse

from dangbo.accounts.models import Grant
from dangbo.core.dates import format_date, today
from dangbo.core.testing import Role, Tree, admin_user, user_with
from dangbo.members import forms as member_forms
from dangbo.members.models import Member
from dangbo.reports.tests.conftest import Programme

primary, standby = connections["default"], connections["replica"]
out = {}


def value(conn, sql, params=()):
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def caught_up():
    """Wait until the standby has replayed everything committed on the primary."""
    lsn = value(primary, "SELECT pg_current_wal_lsn()::text")
    for _ in range(1200):
        if value(standby, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]):
            return
        time.sleep(0.05)
    raise SystemExit("the standby did not replay within a minute")


def figures(body):
    """Each row's "Kỳ này" figure of a statistics form page."""
    rows = re.findall(r'<tr id="row-([^"]+)">(.*?)</tr>', body, re.S)
    return {key: re.sub(r"<[^>]+>", "", re.search(r'<td class="num now">(.*?)</td>', row, re.S)[1]).strip()
            for key, row in rows}


def as_of_text(body):
    found = re.search(r'<p [^>]*id="as-of">(.*?)</p>', body, re.S)
    return found[1].strip() if found else None


def tables(captured):
    return sorted({t for q in captured for t in re.findall(r'FROM "([a-z_]+)"', q["sql"])})


def get(client, url, params=None):
    """A page, with the tables read on each connection while it was served."""
    with CaptureQueriesContext(primary) as on_primary, CaptureQueriesContext(standby) as on_standby:
        response = client.get(url, params or {})
    return response, {"default": tables(on_primary.captured_queries),
                      "replica": tables(on_standby.captured_queries)}


admin = admin_user()
tree = Tree(admin)
tree.member(name="Nguyễn Văn An")
programme = Programme(tree, admin)  # the reports' district action programme, with members of its own
user = user_with(Role.ORG_COMMISSION, org=tree.commune)
district_user = user_with(Role.ORG_COMMISSION, org=tree.district)
caught_up()

client = Client()
client.force_login(user)
table = reverse("statforms:table")
year = {"bieu": "1", "ky": "year", "nam": str(today().year - 1)}
page = {"org": tree.commune.pk, **year}

response, read = get(client, table, page)
body = response.content.decode()
out["before"] = {"status": response.status_code, "figures": figures(body), "as_of": as_of_text(body),
                 "read": read}

# The standby stops replaying: from here on it lags the primary by everything written below.
value(standby, "SELECT pg_wal_replay_pause()")
for _ in range(1200):
    if value(standby, "SELECT pg_get_wal_replay_pause_state()") == "paused":
        break
    time.sleep(0.05)
paused_at = value(standby, "SELECT pg_last_xact_replay_timestamp()")
out["paused_at"] = paused_at.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).strftime(
    "%H:%M %d/%m/%Y")

# (a) a member edited through the form: the next page shows it at once
member = Member.objects.get(full_name="Nguyễn Văn An")
form = member_forms.MemberForm(instance=member)
data = {}
for field in form:
    v = field.value()
    if v is None or v is False:
        continue
    data[field.html_name] = format_date(v) if hasattr(v, "year") else v
data["full_name"] = "Nguyễn Văn Ân"
response = client.post(reverse("members:edit", args=[member.pk]), data)
out["edit"] = {"status": response.status_code, "location": response.get("Location", "")}
response, read = get(client, reverse("members:detail", args=[member.pk]))
out["detail"] = {"status": response.status_code, "new_name": "Nguyễn Văn Ân" in response.content.decode(),
                 "read": read}
out["standby_name"] = value(standby, "SELECT full_name FROM members_member WHERE id = %s", [member.pk])

# a new member, and a grant on another district, both only on the primary for now
tree.member(name="Phạm Thị Dung")
Grant.objects.create(user=user, role=Role.ORG_COMMISSION, org=tree.other_commune)
out["standby_grants"] = value(standby, "SELECT count(*) FROM accounts_grant WHERE user_id = %s", [user.pk])

# (b) the statistics page and its download on the lagging standby
response, read = get(client, table, page)
body = response.content.decode()
out["paused"] = {"status": response.status_code, "figures": figures(body), "as_of": as_of_text(body),
                 "read": read}
response, read = get(client, table, {**page, "tai": "xlsx"})
out["download"] = {"status": response.status_code, "type": response["Content-Type"], "read": read,
                   "size": len(response.content)}
# the report of the district's programme, on the standby too
reporter = Client()
reporter.force_login(district_user)
response, read = get(reporter, reverse("reports:document_report", args=[programme.document.pk]),
                     {"as_of": "20/07/2023"})
out["report"] = {"status": response.status_code, "type": response["Content-Type"], "read": read}
# the grant just given on the primary opens the other district's page at once, though the standby lacks it
response, read = get(client, table, {"org": tree.other_commune.pk, **year})
out["new_grant"] = {"status": response.status_code, "read": read}

# replay resumes: the page catches up
value(standby, "SELECT pg_wal_replay_resume()")
caught_up()
response, read = get(client, table, page)
body = response.content.decode()
out["after"] = {"status": response.status_code, "figures": figures(body), "as_of": as_of_text(body)}
print(json.dumps(out, ensure_ascii=False))
'''


def test_statistics_read_the_lagging_standby_and_edits_the_primary(primary_and_standby, tmp_path):
    primary, standby = primary_and_standby
    env = {k: v for k, v in os.environ.items() if k not in ("DANGBO_DB_POOL", "DANGBO_REPLICA_URL")}
    env.update(DATABASE_URL=primary.url, DANGBO_REPLICA_URL=standby.url, DANGBO_DATA_DIR=str(tmp_path),
               DJANGO_SETTINGS_MODULE="dangbo.settings", DANGBO_DEBUG="1", PYTHONPATH=str(ROOT))
    # generous: a loaded CI machine (the suite runs beside it) slows the migrations several times
    _run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], timeout=600, cwd=ROOT, env=env)
    out = json.loads(_run([sys.executable, "-c", CHILD], timeout=600, cwd=ROOT, env=env).splitlines()[-1])

    before, paused, after = out["before"], out["paused"], out["after"]
    assert before["status"] == paused["status"] == after["status"] == 200
    # the figures are read on the standby; the primary serves the session, the user and the scope only
    assert before["read"]["default"] == ["accounts_grant", "auth_user", "django_session"]
    assert {"members_registration", "members_lifecycleevent"} <= set(before["read"]["replica"])

    # (a) the edit went to the primary and the member's page read it there, while the standby still lags
    assert out["edit"]["status"] == 302 and out["edit"]["location"].startswith("/dang-vien/")
    assert out["detail"]["status"] == 200 and out["detail"]["new_name"]
    assert "members_member" in out["detail"]["read"]["default"] and not out["detail"]["read"]["replica"]
    assert out["standby_name"] == "Nguyễn Văn An"

    # (b) the statistics page answers from the paused standby: without the new member, as of the replay time
    assert paused["figures"] == before["figures"]
    assert paused["read"] == before["read"]
    assert paused["as_of"] == f"Số liệu tính đến {out['paused_at'].replace(' ', ' ngày ')}"
    assert out["download"]["status"] == 200 and out["download"]["type"].startswith(
        "application/vnd.openxmlformats") and out["download"]["size"] > 0
    assert out["download"]["read"]["default"] == before["read"]["default"]
    assert "members_registration" in out["download"]["read"]["replica"]
    assert out["report"]["status"] == 200 and "wordprocessingml" in out["report"]["type"]
    assert out["report"]["read"]["default"] == ["accounts_grant", "auth_user", "django_session"]
    assert {"targets_document", "targets_target"} <= set(out["report"]["read"]["replica"])
    # the scope is the primary's: a grant the standby has not replayed yet already opens its org
    assert out["standby_grants"] == 1
    assert out["new_grant"]["status"] == 200

    # (c) the time in hh:mm (Vietnam's time, TIME_ZONE) with its day; once replay resumes the page catches up
    assert re.fullmatch(r"Số liệu tính đến \d\d:\d\d ngày \d\d/\d\d/\d{4}", after["as_of"])
    assert int(after["figures"]["D"]) == int(before["figures"]["D"]) + 1
