"""SQL pieces the ORM writes too slowly for large sets of ids."""

import datetime as dt
from itertools import chain

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


IDS_AT_MOST = 20_000  # under both SQLite's 32.766 and PostgreSQL's 65.535 parameters of one statement


def listed_if_small(values, at_most: int = IDS_AT_MOST):
    """``values`` (a one-column ``values_list(..., flat=True)`` queryset of ids) as a list when it holds at most
    ``at_most`` ids, else unchanged. Given a subquery, PostgreSQL misjudges how many rows a ``path LIKE`` keeps and
    may join by nested loops over every row of a big table; given the ids it plans on them (and hashes a long
    ``= ANY`` list)."""
    listed = list(values[:at_most + 1])
    return listed if len(listed) <= at_most else values


def insert_returning(model, objs: list) -> None:
    """``bulk_create`` without its per-value compilation, which took over half of an import's writing: the
    objects' values inserted by ``insert_rows`` (one ``INSERT … VALUES (…), (…) RETURNING id`` per batch, SQLite
    ≥ 3.35 and PostgreSQL, each column prepared as Django would). The objects get their ids, and their
    ``auto_now``/``auto_now_add`` fields the statement's one clock reading (Django's ``pre_save`` reads the clock
    once per object: microseconds apart within one transaction). Foreign keys must be set by id beforehand."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields
              if not f.primary_key and not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)]
    names = [f.attname for f in fields]
    ids, stamps = insert_rows(model, names, [tuple(getattr(obj, name) for name in names) for obj in objs])
    alias = connections[DEFAULT_DB_ALIAS].alias
    for obj, pk, readings in zip(objs, ids, stamps, strict=True):
        obj.pk = pk
        for attname, value in readings.items():
            setattr(obj, attname, value)
        obj._state.adding, obj._state.db = False, alias


def _column_preparer(field, conn):
    """The values of a whole column as Django's ``get_db_prep_save`` would give them, without its dozen calls per
    value where the value is already what the database takes: a column whose values are all of the types the
    database takes as they are (checked with one ``set(map(type, …))``) goes unchanged, a date column through the
    adapter alone; any other value is prepared as Django would."""
    kind = field.get_internal_type()

    def each(column):
        return [field.get_db_prep_save(v, conn) for v in column]

    if kind in PLAIN_FIELDS:
        types = PLAIN_FIELDS[kind]
        exact = frozenset(types)

        def plain(column):
            if set(map(type, column)) <= exact:
                return column
            return [v if isinstance(v, types) else field.get_db_prep_save(v, conn) for v in column]
        return plain
    if kind == "DateField":
        adapt, exact = conn.ops.adapt_datefield_value, frozenset((dt.date, type(None)))

        def days(column):
            return list(map(adapt, column)) if set(map(type, column)) <= exact else each(column)
        return days
    return each


class _Stamp:
    """What an ``auto_now``/``auto_now_add`` field's ``pre_save`` sets its clock reading on."""


def insert_rows(model, columns: list[str], rows: list[tuple]) -> tuple[list[int], list[dict]]:
    """Rows given as tuples of ``columns`` (attnames), no object per row, inserted by one ``INSERT … VALUES (…),
    (…) RETURNING id`` per batch. Every other concrete field but the primary key takes its default, except the
    ``auto_now``/``auto_now_add`` ones, which take one clock reading per statement.
    Returns the new ids, in order, and for each row the clock readings it got (by attname)."""
    if not rows:
        return [], []
    conn = connections[DEFAULT_DB_ALIAS]
    quote = conn.ops.quote_name
    opts = model._meta
    given = [opts.get_field(name) if name in {f.name for f in opts.concrete_fields} else
             next(f for f in opts.concrete_fields if f.attname == name) for name in columns]
    stamped = [f for f in opts.concrete_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    rest = [f for f in opts.concrete_fields if not f.primary_key and f not in given and f not in stamped]
    defaults = tuple(f.get_db_prep_save(f.get_default(), conn) for f in rest)
    fields = given + rest + stamped
    prepare = [_column_preparer(f, conn) for f in given]
    head = f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, conn.ops.bulk_batch_size(fields, rows))
    ids, stamps = [], []
    with conn.cursor() as cursor:
        for part in batched(rows, size):
            clock = _Stamp()
            readings = {f.attname: f.pre_save(clock, True) for f in stamped}
            tail = defaults + tuple(f.get_db_prep_save(readings[f.attname], conn) for f in stamped)
            columns = [p(column) for p, column in zip(prepare, zip(*part, strict=True), strict=True)]
            params = list(chain.from_iterable(values + tail for values in zip(*columns, strict=True)))
            cursor.execute(f"{head}{', '.join([row] * len(part))} RETURNING {quote(opts.pk.column)}", params)
            ids += [pk for (pk,) in cursor.fetchall()]
            stamps += [readings] * len(part)
    return ids, stamps
