"""Inspection work over JSON, mounted at /api/ by ``dangbo.api`` (issue 14). Reads through
``inspection.selectors`` (confidential: only the handling inspection commission and the named officials, every
read logged), every change through ``inspection.services``."""

from ninja import Router

router = Router()
