"""Reads of the statistics and reports pages from a read replica (issue 12), when one is configured.

``DANGBO_REPLICA_URL`` adds the database alias ``replica`` (settings). Only code run inside ``reading_replica()``
(or a view decorated with ``replica_reads``) reads from it: the statistics forms and the report documents, which
scan whole subtrees and may be a few seconds behind. Every write, and every other read (a page that shows what the
user just saved, the session, the login), goes to ``default``, so nobody reads their own write from a replica that
has not replayed it yet.
"""

import contextvars
import datetime as dt
import functools
from contextlib import contextmanager

from django.conf import settings
from django.db import connections

REPLICA = "replica"
_reading = contextvars.ContextVar("dangbo_reading_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading_replica():
    """Reads inside go to the replica (when there is one); a context variable, so each thread or task has its
    own and a nested block restores the outer state."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def replica_reads(view):
    """A read-only view whose reads all come from the replica; the middleware after it (the session saved, the
    messages) runs outside, on ``default``."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        # The session and the user are read before the block, on default: a login or a logout a moment ago
        # counts even when the replica lags (login_required outside does it too; this holds without it).
        user = getattr(request, "user", None)
        if user is not None:
            user.is_authenticated  # noqa: B018 -- evaluates the lazy user
        with reading_replica():
            return view(request, *args, **kwargs)

    return wrapped


def replica_as_of() -> dt.datetime | None:
    """When the data read inside ``reading_replica()`` was current: the replica's last replayed transaction on
    PostgreSQL (``pg_last_xact_replay_timestamp()``); None without a replica, or when it has replayed nothing
    yet, or is no PostgreSQL standby (the page then says nothing: the figures are live)."""
    if not (replica_configured() and _reading.get()):
        return None
    connection = connections[REPLICA]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_last_xact_replay_timestamp()")
        return cursor.fetchone()[0]


class ReplicaRouter:
    """``replica`` for reads inside ``reading_replica()``; ``default`` for everything else."""

    def db_for_read(self, model, **hints):
        if _reading.get() and replica_configured():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on both aliases: an org read from the replica may be saved to default

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica replays the primary's migrations; it is never migrated itself
