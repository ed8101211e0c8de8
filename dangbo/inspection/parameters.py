"""The dated parameters of inspection, denunciations, complaints and discipline (RULES.md K5, K7–K9): each value
with the day it applies from and its source; a case picks the row in force on the date of each step. What RULES.md
marks *(to confirm)* is a row with ``confirmed=False`` and a comment saying so."""

import datetime as dt
from dataclasses import dataclass, field

from dangbo.dues.parameters import dated

CALENDAR_DAYS = "calendar"
WORKING_DAYS = "working"
MONTHS = "months"

REG_22 = "Quy định 22-QĐ/TW ngày 28/07/2021"
REG_296 = "Quy định 296-QĐ/TW ngày 30/05/2025"
REG_30 = "Quy định 30-QĐ/TW ngày 26/07/2016"
DAY_22 = dt.date(2021, 7, 28)
DAY_296 = dt.date(2025, 5, 30)


@dataclass(frozen=True)
class TimeLimit:
    """A time limit: ``local`` up to province level, ``central`` at the centre, counted in ``unit``."""

    valid_from: dt.date
    source: str
    local: int
    central: int
    unit: str
    extension: int = 0  # at most this many more units, with notice (0: none)
    confirmed: bool = True


# K5: denunciations, from receipt by the competent org. 22-QĐ/TW art. 20 says 90/180 days; a provincial handbook
# counts working days, extendable by 30 working days. Unit and extension: to confirm (both rows).
DENUNCIATION_LIMITS = (
    TimeLimit(DAY_22, f"{REG_22}, Điều 20", 90, 180, WORKING_DAYS, extension=30, confirmed=False),
    # 296: assumed the same as 22 (to confirm against the text, art. 19–20)
    TimeLimit(DAY_296, f"{REG_296}, Điều 19–20", 90, 180, WORKING_DAYS, extension=30, confirmed=False),
)

# K9: a complaint is filed within this of receiving the decision. The statute (art. 39.7) and 22-QĐ/TW say one
# month; 296 art. 25.1 says 30 days — calendar or working days: to confirm (calendar kept meanwhile).
COMPLAINT_FILING = (
    TimeLimit(DAY_22, f"Điều lệ Đảng, Điều 39.7; {REG_22}", 1, 1, MONTHS),
    TimeLimit(DAY_296, f"Điều lệ Đảng, Điều 39.7; {REG_296}, Điều 25.1", 30, 30, CALENDAR_DAYS, confirmed=False),
)

# K9: resolution of a complaint from receipt: 90 working days (province and below), 180 (centre) under 30-QĐ/TW;
# the values under 22 and 296: to confirm (kept the same).
COMPLAINT_RESOLUTION = (
    TimeLimit(dt.date(2016, 7, 26), REG_30, 90, 180, WORKING_DAYS),
    TimeLimit(DAY_22, REG_22, 90, 180, WORKING_DAYS, confirmed=False),
    TimeLimit(DAY_296, REG_296, 90, 180, WORKING_DAYS, confirmed=False),
)

# K5: letters received within this many working days before a congress opens pass to the new committee
# (07-HD/UBKTTW 12/12/2019; the 2025 cycle's 08-HD/UBKTTW 18/11/2024: its values to confirm).
CONGRESS_WINDOW = (
    TimeLimit(dt.date(2019, 12, 12), "Hướng dẫn 07-HD/UBKTTW ngày 12/12/2019", 25, 30, WORKING_DAYS),
    TimeLimit(dt.date(2024, 11, 18), "Hướng dẫn 08-HD/UBKTTW ngày 18/11/2024", 25, 30, WORKING_DAYS,
              confirmed=False),
)


@dataclass(frozen=True)
class Limitation:
    """K8: years of limitation by form, for members and for orgs (None: no limitation)."""

    valid_from: dt.date
    source: str
    member: dict = field(default_factory=dict)
    org: dict = field(default_factory=dict)
    confirmed: bool = True


_MEMBER_YEARS = {"reprimand": 5, "warning": 10, "removal": 10, "expulsion": None}
_ORG_YEARS = {"reprimand": 5, "warning": 10, "disbandment": None}
LIMITATIONS = (
    Limitation(dt.date(2017, 11, 15), "Quy định 102-QĐ/TW ngày 15/11/2017; Quy định 07-QĐi/TW ngày 28/08/2018",
               _MEMBER_YEARS, _ORG_YEARS),
    # carried into 69-QĐ/TW (amended by 264-QĐ/TW): the 69 wording to confirm
    Limitation(dt.date(2022, 7, 6), "Quy định 69-QĐ/TW ngày 06/07/2022 (sửa đổi bởi 264-QĐ/TW)",
               _MEMBER_YEARS, _ORG_YEARS, confirmed=False),
)

# K7: until the district level ended, its standing committee decided removal or expulsion of a grassroots cell's
# chi ủy member; the successor level after 07/2025: to confirm (the direct superior committee meanwhile).
DISTRICT_ENDED = dt.date(2025, 7, 1)


def limit_on(table, day: dt.date):
    """The row of ``table`` in force on ``day`` (the first row before any)."""
    return dated(table, day) or table[0]
