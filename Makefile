# dangbo — two commands: `make run` and `make test`. Everything else they need is installed here.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test test-python test-postgres lint install browser demo clean serve-prod

$(STAMP): pyproject.toml
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Cần Python ≥ 3.11")'
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e ".[dev]"
	rm -f $(VENV)/.installed-*; touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py demo_setup
	sh scripts/serve.sh $(BIN) $(HOST) $(PORT)

# Production (docs/deploy.md): gunicorn with WORKERS processes and the background worker. migrate/collectstatic
# stay a deploy step of their own: several app servers must not race to migrate.
WORKERS ?=
serve-prod: $(STAMP)
	sh scripts/serve-production.sh $(BIN) $(HOST) $(PORT) $(WORKERS)

# Browser tests drive Debian's Chromium through Playwright, PDF tests read back with poppler's pdftotext;
# both Debian packages are installed once if missing.
browser:
	@sh scripts/install-chromium.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run -v0

# --dist loadfile: a file's tests on one worker, so a module fixture (the demo district, demo_setup: minutes on
# PostgreSQL) is built once, not once per worker. (xdist's loadgroup marks do nothing under pytest 9.)
test-python: $(STAMP) browser
	$(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

test: lint test-python

# The same suite on a real PostgreSQL server on loopback (installs and starts one if needed).
# The API fuzz test (schemathesis, minutes) runs once, in `make test`: it checks the API's answers, not the database.
test-postgres: $(STAMP) browser
	sh scripts/with-postgres.sh $(BIN)/pytest -n 2 --dist loadfile -m "not fuzz" $(PYTEST_ARGS)

demo: $(STAMP)
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py demo_setup

clean:
	rm -rf $(VENV) var
