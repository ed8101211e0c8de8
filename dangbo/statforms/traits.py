"""Who a row of forms 2–5 counts, in words a definition can name (``Row.of``, ``Column.of``): each member and
each org of the form's population gets a set of traits ("women", "age:18_30", "kind:xa", "type:chi_bo_co_so"…),
and a cell counts what has both its row's and its column's trait. Pure: facts in, traits and figures out.

A row's ``of`` may name several traits with "|" ("occ:other|occ:retired": either); "" matches everything. An
average row (``Row.average``) is the exact mean age of the members its column matches."""

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import NamedTuple

from dangbo.members.choices import MemberCategory
from dangbo.statforms import bands, reference
from dangbo.statforms.definitions import Form
from dangbo.statforms.flows import Flows

MEMBER = "member"
ORG = "org"

# The member record holds one category (MemberCategory), not the forms' 13 occupation rows: each category goes to
# the form row — or the group of form rows, merged on the form — that contains it (bands.NOT_DERIVABLE says why).
OCCUPATION = {
    MemberCategory.CIVIL_SERVANT: "officials",
    MemberCategory.ARMED_FORCES: "armed_forces",
    MemberCategory.FARMER: "farmers",
    MemberCategory.WORKER: "enterprise_workers",
    MemberCategory.ENTERPRISE_EMPLOYEE: "enterprise_staff",
    MemberCategory.BUSINESS_OWNER: "enterprise_staff",
    MemberCategory.STUDENT: "students",
    MemberCategory.RETIRED: "retired",
    MemberCategory.OTHER: "other",
}


class Facts(NamedTuple):
    """What the forms read of one member (``Member`` fields, the day's exemption, an earlier admission)."""

    gender: str
    born: dt.date
    ethnicity: str
    religion: str
    general_education: str
    education_level: str
    political_theory: str
    category: str
    youth_union: bool
    admitted_on: dt.date | None
    official_on: dt.date | None
    exempt: bool = False
    readmitted: bool = False


def member_traits(facts: Facts, on: dt.date, *, age_on: dt.date | None = None) -> frozenset[str]:
    """The traits of a member on the reference date ``on`` (age on ``age_on``, default ``on``: form 2 counts
    the age on the admission day)."""
    out = {MEMBER}
    if facts.gender == "F":
        out.add("women")
    if facts.admitted_on and facts.admitted_on <= on and (facts.official_on is None or facts.official_on > on):
        out.add("probationary")
    ethnic = reference.ethnic_group(facts.ethnicity)
    out.add(f"eth:{ethnic}")
    if ethnic != reference.KINH:
        out.add("ethnic_minority")
    faith = reference.religion(facts.religion)
    if faith is not None:
        out |= {"religious", f"rel:{faith}"}
    if facts.youth_union:
        out.add("youth_union")
    if facts.category == MemberCategory.BUSINESS_OWNER:
        out.add("business_owner")
    out.add(f"occ:{OCCUPATION.get(facts.category, 'other')}")
    if facts.exempt:
        out.add("exempt")
        if facts.category == MemberCategory.RETIRED:
            out.add("retired_exempt")
    if facts.readmitted:
        out.add("readmitted")
    band = bands.age_band(facts.born, age_on or on)
    out.add(f"age:{band or 'under_18'}")
    if facts.admitted_on:
        out.add(f"era:{bands.admission_era(facts.admitted_on)}")
    out.add(f"gen:{bands.general_education_row(facts.general_education) or 'none'}")
    out.add(f"pro:{bands.professional_row(facts.education_level) or 'none'}")
    out.add(f"pol:{bands.political_theory_row(facts.political_theory) or 'none'}")
    return frozenset(out)


def matches(of: str, traits: frozenset[str]) -> bool:
    return not of or any(alt in traits for alt in of.split("|"))


def _index(pairs) -> tuple[dict[str, list], list]:
    """trait -> the items (rows or columns) whose ``of`` names it, and the items that match everything."""
    by_trait: dict[str, list] = {}
    always = []
    for item, of in pairs:
        if not of:
            always.append(item)
        for alt in of.split("|") if of else ():
            by_trait.setdefault(alt, []).append(item)
    return by_trait, always


def _matched(traits: frozenset[str], index: tuple[dict[str, list], list]) -> list:
    by_trait, always = index
    out = list(always)
    for trait in traits:
        for item in by_trait.get(trait, ()):
            if item not in out:
                out.append(item)
    return out


def tally(form: Form, members: Mapping[int, frozenset[str]], orgs: Mapping[int, frozenset[str]],
          ages: Mapping[int, int], flows: Flows) -> None:
    """Fill ``flows`` with every figure of ``form``: the members and orgs behind each cell (rows by their
    ``of``, columns by theirs), the averages exact. Each item is looked up by its traits (once per distinct set of
    traits), so the work grows with the cells an item is in, not with the rows of the form."""
    columns = [(f":{c.key}", c.of) for c in form.columns if not c.ratio] or [("", "")]
    counted = [row for row in form.rows if not row.average]
    rows_index = _index((row.key, row.of) for row in counted)
    cols_index = _index(columns)
    cells: dict[frozenset[str], list[str]] = {}
    for items, behind in ((members, flows.members), (orgs, flows.orgs)):
        for row in counted:
            for suffix, _ in columns:
                behind.setdefault(row.key + suffix, [])
        for item_id, item_traits in items.items():
            keys = cells.get(item_traits)
            if keys is None:
                cols = _matched(item_traits, cols_index)
                keys = cells[item_traits] = [r + c for r in _matched(item_traits, rows_index) for c in cols]
            for key in keys:
                behind[key].append(item_id)
    for row in counted:
        for suffix, _ in columns:
            key = row.key + suffix
            flows.counts[key] = len(flows.members[key]) + len(flows.orgs[key])
    for behind in (flows.members, flows.orgs):
        for key in [k for k, ids in behind.items() if not ids]:
            del behind[key]
    for row in form.rows:
        if row.average:
            for suffix, col_of in columns:
                found = [ages[m] for m, t in members.items() if m in ages and matches(row.of, t)
                         and matches(col_of, t)]
                flows.counts[row.key + suffix] = Fraction(sum(found), len(found)) if found else None
