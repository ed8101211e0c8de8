#!/bin/sh
# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
set -e
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "Cần Chromium cho kiểm thử trình duyệt: chạy 'sudo apt-get install chromium' rồi 'make test' lại." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q chromium fonts-dejavu-core >/dev/null
