"""The secret key of an installation: from the environment, else kept in a file of the data directory.

Imported by settings, so it imports nothing from Django's configured parts.
"""

import os
import secrets
import time
from pathlib import Path

FILE_NAME = "secret_key"
# The key every installation shared before keys were made per installation: refused wherever it appears.
OLD_DEFAULT = "dev-only-insecure-key-change-me"  # noqa: S105


def load_or_create(data_dir, environ=os.environ):
    """DANGBO_SECRET_KEY (or DJANGO_SECRET_KEY), else <data_dir>/secret_key, written once with mode 0600."""
    key = (environ.get("DANGBO_SECRET_KEY") or environ.get("DJANGO_SECRET_KEY") or "").strip()
    if not key:
        key = _from_file(Path(data_dir) / FILE_NAME)
    if key == OLD_DEFAULT:
        raise RuntimeError("Khoá bí mật đang là khoá mặc định cũ, không an toàn: đặt khoá khác hoặc xoá tệp khoá")
    return key


def _from_file(path):
    try:
        # O_EXCL: of two processes starting together only one writes, the other reads its key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read(path)
    key = secrets.token_urlsafe(50)
    with os.fdopen(fd, "w") as f:
        f.write(key + "\n")
    return key


def _read(path):
    for _ in range(50):
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.1)  # the winner of the race has created the file but not yet written its key
    raise RuntimeError(f"Tệp khoá bí mật {path} rỗng: xoá tệp để sinh khoá mới")
