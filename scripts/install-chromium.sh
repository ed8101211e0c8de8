#!/bin/sh
# Debian packages the tests drive: Chromium for the browser tests (Playwright drives it; no browser download)
# and poppler-utils, whose pdftotext reads the generated PDF reports back.
set -e
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/pdftotext ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "Cần Chromium và poppler-utils cho kiểm thử: chạy 'sudo apt-get install chromium poppler-utils' rồi 'make test' lại." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q chromium fonts-dejavu-core poppler-utils >/dev/null
