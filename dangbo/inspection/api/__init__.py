"""Inspection work over JSON, mounted at /api/ by ``dangbo.api`` (issue 14): programmes and plan items
(``plans``), cases with their steps and follow-ups (``cases``), denunciations (``letters``), discipline proposals
and complaints (``discipline``), the period's figures (``figures``, K10: counts, read through
``inspection.figures``), and the later additions (``more``: a withdrawal, naming officials, the
complaints' list). Reads through ``inspection.selectors`` (confidential: only the handling inspection
commission and the named officials, every read logged), every change through ``inspection.services``; outside the
scope 404 naming the field, a visible record the user may not write 403."""

from ninja import Router

from dangbo.inspection.api import cases, discipline, figures, letters, more, plans

router = Router()
router.add_router("", plans.router)
router.add_router("", cases.router)
router.add_router("", letters.router)
router.add_router("", discipline.router)
router.add_router("", figures.router)
router.add_router("", more.router)
