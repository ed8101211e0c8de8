"""SQL pieces the ORM writes too slowly for large sets of ids."""

import datetime as dt

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from dangbo.core.iters import batched


def ids_in(model, column: str, ids) -> RawSQL:
    """``column IN (…)`` of ``model``'s table with the ids written into the SQL as integers (``int()`` of each:
    nothing else can get in). Django's own ``__in`` prepares every value one by one — 0,7 s for the 230.000 ids
    of Hà Nội — and SQLite caps the number of bound parameters; callers still send a province in batches."""
    name = f"{connection.ops.quote_name(model._meta.db_table)}.{connection.ops.quote_name(column)}"
    return RawSQL(f"{name} IN ({','.join(map(str, map(int, ids))) or 'NULL'})", (),  # noqa: S611 - integers only
                  output_field=BooleanField())


# Fields whose ``get_db_prep_save`` hands a value of these types back unchanged, on SQLite and PostgreSQL alike.
_TEXT, _INT = (str, type(None)), (int, type(None))
PLAIN_FIELDS = {"CharField": _TEXT, "SlugField": _TEXT, "TextField": _TEXT, "BooleanField": (bool, type(None)),
                **dict.fromkeys(("AutoField", "BigAutoField", "BigIntegerField", "ForeignKey", "IntegerField",
                                 "PositiveBigIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
                                 "SmallIntegerField"), _INT)}


def _preparer(field, conn):
    """The value ``field`` saves for an object, as Django's ``pre_save`` + ``get_db_prep_save`` would give it,
    without their dozen calls per value where the value is already what the database takes."""
    attname, kind = field.attname, field.get_internal_type()
    if kind in PLAIN_FIELDS:
        types = PLAIN_FIELDS[kind]

        def plain(obj):
            value = getattr(obj, attname)
            return value if isinstance(value, types) else field.get_db_prep_save(value, conn)
        return plain
    if kind == "DateField":
        adapt = conn.ops.adapt_datefield_value

        def day(obj):
            value = getattr(obj, attname)
            return adapt(value) if type(value) is dt.date or value is None else field.get_db_prep_save(value, conn)
        return day
    return lambda obj: field.get_db_prep_save(getattr(obj, attname), conn)


def insert_returning(model, objs: list) -> None:
    """``bulk_create`` without its per-value compilation, which took over half of an import's writing: one
    ``INSERT … VALUES (…), (…) RETURNING id`` per batch (SQLite ≥ 3.35 and PostgreSQL), each value prepared as
    Django would (``_preparer``). The objects get their ids. Foreign keys must be set by id beforehand.
    An ``auto_now``/``auto_now_add`` field takes one clock reading per statement, set on each of its objects
    (Django's ``pre_save`` reads the clock once per object: microseconds apart within one transaction)."""
    if not objs:
        return
    conn = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: the ``connection`` proxy costs a lookup per use
    quote = conn.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    prepare = [None if f in stamped else _preparer(f, conn) for f in fields]
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, conn.ops.bulk_batch_size(fields, objs))
    with conn.cursor() as cursor:
        for part in batched(objs, size):
            for f in stamped:
                value = f.pre_save(part[0], True)
                for obj in part[1:]:
                    setattr(obj, f.attname, value)
                prepared = f.get_db_prep_save(value, conn)
                prepare[fields.index(f)] = lambda obj, prepared=prepared: prepared
            params = [p(obj) for obj in part for p in prepare]
            cursor.execute(f"{head}{', '.join([row] * len(part))} RETURNING {quote(model._meta.pk.column)}", params)
            for obj, (pk,) in zip(part, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding, obj._state.db = False, conn.alias
