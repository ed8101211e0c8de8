#!/bin/sh
# `make run`: the background worker (long jobs: forms of a province, large exports, imports) and the web server,
# stopped together. Usage: scripts/serve.sh BIN HOST PORT
set -eu
BIN=$1 HOST=$2 PORT=$3
DANGBO_DEBUG=0 "$BIN/python" manage.py db_worker --queue-name '*' --interval 1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
DANGBO_DEBUG=0 "$BIN/waitress-serve" --threads=8 --host="$HOST" --port="$PORT" dangbo.wsgi:application
