# Kasane: the two set-up commands are `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install postgres lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Run the app on SQLite (./var/kasane.db), loading demo data when the store is empty.
run: $(STAMP)
	$(BIN)/kasane demo --if-empty
	$(BIN)/kasane serve

## Make sure the local PostgreSQL the tests use is up (no-op when it already is).
postgres:
	@pg_isready -h 127.0.0.1 -p 5432 -q || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -1) main start || true

## Run every test against SQLite and PostgreSQL.
test: $(STAMP) postgres
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check domain projections web tests

clean:
	rm -rf $(VENV) var
