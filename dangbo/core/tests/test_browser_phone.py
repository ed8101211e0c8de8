"""Phone-width pages (390 px, an ordinary phone) in headless Chromium: the menu behind one button, the secretary's
review entry page kept compact, and the audit log's filters."""

import datetime as dt
import os

import pytest

from dangbo.accounts.models import Role
from dangbo.core import browser
from dangbo.core.testing import user_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 390, "height": 844}
login = browser.login

FIRST = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nam", "Oanh", "Phúc", "Quang",
         "Sơn", "Tâm", "Uyên", "Vinh", "Xuân", "Yến"]
# The secretary's page for 19 members measured ≈ 10.500 px before the compact phone layout; half is 5.250.
ENTRY_HEIGHT_BOUND = 5000


def test_entry_page_for_19_members_is_compact_on_a_phone(page, live_server, tree):
    from dangbo.reviews import services

    for name in FIRST:
        tree.member(f"Nguyễn Văn {name}", org=tree.cell1)
    services.campaign_open(actor=tree.actor, org=tree.district, year=2024, opens_on=dt.date(2024, 11, 15))
    user_with(Role.CELL_SECRETARY, org=tree.cell1, username="bithu")
    page.set_viewport_size(PHONE)
    login(page, live_server, "bithu")
    page.goto(live_server.url + f"/danh-gia/nam/2024/chi-bo/{tree.cell1.pk}/")
    assert page.locator("#members tbody a.who").count() == 19
    height = page.evaluate("() => document.documentElement.scrollHeight")
    print(f"entry page height at 390 px for 19 members: {height}")
    assert height < ENTRY_HEIGHT_BOUND, height
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 1
    # every control still reachable by its label, and the rows still readable
    select = page.get_by_label("Nguyễn Văn Yến: Đề xuất", exact=True)
    select.scroll_into_view_if_needed()
    assert select.is_visible()
    box = select.bounding_box()
    assert box["width"] >= 80 and box["height"] >= 28
