"""Guards of the house conventions (STYLE.md): writes only in services, rules never touch the database."""

import ast
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
WRITE_CALLS = {"save", "create", "bulk_create", "update", "delete", "update_or_create", "get_or_create",
               "bulk_update", "add_root", "add_child", "move", "set"}
# Receivers that are files being built (openpyxl, python-docx) or file storage (uploads kept between two
# requests), not database rows.
FILE_OBJECTS = {"wb", "workbook", "doc", "document", "default_storage"}
# Where writes are allowed: services, the audit door, migrations, reference-data loading, demo factories, tests.
ALLOWED = ("services.py", "/services/", "audit.py", "reference.py", "/migrations/", "/tests/", "testing.py", "/demo/",
           "/management/", "/bench/", "conftest.py")


def python_files():
    return [p for p in ROOT.rglob("*.py") if ".venv" not in p.parts]


def write_calls(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITE_CALLS:
            chain = ast.unparse(node.func.value)
            if chain in FILE_OBJECTS:
                continue
            # ".objects.<write>" or "<instance>.save()" / ".delete()"
            if ".objects" in chain or chain.endswith("objects") or node.func.attr in {"save", "delete"}:
                yield node.lineno, ast.unparse(node)[:80]


def test_writes_only_in_services():
    offenders = [
        f"{p.relative_to(ROOT)}:{line}: {code}"
        for p in python_files() if not any(a in str(p) for a in ALLOWED)
        for line, code in write_calls(p)
    ]
    assert offenders == []


@pytest.mark.parametrize("path", sorted(str(p) for pattern in ("rules.py", "rules/*.py")
                                         for p in (ROOT / "dangbo").rglob(pattern)))
def test_rules_are_pure(path):
    source = pathlib.Path(path).read_text(encoding="utf-8")
    for forbidden in ("django.db", ".objects", "timezone.now", "date.today", "datetime.now", "request"):
        assert forbidden not in source, f"{path} uses {forbidden}"


def test_every_app_with_models_has_the_same_rooms():
    for models in (ROOT / "dangbo").glob("*/models.py"):
        app = models.parent
        if not any(ast.walk(ast.parse(models.read_text()))):
            continue
        has_models = "models.Model" in models.read_text() or "MP_Node" in models.read_text()
        if not has_models:
            continue
        for room in ("selectors.py", "tests"):
            package = app / room.removesuffix(".py")  # a grown app keeps the room as a subpackage
            assert (app / room).exists() or package.is_dir(), f"{app.name} has no {room}"


def test_no_import_hidden_in_a_function_to_dodge_a_cycle():
    """An import of another dangbo module inside a function hides a cycle: the code that needs both sides belongs
    one level up (as ``dangbo.structure`` does for orgs and members). App start-up (``apps.py``) and the test
    world builder are the exceptions."""
    hidden = []
    for path in (ROOT / "dangbo").rglob("*.py"):
        if {"tests", "migrations"} & set(path.parts) or path.name in ("apps.py", "testing.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("dangbo"):
                        hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}: from {inner.module}")
    assert hidden == []


def test_ids_in_urls_and_form_values_are_never_localised():
    """USE_THOUSAND_SEPARATOR writes id 4321 as "4.321": in a link or a form value that is another (or no) id.
    An id written into an attribute goes through ``unlocalize`` (or sits inside ``{% localize off %}``)."""
    attribute_with_id = re.compile(r'(?:value|href|action|data-[a-z-]+|hx-[a-z]+)="[^"]*\{\{ ?[\w.]+(?:\.pk|_id|\.id) ?\}\}')
    offenders = []
    for path in (ROOT / "dangbo" / "templates").rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        if "{% localize off %}" in source:
            continue
        offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in attribute_with_id.finditer(source)]
    assert offenders == []
