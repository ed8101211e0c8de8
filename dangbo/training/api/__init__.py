"""Training classes over JSON, mounted at /api/ by ``dangbo.api``: an org's classes, opening or editing one, its
learners, enrolling a member or a candidate, recording a result (``classes``, ``enrolments``), who still needs
training (``needs``). Reads through ``training.selectors``, every change through ``training.services``; outside the
scope 404 naming the field."""

from ninja import Router

from dangbo.training.api import classes, enrolments, needs

router = Router()
router.add_router("", classes.router)
router.add_router("", needs.router)
router.add_router("", enrolments.router)
