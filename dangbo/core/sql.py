"""SQL pieces the ORM writes too slowly for large sets of ids."""

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL


def ids_in(model, column: str, ids) -> RawSQL:
    """``column IN (…)`` of ``model``'s table with the ids written into the SQL as integers (``int()`` of each:
    nothing else can get in). Django's own ``__in`` prepares every value one by one — 0,7 s for the 230.000 ids
    of Hà Nội — and SQLite caps the number of bound parameters; callers still send a province in batches."""
    name = f"{connection.ops.quote_name(model._meta.db_table)}.{connection.ops.quote_name(column)}"
    return RawSQL(f"{name} IN ({','.join(map(str, map(int, ids))) or 'NULL'})", (),  # noqa: S611 - integers only
                  output_field=BooleanField())
