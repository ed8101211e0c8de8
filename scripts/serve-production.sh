#!/bin/sh
# Production (docs/deploy.md): gunicorn with N worker processes and the background worker, stopped together.
# Usage: scripts/serve-production.sh BIN HOST PORT [WORKERS]
#   WORKERS: 2 × cores + 1 by default (gunicorn's rule of thumb); DANGBO_THREADS threads each (default 4).
#   DANGBO_NO_DB_WORKER=1 starts no background worker (a second app server whose jobs another machine runs).
# `make run` keeps waitress (scripts/serve.sh): one process, nothing to tune, and it runs anywhere.
set -eu
BIN=$1 HOST=$2 PORT=$3
WORKERS=${4:-$(( $(nproc) * 2 + 1 ))}
THREADS=${DANGBO_THREADS:-4}
export DANGBO_DEBUG=0
if [ "${DANGBO_NO_DB_WORKER:-0}" != 1 ]; then
  "$BIN/python" manage.py db_worker --queue-name '*' --interval 1 &
  WORKER=$!
  trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
fi
# gthread: a slow download (a province's PDF) holds one thread, not a whole process; --max-requests recycles a
# worker now and then so a leak in a long-lived process cannot grow without bound; timeout 300 s lets the largest
# synchronous report finish (longer work is a background job). --keep-alive 75: gunicorn's 2 s closes an idle
# connection just as a browser (or the proxy) reuses it, which the client sees as "connection reset"; keep it
# longer than the proxy's own keep-alive towards the app (nginx: 60 s).
"$BIN/gunicorn" dangbo.wsgi:application --bind "$HOST:$PORT" --workers "$WORKERS" --threads "$THREADS" \
  --worker-class gthread --timeout 300 --graceful-timeout 30 --max-requests 2000 --max-requests-jitter 200 \
  --keep-alive "${DANGBO_KEEPALIVE:-75}" \
  --access-logfile - --error-logfile -
