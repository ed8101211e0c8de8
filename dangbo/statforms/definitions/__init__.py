"""The forms as data (issue 10, Deliver 1): one JSON file per guidance of the organization commission, each with
its forms, their rows and the checks printed on them. A changed form is a new file with its ``since`` date, not
new code; the code only knows the measures (``MEASURES`` in ``statforms.tables``) a form's rows are read from."""

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    indent: int = 0
    sum_of: tuple[str, ...] = ()  # the row is the sum of these (checked)
    part_of: str = ""  # an "of which" row: at most its whole (checked)
    equals: str = ""  # "A + B - C": the row equals this expression over other rows (checked)
    of: str = ""  # who the row counts, in the measure's words ("age:18_30", "kind:xa"); "" for the measure's own
    average: bool = False  # the row is an average (of ``of``), shown with a decimal and never summed
    same_as: str = ""  # "1:D": equal to that figure of another form of the set (checked when the set is made)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    sum_of: tuple[str, ...] = ()  # the column is the sum of these (checked on every row)
    ratio: tuple[str, ...] = ()  # (part, whole): a percentage shown, not a figure counted
    of: str = ""  # who the column counts (``traits``), as a row's ``of``


@dataclass(frozen=True)
class Form:
    code: str
    number: str
    title: str
    measure: str
    rows: tuple[Row, ...]
    # a form of several figures per row (forms 4, 5, 6): its columns, figures keyed "row:column", and the column
    # compared with the same period a year before; none: one figure per row, keyed by the row
    columns: tuple[Column, ...] = ()
    main: str = ""
    unit: str = "Người"
    note: str = ""  # what the form shows differently from the paper form, and why (rows the records cannot give)


@dataclass(frozen=True)
class Guidance:
    code: str
    name: str
    since: dt.date
    note: str
    forms: dict[str, Form]


def _form(data: dict) -> Form:
    rows = tuple(Row(key=r["key"], label=r["label"], indent=r.get("indent", 0), sum_of=tuple(r.get("sum_of", ())),
                     part_of=r.get("part_of", ""), equals=r.get("equals", ""), of=r.get("of", ""),
                     average=r.get("average", False), same_as=r.get("same_as", "")) for r in data["rows"])
    columns = tuple(Column(c["key"], c["label"], tuple(c.get("sum_of", ())), tuple(c.get("ratio", ())), c.get("of", ""))
                    for c in data.get("columns", ()))
    return Form(code=data["code"], number=data["number"], title=data["title"], measure=data["measure"], rows=rows,
                columns=columns, main=data.get("main", ""), unit=data.get("unit", "Người"), note=data.get("note", ""))


@cache
def guidances() -> tuple[Guidance, ...]:
    out = []
    for path in sorted(HERE.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.append(Guidance(code=data["code"], name=data["name"], since=dt.date.fromisoformat(data["since"]),
                            note=data.get("note", ""), forms={f["code"]: _form(f) for f in data["forms"]}))
    return tuple(sorted(out, key=lambda g: g.since))


def guidance_on(day: dt.date) -> Guidance:
    """The guidance whose forms report a period ending on ``day``: the latest in force then (the first one for
    earlier periods, the forms before it not being kept)."""
    known = guidances()
    return next((g for g in reversed(known) if g.since <= day), known[0])
