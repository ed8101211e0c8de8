"""Refresh docs/screenshots/org-page.png: the demo district's org page, as the organization commission sees it.

Run with the project's virtualenv: .venv/bin/python scripts/screenshot.py
"""

import os
import pathlib
import socket
import sys
import threading

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from waitress.server import create_server  # noqa: E402

from dangbo.core import browser  # noqa: E402
from dangbo.demo.users import demo_district  # noqa: E402
from dangbo.wsgi import application  # noqa: E402


def main():
    call_command("migrate", verbosity=0)
    call_command("demo_setup")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = create_server(application, host="127.0.0.1", port=port)
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{port}"
    out = ROOT / "docs" / "screenshots" / "org-page.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        chromium = browser.launch(p)
        page = chromium.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page.goto(url + "/tai-khoan/dang-nhap/")
        page.fill("#id_username", "bantochuc")
        page.fill("#id_password", "dangbo-bantochuc")
        page.click("main button[type=submit]")
        page.goto(f"{url}/to-chuc/{demo_district().pk}/")
        page.screenshot(path=str(out), full_page=False)
        chromium.close()
    server.close()
    print(out)


if __name__ == "__main__":
    main()
