"""Party dues over JSON, mounted at /api/ by ``dangbo.api``: a cell's month and its payments (``cells``), what
members declare and the reliefs granted, and remittances upward (``records``), the books S01/S02/B01 and the
arrears list (``books``). Reads through the scoped selectors, every change through ``dues.services``; the API's
one error shape: outside the scope 404 naming the field, read-only 403."""

from ninja import Router

from dangbo.dues.api import books, cells, records

router = Router()
router.add_router("", cells.router)
router.add_router("", records.router)
router.add_router("", books.router)
