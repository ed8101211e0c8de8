"""Launching Debian's Chromium through Playwright, the one way the browser tests and the screenshot script do it."""

import os
import shutil

CHROMIUM = os.environ.get("DANGBO_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def available() -> bool:
    return os.path.exists(CHROMIUM) or bool(shutil.which("chromium"))


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def login(page, live_server, username, password="matkhau-123"):  # noqa: S107 - the test users' password
    page.goto(live_server.url + "/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
