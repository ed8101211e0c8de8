"""Who a row of forms 2–5 counts, in words a definition can name (``Row.of``, ``Column.of``): each member and
each org of the form's population gets a set of traits ("women", "age:18_30", "kind:xa", "type:chi_bo_co_so"…),
and a cell counts what has both its row's and its column's trait. Pure: facts in, traits and figures out.

A row's ``of`` may name several traits with "|" ("occ:other|occ:retired": either); "" matches everything. An
average row (``Row.average``) is the exact mean age of the members its column matches."""

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


class Record(NamedTuple):
    """What the forms read of one member that does not change with the reference date (``Member`` fields, an
    earlier admission, the era of the admission)."""

    gender: str
    ethnicity: str
    religion: str
    general_education: str
    education_level: str
    political_theory: str
    category: str
    youth_union: bool
    readmitted: bool
    era: str | None  # bands.admission_era of the admission day; None when unknown


def on_probation(admitted_on, official_on, on) -> bool:
    """Whether a member admitted on ``admitted_on`` (official from ``official_on``) was probationary on ``on``:
    three dates, or three ISO texts (which compare the same)."""
    return admitted_on is not None and admitted_on <= on and (official_on is None or official_on > on)


def member_traits(record: Record, band: str | None, probationary: bool, exempt: bool,
                  memo: dict | None = None) -> frozenset[str]:
    """The traits of a member of ``record``, in the age band ``band`` (bands.age_band on the reference date, or
    on the admission day for form 2), probationary or exempt (M13) that day. Every member of the same record,
    band and state has the same set: built once per ``memo`` (a dict the caller keeps for one population — a
    province has a few thousand distinct sets for 100.000 members)."""
    key = (record, band, probationary, exempt)
    found = memo.get(key) if memo is not None else None
    if found is None:
        found = _traits(*key)
        if memo is not None:
            memo[key] = found
    return found


def _traits(record: Record, band: str | None, probationary: bool, exempt: bool) -> frozenset[str]:
    (gender, ethnicity, religion, general_education, education_level, political_theory, category, youth_union,
     readmitted, era) = record
    out = {MEMBER, f"age:{band or 'under_18'}"}
    if gender == "F":
        out.add("women")
    if probationary:
        out.add("probationary")
    ethnic = reference.ethnic_group(ethnicity)
    out.add(f"eth:{ethnic}")
    if ethnic != reference.KINH:
        out.add("ethnic_minority")
    faith = reference.religion(religion)
    if faith is not None:
        out |= {"religious", f"rel:{faith}"}
    if youth_union:
        out.add("youth_union")
    if category == MemberCategory.BUSINESS_OWNER:
        out.add("business_owner")
    out.add(f"occ:{OCCUPATION.get(category, 'other')}")
    if exempt:
        out.add("exempt")
        if category == MemberCategory.RETIRED:
            out.add("retired_exempt")
    if readmitted:
        out.add("readmitted")
    if era:
        out.add(f"era:{era}")
    out.add(f"gen:{bands.general_education_row(general_education) or 'none'}")
    out.add(f"pro:{bands.professional_row(education_level) or 'none'}")
    out.add(f"pol:{bands.political_theory_row(political_theory) or 'none'}")
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
          ages: Mapping[int, int], flows: Flows, *, grouped: dict[frozenset[str], list[int]] | None = None,
          age_sums: Mapping[frozenset[str], tuple[int, int]] | None = None) -> None:
    """Fill ``flows`` with every figure of ``form``: the members and orgs behind each cell (rows by their
    ``of``, columns by theirs), the averages exact. The items are grouped by their set of traits first and each
    group is looked up once, so the work grows with the distinct sets and the cells they fill, not with the
    items times the rows of the form. ``grouped``: ``members`` grouped by their whole set already (``group``), for
    a population several forms tally; ``age_sums``: the (sum, count) of the ages of each of those groups, for a
    population whose ages are not kept member by member."""
    columns = [(f":{c.key}", c.of) for c in form.columns if not c.ratio] or [("", "")]
    counted = [row for row in form.rows if not row.average]
    rows_index = _index((row.key, row.of) for row in counted)
    cols_index = _index(columns)
    named = frozenset(alt for _, of in [*((r.key, r.of) for r in form.rows), *columns] if of for alt in of.split("|"))
    if grouped is None:
        grouped = group(members)
    if age_sums is None:
        age_sums = {t: (sum(ages[m] for m in ids if m in ages), sum(1 for m in ids if m in ages))
                    for t, ids in grouped.items()}
    member_groups = _project(grouped, named)
    for groups, behind in ((member_groups, flows.members), (_project(group(orgs), named), flows.orgs)):
        for item_traits, ids in groups.items():
            cols = _matched(item_traits, cols_index)
            for key in (r + c for r in _matched(item_traits, rows_index) for c in cols):
                behind.setdefault(key, []).extend(ids)
    for row in counted:
        for suffix, _ in columns:
            key = row.key + suffix
            flows.counts[key] = len(flows.members.get(key, ())) + len(flows.orgs.get(key, ()))
    for row in form.rows:
        if row.average:
            for suffix, col_of in columns:
                parts = [age_sums.get(t, (0, 0)) for t in grouped if matches(row.of, t) and matches(col_of, t)]
                total, count = sum(p[0] for p in parts), sum(p[1] for p in parts)
                flows.means[row.key + suffix] = (total, count)
                flows.counts[row.key + suffix] = Fraction(total, count) if count else None


def group(items: Mapping[int, frozenset[str]]) -> dict[frozenset[str], list[int]]:
    """The items grouped by their set of traits."""
    out: dict[frozenset[str], list[int]] = {}
    for item_id, item_traits in items.items():
        found = out.get(item_traits)
        if found is None:
            out[item_traits] = [item_id]
        else:
            found.append(item_id)
    return out


def _project(grouped: dict[frozenset[str], list[int]], named: frozenset[str]) -> dict[frozenset[str], list[int]]:
    """The groups merged by the traits the form names (a form of ethnic groups need not tell ages apart)."""
    out: dict[frozenset[str], list[int]] = {}
    for item_traits, ids in grouped.items():
        out.setdefault(item_traits & named, []).extend(ids)
    return out
