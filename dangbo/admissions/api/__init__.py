"""The admission pipeline over JSON, mounted at /api/ by ``dangbo.api``: the candidates' files and their steps
(``candidates``), and the committees' work — the year's quotas, probations due for recognition, the screening and
the Huy hiệu list (``work``). Reads through the scoped selectors, every change through ``admissions.services``; the
API's one error shape."""

from ninja import Router

from dangbo.admissions.api import candidates, work

router = Router()
router.add_router("", candidates.router)
router.add_router("", work.router)
