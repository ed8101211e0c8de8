#!/bin/sh
# Two application servers behind one address (issue 12, "past one machine"): nginx on FRONT_PORT with an upstream of
# two gunicorn instances (scripts/serve-production.sh) on FRONT_PORT+1 and FRONT_PORT+2, on the database the
# environment points at (DATABASE_URL, DANGBO_DATA_DIR: both servers share them, as two machines would share
# PostgreSQL and the secret key). Everything started here is stopped on exit.
#
#   sh bench/two_servers.sh BIN [FRONT_PORT] [WORKERS]              # serve until Ctrl-C
#   sh bench/two_servers.sh BIN [FRONT_PORT] [WORKERS] -- COMMAND…  # serve, run COMMAND, stop; COMMAND's exit code
#
# BIN: the venv's bin directory; FRONT_PORT 8150 by default; WORKERS gunicorn processes per server (default
# serve-production.sh's: 2 × cores + 1). Only the first server runs the background worker (DANGBO_NO_DB_WORKER=1
# on the second), as on a second machine. Needs nginx (Debian: apt-get install nginx-light). The logs (nginx's
# access log with the upstream that answered each request, each server's gunicorn log) stay in the temp dir, whose
# path is printed; it is removed on exit unless DANGBO_KEEP_LOGS=1.
set -eu
BIN=$1
shift
FRONT=8150
WORKERS=""
[ $# -gt 0 ] && [ "$1" != -- ] && { FRONT=$1; shift; }
[ $# -gt 0 ] && [ "$1" != -- ] && { WORKERS=$1; shift; }
[ $# -gt 0 ] && [ "$1" = -- ] && shift
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "Cần nginx: apt-get install nginx-light (hoặc chạy bench/load.py với --host hai lần)" >&2; exit 1; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(cd "$BIN" && pwd)
APP1=$((FRONT + 1)) APP2=$((FRONT + 2))
DIR=$(mktemp -d /tmp/dangbo-two-servers.XXXXXX)
PIDS=""

stop() {
  trap - EXIT INT TERM
  for pid in $PIDS; do kill -TERM "-$pid" 2>/dev/null || true; done
  # gunicorn finishes the requests in flight (--graceful-timeout 30), then the rest is killed
  for pid in $PIDS; do
    tries=0
    while kill -0 "-$pid" 2>/dev/null && [ $tries -lt 175 ]; do sleep 0.2; tries=$((tries + 1)); done
    kill -KILL "-$pid" 2>/dev/null || true
  done
  if [ -f "$DIR/access.log" ]; then
    echo "yêu cầu qua nginx theo máy chủ ứng dụng:"
    awk '{print $NF}' "$DIR/access.log" | sort | uniq -c
  fi
  if [ "${DANGBO_KEEP_LOGS:-0}" = 1 ]; then echo "nhật ký: $DIR"; else rm -rf "$DIR"; fi
}
trap stop EXIT
trap 'exit 130' INT TERM

USER_LINE=""
if [ "$(id -u)" = 0 ]; then USER_LINE="user www-data;"; chown www-data "$DIR"; fi
# Production-like: keep-alive connections to the upstream (HTTP/1.1, no "Connection: close"), shorter than
# gunicorn's --keep-alive 75 so nginx, not gunicorn, closes an idle one; the client's address and scheme passed on
# (DANGBO_BEHIND_PROXY=1 trusts X-Forwarded-Proto); timeouts as long as gunicorn's 300 s for the largest report.
cat > "$DIR/nginx.conf" <<EOF
$USER_LINE
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/error.log warn;
events { worker_connections 4096; }
http {
    client_body_temp_path $DIR/body;
    proxy_temp_path $DIR/proxy;
    fastcgi_temp_path $DIR/fastcgi;
    uwsgi_temp_path $DIR/uwsgi;
    scgi_temp_path $DIR/scgi;
    log_format upstream '\$remote_addr [\$time_local] "\$request" \$status \$request_time \$upstream_addr';
    access_log $DIR/access.log upstream;
    keepalive_timeout 65s;
    client_max_body_size 50m;
    upstream dangbo {
        server 127.0.0.1:$APP1;
        server 127.0.0.1:$APP2;
        keepalive 32;
    }
    server {
        listen 127.0.0.1:$FRONT;
        location / {
            proxy_pass http://dangbo;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_read_timeout 300s;
            proxy_send_timeout 300s;
        }
    }
}
EOF

cd "$ROOT"
export DANGBO_BEHIND_PROXY=1
# Each server in its own session (gunicorn, its workers, the background worker), stopped as one group. setsid may
# fork, so $! is not the group: the child writes its own pid (the group's id) to a file first.
start() {
  name=$1
  shift
  setsid sh -c 'echo $$ > "$0"; exec "$@"' "$DIR/$name.pgid" "$@" > "$DIR/$name.log" 2>&1 &
  tries=0
  until [ -s "$DIR/$name.pgid" ] || [ $tries -gt 50 ]; do sleep 0.1; tries=$((tries + 1)); done
  PIDS="$PIDS $(cat "$DIR/$name.pgid")"
}
start app-1 sh scripts/serve-production.sh "$BIN" 127.0.0.1 "$APP1" $WORKERS
start app-2 env DANGBO_NO_DB_WORKER=1 sh scripts/serve-production.sh "$BIN" 127.0.0.1 "$APP2" $WORKERS
start nginx "$NGINX" -p "$DIR" -c "$DIR/nginx.conf" -g "daemon off;"

for port in $APP1 $APP2 $FRONT; do
  tries=0
  until "$BIN/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)" \
      "http://127.0.0.1:$port/tai-khoan/dang-nhap/" 2>/dev/null; do
    tries=$((tries + 1))
    if [ $tries -gt 120 ]; then
      echo "máy chủ trên cổng $port không trả lời sau 60 s; nhật ký: $DIR" >&2
      tail -20 "$DIR"/*.log >&2 || true
      DANGBO_KEEP_LOGS=1
      exit 1
    fi
    sleep 0.5
  done
done
echo "nginx http://127.0.0.1:$FRONT → gunicorn 127.0.0.1:$APP1 (+ worker nền), 127.0.0.1:$APP2; nhật ký: $DIR"

if [ $# -gt 0 ]; then
  status=0
  "$@" || status=$?
  exit $status
fi
# until Ctrl-C, or until one of them stops by itself
while for pid in $PIDS; do kill -0 "-$pid" 2>/dev/null || exit 1; done; do sleep 1; done
