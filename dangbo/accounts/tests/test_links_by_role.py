"""Show an action only to a user who may take it: every link a role is shown must open for that role.

Each role logs in and follows every link of every page it reaches from the home page (breadth first, bounded),
the way a curious user would. A link that answers 403 or 404 is an action shown to someone who may not take it.
"""

import datetime as dt
import html
import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest

from dangbo.accounts.models import Role
from dangbo.accounts.tests.test_scope_routes import setup_cases
from dangbo.core.testing import user_with

HREF = re.compile(r'href="([^"]+)"')
MAX_PAGES = 160
SKIP_PREFIXES = ("/static/", "/api/", "/quan-tri/", "/tai-khoan/dang-xuat/")


def links_of(body: str) -> list[str]:
    found = []
    for raw in HREF.findall(body):
        url = urldefrag(html.unescape(raw))[0]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url.startswith("/") or url.startswith(SKIP_PREFIXES):
            continue
        found.append(url)
    return found


def crawl(client) -> tuple[dict[str, int], dict[str, str]]:
    """GET every reachable page once; returns status by url and, for each url, the page that linked it."""
    seen: dict[str, int] = {}
    came_from: dict[str, str] = {"/": "(start)"}
    queue = deque(["/"])
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        targets = []
        if response.status_code in (301, 302):
            targets = [response["Location"]]
        elif response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            targets = links_of(response.content.decode())
        for target in targets:
            if target not in seen and target not in came_from:
                came_from[target] = url
                queue.append(target)
    return seen, came_from


@pytest.fixture
def world(tree):
    victim = tree.member("Phan Văn Bí Mật", org=tree.cell1)
    tree.member("Trần Thị Hoa", org=tree.cell1, gender="F", admitted=dt.date(2016, 2, 3),
                official=dt.date(2017, 2, 3))
    objs = {"org": tree.cell1, "member": victim, "event": victim.events.first(), "users": []}
    setup_cases(tree, objs)
    return objs


ROLES = {
    "inspection": lambda t, w: user_with(Role.INSPECTION, org=t.district),
    "member": lambda t, w: user_with(Role.MEMBER, member=w["member"]),
    "cell_secretary": lambda t, w: user_with(Role.CELL_SECRETARY, org=t.cell1),
    "commune_commission": lambda t, w: user_with(Role.ORG_COMMISSION, org=t.commune),
}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_link_shown_to_a_role_opens_for_it(client, tree, world, role):
    client.force_login(ROLES[role](tree, world))
    seen, came_from = crawl(client)
    assert len(seen) > 5, seen  # the crawl really went somewhere
    broken = {url: (status, came_from[url]) for url, status in seen.items() if status in (403, 404, 405, 500)}
    assert not broken, f"{role}: links shown that end in an error (url: status, linked from): {broken}"
