"""An uploaded Excel file kept between its check and its commit, for every import page.

The upload is stored under ``DATA_DIR/imports/<token>.xlsx`` with a ``.json`` beside it naming its owner, so
the confirm step commits exactly the file that was checked, and only for the user who uploaded it.
"""

import datetime as dt
import json
import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.http import Http404

TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
MAX_BYTES = 20 * 1024 * 1024
KEEP_SECONDS = 24 * 3600


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx)", error_messages={"required": "Hãy chọn tệp Excel."})

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Chỉ nhận tệp Excel .xlsx (hãy dùng tệp mẫu).")
        if f.size > MAX_BYTES:
            raise forms.ValidationError(f"Tệp lớn hơn {MAX_BYTES // (1024 * 1024)} MB; hãy chia nhỏ tệp.")
        return f


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stash(user, upload) -> str:
    folder = _folder()
    cutoff = time.time() - KEEP_SECONDS
    for old in folder.iterdir():  # uploads nobody confirmed: kept a day, then dropped
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)
        except OSError:  # another request removed it first
            continue
    token = secrets.token_urlsafe(24)
    with open(folder / f"{token}.xlsx", "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    meta = {"user": user.pk, "name": upload.name, "at": dt.datetime.now(dt.UTC).isoformat()}
    (folder / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def load_stashed(user, token: str) -> tuple[bytes, dict]:
    """The stored upload, only for its owner; anything else is “not found”, whoever asks."""
    if not TOKEN.match(token or ""):
        raise Http404("Không tìm thấy tệp đã tải lên.")
    folder = _folder()
    try:
        meta = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
        if meta.get("user") != user.pk:
            raise Http404("Không tìm thấy tệp đã tải lên.")
        return (folder / f"{token}.xlsx").read_bytes(), meta
    except (OSError, ValueError) as exc:
        raise Http404("Không tìm thấy tệp đã tải lên (có thể đã quá hạn); hãy tải lên lại.") from exc


def drop_stashed(token: str) -> None:
    for suffix in (".xlsx", ".json"):
        (_folder() / f"{token}{suffix}").unlink(missing_ok=True)


def update_stashed(user, token: str, **fields) -> dict:
    """Add ``fields`` to the stored upload's description (its owner's only): e.g. its row count once checked."""
    _data, meta = load_stashed(user, token)
    meta.update(fields)
    (_folder() / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return meta
