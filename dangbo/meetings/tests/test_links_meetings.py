"""Every link of the meeting pages opens for the role it is shown to (the site-wide crawl of
accounts/tests/test_links_by_role.py stops at 160 pages, before most of these): each role starts from its org or
member page and follows every link under /sinh-hoat/."""

from collections import deque

import pytest
from django.urls import reverse

from dangbo.accounts.models import Role
from dangbo.accounts.tests.test_links_by_role import links_of
from dangbo.core.testing import user_with
from dangbo.meetings.tests import scope_cases_oversight, scope_cases_work

pytestmark = pytest.mark.django_db
MAX_PAGES = 120


@pytest.fixture
def world(tree):
    victim = tree.member("Phan Văn Bí Mật", org=tree.cell1)
    objs = {"org": tree.cell1, "member": victim}
    scope_cases_oversight.setup(tree, objs)
    scope_cases_work.setup(tree, objs)
    return objs


def crawl(client, starts):
    seen, came_from = {}, dict.fromkeys(starts, "(start)")
    queue = deque(starts)
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            for target in links_of(response.content.decode()):
                if target.startswith("/sinh-hoat/") and target not in came_from:
                    came_from[target] = url
                    queue.append(target)
    return seen, came_from


ROLES = {
    "inspection": (lambda t, w: user_with(Role.INSPECTION, org=t.district), ["district", "commune", "cell1"]),
    "member": (lambda t, w: user_with(Role.MEMBER, member=w["member"]), []),
    "cell_secretary": (lambda t, w: user_with(Role.CELL_SECRETARY, org=t.cell1), ["cell1"]),
    "commune_commission": (lambda t, w: user_with(Role.ORG_COMMISSION, org=t.commune), ["commune", "cell1"]),
    "province_commission": (lambda t, w: user_with(Role.ORG_COMMISSION, org=t.province),
                            ["province", "district", "agency"]),
}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_meeting_link_shown_to_a_role_opens_for_it(client, tree, world, role):
    make, orgs = ROLES[role]
    client.force_login(make(tree, world))
    starts = [reverse("orgs:detail", kwargs={"pk": getattr(tree, o).pk}) for o in orgs]
    starts.append(reverse("members:detail", kwargs={"pk": world["member"].pk}))
    seen, came_from = crawl(client, starts)
    meeting_pages = [u for u in seen if u.startswith("/sinh-hoat/")]
    assert len(meeting_pages) >= 2, seen
    broken = {u: (s, came_from[u]) for u, s in seen.items() if s in (403, 404, 405, 500)}
    assert not broken, f"{role}: links shown that end in an error (url: status, linked from): {broken}"
