"""The one door every write's audit goes through."""

import datetime as dt
import decimal

from django.db import models
from django.forms.models import model_to_dict

from dangbo.accounts.models import AuditEntry
from dangbo.core import context


def _plain(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(instance: models.Model | None) -> dict | None:
    if instance is None:
        return None
    data = model_to_dict(instance, exclude=["search_text", "sort_key", "search_name"])
    for field in instance._meta.fields:
        if not field.editable and field.name not in ("id", "search_text", "sort_key", "search_name"):
            data[field.attname] = getattr(instance, field.attname)
    return {k: _plain(v) for k, v in data.items()}


def record(*, actor, action: str, instance: models.Model, before: dict | None, org_path: str = "") -> AuditEntry:
    after = snapshot(instance)
    if before and after:
        changed = {k for k in after if before.get(k) != after.get(k)}
        before = {k: v for k, v in before.items() if k in changed}
        after = {k: v for k, v in after.items() if k in changed}
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        model=instance._meta.label,
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        before=before,
        after=after,
        org_path=org_path,
        request_id=context.request_id.get(),
    )
