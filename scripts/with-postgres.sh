#!/bin/sh
# Run a command against a throwaway PostgreSQL server on loopback (Debian package, installed if missing).
set -e
PGVER=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
if [ -z "$PGVER" ] || [ ! -x "/usr/lib/postgresql/$PGVER/bin/initdb" ]; then
  if [ "$(id -u)" != 0 ]; then echo "Cần PostgreSQL: sudo apt-get install postgresql" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q postgresql >/dev/null
  PGVER=$(ls /usr/lib/postgresql | sort -n | tail -1)
fi
PGBIN=/usr/lib/postgresql/$PGVER/bin
PORT=${DANGBO_PG_PORT:-55432}
DIR=$(mktemp -d /tmp/dangbo-pg.XXXXXX)
RUNAS=""
if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; RUNAS="runuser -u postgres --"; fi
$RUNAS "$PGBIN/initdb" -D "$DIR/data" -U dangbo --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
$RUNAS "$PGBIN/pg_ctl" -D "$DIR/data" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" -w -l "$DIR/log" start >/dev/null
trap '$RUNAS "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1; rm -rf "$DIR"' EXIT
"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U dangbo dangbo
echo "PostgreSQL $PGVER trên 127.0.0.1:$PORT"
DATABASE_URL="postgres://dangbo@127.0.0.1:$PORT/dangbo" "$@"
