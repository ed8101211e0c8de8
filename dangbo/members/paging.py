"""Keyset pages of members for the pages that list them (the member list, an org's page, the tree of a past day):
the page's rows and the queries of its "Trang đầu" and "Trang sau" links (``members/_pager.html``). Here, not in a
view module, because the org pages use it too."""

from dangbo.members import selectors


def member_page(request, qs) -> dict:
    """One keyset page of ``qs`` and the queries of its "Trang đầu" and "Trang sau" links (``members/_pager.html``)."""
    after = selectors.page_cursor(request.GET)
    rows, last = selectors.keyset_page(qs, after=after)
    query = request.GET.copy()
    for key in ("sau", "sau_id", "page"):
        query.pop(key, None)
    next_query = None
    if last is not None:
        following = query.copy()
        following["sau"], following["sau_id"] = last[0], str(last[1])
        next_query = following.urlencode()
    return {"rows": rows, "is_first": after is None, "more": last is not None, "first_query": query.urlencode(),
            "next_query": next_query, "page_size": selectors.PAGE_SIZE}
