"""Production settings: the per-installation secret key, HTTPS mode, the Content-Security-Policy."""

import os
import pathlib
import re
import stat
import subprocess
import sys

import pytest
from django.urls import reverse

from dangbo.core import secrets_file

ROOT = pathlib.Path(__file__).resolve().parents[3]
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'self'; frame-ancestors 'none'; form-action 'self'")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+=", re.I)


def test_secret_key_is_generated_once_private_and_kept(tmp_path):
    key = secrets_file.load_or_create(tmp_path, environ={})
    path = tmp_path / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) >= 50 and key != secrets_file.OLD_DEFAULT
    assert secrets_file.load_or_create(tmp_path, environ={}) == key


def test_secret_key_from_the_environment_writes_no_file(tmp_path):
    assert secrets_file.load_or_create(tmp_path, environ={"DANGBO_SECRET_KEY": "k" * 60}) == "k" * 60
    assert not (tmp_path / "secret_key").exists()


def test_the_old_fixed_key_is_refused(tmp_path):
    (tmp_path / "secret_key").write_text(secrets_file.OLD_DEFAULT)
    with pytest.raises(RuntimeError):
        secrets_file.load_or_create(tmp_path, environ={})
    with pytest.raises(RuntimeError):
        secrets_file.load_or_create(tmp_path, environ={"DANGBO_SECRET_KEY": secrets_file.OLD_DEFAULT})


def test_check_deploy_is_clean_over_https(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.endswith("SECRET_KEY") and k != "DATABASE_URL"}
    env.update(DANGBO_HTTPS="1", DANGBO_DEBUG="0", DANGBO_DATA_DIR=str(tmp_path), DANGBO_ALLOWED_HOSTS="dangbo.example.vn")
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--tag", "security",
                           "--fail-level", "WARNING"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stdout + done.stderr
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def assert_strict(response):
    assert response.status_code == 200
    assert set(response["Content-Security-Policy"].split("; ")) == set(CSP.split("; "))
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html)
    assert not HANDLER.search(html), HANDLER.search(html)
    assert 'style="' not in html and "<style" not in html and "javascript:" not in html


def test_main_pages_send_the_policy_and_carry_nothing_inline(client, tree):
    assert_strict(client.get(reverse("accounts:login")))
    tree.member("Nguyễn Văn An", org=tree.cell1)
    client.force_login(tree.actor)
    for url in (reverse("orgs:tree"), reverse("members:list"), reverse("orgs:detail", args=[tree.cell1.pk])):
        assert_strict(client.get(url))


def test_no_template_carries_an_inline_script_handler_or_style():
    offenders = []
    for path in (ROOT / "dangbo").rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, re.compile(r'style="|<style|javascript:', re.I)):
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []
