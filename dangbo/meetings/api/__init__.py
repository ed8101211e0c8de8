"""Cell meetings over JSON, mounted at /api/ by ``dangbo.api``: the meeting records, the schedules and scoring
sheets, the thematic plan and the superior's oversight, and the cell's work with its members. Reads through the
scoped selectors, every change through ``meetings.services``; the API's one error shape."""

from ninja import Router

from dangbo.meetings.api import meetings, members, oversight, schedules

router = Router()
# The fixed paths (/meetings/schedules, …) before /meetings/{meeting_id}: an int id never matches them anyway.
router.add_router("", schedules.router)
router.add_router("", oversight.router)
router.add_router("", meetings.router)
router.add_router("", members.router)
