"""The audit log as people read it: Vietnamese action and field names, values as the pages show them.

Entries store raw values (ids, codes, ISO dates), as they were written by ``audit.record`` — also the entries
written before this module existed. Here they become what a user sees: "Chi bộ thôn Đạ Nghịt" for an org id,
"Hoàn thành tốt nhiệm vụ" for a level code, 05/03/2024 for ``2024-03-05``, no microseconds. Names of related
objects are fetched once per model for a whole page (``in_bulk``), never per value.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from dangbo.accounts.audit import NOT_LOGGED, action_label
from dangbo.core.dates import format_date
from dangbo.core.numbers import format_int

EMPTY = "—"
# Tree bookkeeping and timestamps the entry itself carries: not what a person changed.
NOT_SHOWN = frozenset({"id", "path", "depth", "numchild", "created_at", "updated_at"})
# Vietnamese names of the fields declared without a verbose_name (changing those models would mean migrations in
# other apps); a field's own verbose_name always wins.
FIELD_NAMES = {
    "user": "người dùng", "member": "đảng viên", "org": "tổ chức", "parent": "cấp trên trực tiếp", "name": "tên",
    "kind": "loại", "valid_from": "hiệu lực từ ngày", "valid_to": "hiệu lực đến ngày", "detail": "chi tiết",
    "sources": "tổ chức trước", "results": "tổ chức sau", "term": "nhiệm kỳ", "committee": "cấp ủy",
    "created_by": "người ghi", "is_probationary": "dự bị", "is_org_discipline": "kỷ luật tổ chức",
    "subject": "đối tượng", "subject_org": "tổ chức được đánh giá", "regulation": "quy định",
    "criteria_set": "bộ tiêu chí", "proposed_on": "ngày đề xuất", "proposed_by": "người đề xuất",
    "approved_on": "ngày quyết định", "approved_by": "người quyết định", "year": "năm", "exclusion": "lý do",
    "final_level": "xếp loại", "assessment": "phiếu đánh giá", "plan": "kế hoạch", "document": "văn bản",
    "number": "số", "issuer_code": "cơ quan ban hành", "order": "thứ tự", "responsible_org": "tổ chức chủ trì",
    "deadline_start": "thời hạn từ", "deadline_end": "thời hạn đến", "entered_by": "người nhập",
    "entered_at": "nhập lúc", "target": "chỉ tiêu",
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Row:
    entry: object
    at: str
    actor: str
    action: str
    kind: str
    object: str
    changes: tuple
    changed: bool  # before → after; otherwise what was created (or deleted): one value per field, empty ones left out


def person_name(user) -> str:
    """A user as people call them: họ (last_name) then tên (first_name), or the username."""
    if user is None:
        return "(hệ thống)"
    full = " ".join(p for p in (user.last_name.strip(), user.first_name.strip()) if p)
    return full or user.get_username()


def _cap(text: str) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model, key: str):
    """(model, field) for a stored key: ``name``, ``name_id`` or ``app.Model.name`` (a corrected fact's)."""
    if key.count(".") == 2:
        app_label, model_name, key = key.split(".")
        model = _model(f"{app_label}.{model_name}")
    if model is None:
        return None, None
    for name in (key, key.removesuffix("_id")):
        try:
            return model, model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return model, None


def field_label(model, key: str) -> str:
    owner, field = _field(model, key)
    bare = key.rsplit(".", 1)[-1].removesuffix("_id") if field is None else field.name
    name = str(getattr(field, "verbose_name", "") or bare).replace("_", " ")
    if name == bare.replace("_", " "):
        name = FIELD_NAMES.get(bare, name)
    if owner is not None and owner is not model:
        return f"{_cap(owner._meta.verbose_name)}: {name}"
    return _cap(name)


def _datetime(text: str) -> str:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y %H:%M")


def _date(text: str) -> str:
    try:
        return format_date(dt.date.fromisoformat(text))
    except ValueError:
        return text


def _number(value) -> str:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    whole, _, frac = f"{number.normalize():f}".partition(".")
    return format_int(int(whole)) + ("," + frac if frac else "")


class Names:
    """Names of the objects an entry's values point to, fetched once per model."""

    def __init__(self):
        self.wanted: dict = {}
        self.found: dict = {}

    def want(self, model, value) -> None:
        for v in value if isinstance(value, list) else [value]:
            if v not in (None, ""):
                self.wanted.setdefault(model, set()).add(v)

    def fetch(self) -> None:
        user_model = get_user_model()
        for model, ids in self.wanted.items():
            numeric = isinstance(model._meta.pk, models.AutoField | models.BigAutoField | models.IntegerField)
            objects = model._default_manager.in_bulk([i for i in ids if str(i).isdigit() or not numeric])
            self.found[model] = {
                str(pk): person_name(obj) if model is user_model else str(obj) for pk, obj in objects.items()}

    def name(self, model, value) -> str:
        return self.found.get(model, {}).get(str(value), f"#{value}")


def _related(field):
    if field is not None and field.is_relation and field.related_model is not None:
        return field.related_model
    return None


def format_value(field, value, names: Names) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    related = _related(field)
    if related is not None:
        values = value if isinstance(value, list) else [value]
        return ", ".join(names.name(related, v) for v in values)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool) or isinstance(field, models.BooleanField):
        return "có" if value else "không"
    if isinstance(field, models.DateTimeField) or (field is None and ISO_DATETIME.match(str(value))):
        return _datetime(str(value))
    if isinstance(field, models.DateField) or (field is None and ISO_DATE.match(str(value))):
        return _date(str(value))
    if isinstance(field, models.DecimalField | models.FloatField | models.IntegerField) and not field.primary_key:
        return _number(value)
    if isinstance(value, dict | list):
        return "; ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else ", ".join(
            map(str, value))
    return str(value)


def _changes(entry) -> list[tuple]:
    """(key, before, after) of the fields the entry shows: the changed ones; of a creation or a deletion, the
    fields that held a value (as ``after``)."""
    before, after = entry.before or {}, entry.after or {}
    if not (entry.before and entry.after):
        one_sided = after or before
        return [(k, None, v) for k, v in one_sided.items() if v not in (None, "", []) and _shown(k)]
    keys = list(after) + [k for k in before if k not in after]
    return [(k, before.get(k), after.get(k)) for k in keys if _shown(k)]


def _shown(key: str) -> bool:
    name = key.rsplit(".", 1)[-1]
    return name not in NOT_LOGGED and name not in NOT_SHOWN


def rows(entries) -> list[Row]:
    """Entries as people read them. One query per related model over the whole list."""
    entries = list(entries)
    names = Names()
    for e in entries:
        model = _model(e.model)
        for key, old, new in _changes(e):
            _owner, field = _field(model, key)
            related = _related(field)
            if related is not None:
                names.want(related, old)
                names.want(related, new)
    names.fetch()
    out = []
    for e in entries:
        model = _model(e.model)
        changes = []
        for key, old, new in _changes(e):
            _owner, field = _field(model, key)
            changes.append(Change(field_label(model, key), format_value(field, old, names),
                                  format_value(field, new, names)))
        out.append(Row(
            entry=e, at=timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M") if e.at else "",
            actor=person_name(e.actor), action=action_label(e.action),
            kind=_cap(model._meta.verbose_name) if model is not None else e.model,
            object=e.object_repr, changes=tuple(changes), changed=bool(e.before and e.after)))
    return out
