"""An uploaded Excel file kept between its check and its commit, for every import page.

The upload is stored as ``imports/<token>.xlsx`` in Django's default storage (MEDIA_ROOT on one machine; a storage
every app server and the worker share when there are several) with a ``.json`` beside it naming its owner, so
the confirm step commits exactly the file that was checked, and only for the user who uploaded it.
"""

import datetime as dt
import json
import re
import secrets

from django import forms
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
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


FOLDER = "imports"


def _name(token: str, suffix: str) -> str:
    return f"{FOLDER}/{token}{suffix}"


def _drop_old() -> None:
    """Uploads nobody confirmed: kept a day, then dropped."""
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=KEEP_SECONDS)
    try:
        _dirs, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    for name in names:
        try:
            if default_storage.get_modified_time(f"{FOLDER}/{name}") < cutoff:
                default_storage.delete(f"{FOLDER}/{name}")
        except OSError:  # another request removed it first
            continue


def _write(name: str, content) -> None:
    """At exactly ``name``: the token is random, so an existing file is a leftover to replace, never renamed."""
    default_storage.delete(name)
    saved = default_storage.save(name, content)
    if saved != name:  # a storage that renamed it anyway: the token would point at nothing
        default_storage.delete(saved)
        raise OSError(f"storage stored {name} as {saved}")


def stash(user, upload) -> str:
    _drop_old()
    token = secrets.token_urlsafe(24)
    _write(_name(token, ".xlsx"), upload)
    meta = {"user": user.pk, "name": upload.name, "at": dt.datetime.now(dt.UTC).isoformat()}
    _write(_name(token, ".json"), ContentFile(json.dumps(meta).encode("utf-8")))
    return token


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as f:
        return f.read()


def load_stashed(user, token: str) -> tuple[bytes, dict]:
    """The stored upload, only for its owner; anything else is “not found”, whoever asks."""
    if not TOKEN.match(token or ""):
        raise Http404("Không tìm thấy tệp đã tải lên.")
    try:
        meta = json.loads(_read(_name(token, ".json")).decode("utf-8"))
        if meta.get("user") != user.pk:
            raise Http404("Không tìm thấy tệp đã tải lên.")
        return _read(_name(token, ".xlsx")), meta
    except (OSError, ValueError) as exc:
        raise Http404("Không tìm thấy tệp đã tải lên (có thể đã quá hạn); hãy tải lên lại.") from exc


def drop_stashed(token: str) -> None:
    for suffix in (".xlsx", ".json"):
        default_storage.delete(_name(token, suffix))


def update_stashed(user, token: str, **fields) -> dict:
    """Add ``fields`` to the stored upload's description (its owner's only): e.g. its row count once checked."""
    _data, meta = load_stashed(user, token)
    meta.update(fields)
    _write(_name(token, ".json"), ContentFile(json.dumps(meta).encode("utf-8")))
    return meta
