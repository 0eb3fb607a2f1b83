"""Fixtures: a Kasane application on a real SQLite file and on real PostgreSQL.

PostgreSQL tests never skip: if the server named by KASANE_TEST_POSTGRES_URL
cannot be reached, they fail, so a green run always means both stores passed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypedDict, TypeVar

import pytest
import sqlalchemy as sa

from domain.application import Kasane
from projections.engine.catalogue import ReadModels
from tests.builders import TODAY, given_standard_setup
from tests.compiled_statements import share_compiled_statements
from tests.postgres_baseline import HERE, at_baseline, delete_every_row
from web.storage.bootstrap import build_read_models
from web.storage.databases import create_postgres_database
from web.storage.settings import Settings, eventsourcing_env

T = TypeVar("T")

SERVER_URL = os.environ.get("KASANE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def worker_database(url: str, worker: str | None) -> str:
    """The database of one parallel test worker (``make test`` runs two): ``test`` → ``test_gw0``, ``test_gw1``.

    Every PostgreSQL test empties its database first, so two workers must
    never share one; run alone (no ``-n``), the tests use ``url`` itself.
    """
    if not worker:
        return url
    target = sa.engine.make_url(url)
    return target.set(database=f"{target.database}_{worker}").render_as_string(hide_password=False)


POSTGRES_URL = worker_database(SERVER_URL, os.environ.get("PYTEST_XDIST_WORKER"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "never_started: the PostgreSQL store has tables but no app ever ran on it (no read-model positions)"
    )
    config.addinivalue_line(
        "markers", "own_app: the web fixture builds an app for this test alone (the test adds routes to it)"
    )
    share_compiled_statements()  # every test makes new engines: each would compile the same statements again


def pytest_sessionstart(session: pytest.Session) -> None:
    """Create this worker's database when it is missing (an unreachable server fails each test, later), let its
    commits return before their WAL reaches the disk (``commits_without_waiting_for_the_disk``), and vacuum it."""
    with contextlib.suppress(sa.exc.OperationalError):
        if POSTGRES_URL != SERVER_URL:
            create_postgres_database(POSTGRES_URL)
        commits_without_waiting_for_the_disk(POSTGRES_URL)
        vacuumed(POSTGRES_URL)


def vacuumed(url: str) -> None:
    """VACUUM the test database when a run starts. The server's autovacuum may be off (it is on this machine's), and
    every run's resets (DELETE and COPY of each table) and rebuilds (CREATE and DROP of shadow tables) leave dead rows
    in the tables and the system catalog: 200,000 in ``pg_attribute`` after a few runs, each run slower than the last
    (tests 627 → 653 → 700 s in three CI runs of this evening). Takes a fraction of a second."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("VACUUM"))
    finally:
        engine.dispose()


def commits_without_waiting_for_the_disk(url: str) -> None:
    """``synchronous_commit = off`` for the test database's every session: a commit no longer waits for its WAL's
    flush (1.3–2.9 ms each on this machine's disk, thousands per run, each leaving a core idle). What a transaction
    sees and what it is refused is unchanged; only a crash of the server could lose the last commits, and every
    test empties its database first. The production store keeps the server's setting."""
    target = sa.engine.make_url(url)
    server = sa.create_engine(target, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    try:
        with server.connect() as connection:
            connection.execute(sa.text(f'ALTER DATABASE "{target.database}" SET synchronous_commit = off'))
    finally:
        server.dispose()


class PasswordHashing(TypedDict):
    """The argon2id cost settings, typed so that ``Settings(**FAST_PASSWORD_HASHING)`` is checked field by field."""

    password_time_cost: int
    password_memory_kib: int


FAST_PASSWORD_HASHING = PasswordHashing(password_time_cost=1, password_memory_kib=1024)
"""argon2id at its cheapest, so that logging in many times stays fast; production keeps the standard cost."""


def empty_postgres(url: str) -> None:
    """Remove the rows of every table of the events and read models, with every sequence back at 1: for tests that need
    a store emptier than a fresh one (no read-model positions either), e.g. the target of a restore, which keeps the
    key store's rows."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as connection:
            delete_every_row(connection, HERE)
    except sa.exc.OperationalError as error:
        pytest.fail(f"PostgreSQL at {url} is not reachable ({error.orig}); start it, tests never skip it")
    finally:
        engine.dispose()


def started(url: str) -> None:
    """Start and stop the web app on ``url`` (an empty store), as the tests' own app starts would: every table made,
    every read model at position 0; on PostgreSQL the key store's schema too, which some tests keep beside the events
    (``tests.erasure_scenarios``). The baseline ``fresh`` each PostgreSQL test starts from."""
    from fastapi.testclient import TestClient

    from web.app import create_app
    from web.storage.keystore import key_store_engine
    from web.storage.keystore import metadata as key_tables

    with TestClient(create_app(Settings(database_url=url, **FAST_PASSWORD_HASHING), today=lambda: TODAY)):
        pass
    if url.startswith("postgresql"):
        engine = key_store_engine(url)
        try:
            key_tables.create_all(engine)
        finally:
            engine.dispose()


def fresh_postgres(url: str, name: str = "fresh", build: Callable[[str], None] = started) -> None:
    """The store at ``url`` as ``build`` left an empty one (``tests.postgres_baseline``); fails if it is unreachable."""
    try:
        at_baseline(url, name, build)
    except sa.exc.OperationalError as error:
        pytest.fail(f"PostgreSQL at {url} is not reachable ({error.orig}); start it, tests never skip it")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new SQLite file, or this worker's PostgreSQL database as an app start leaves an empty store (every table,
    every read model at position 0: ``fresh_postgres``); ``never_started`` empties even the positions. A ``web``
    test's database is left for that fixture, which puts its own baseline back (the small city's): putting the
    empty one back first cost every PostgreSQL web test a second round of DELETE and COPY."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kasane.db'}"
    if "web" in request.fixturenames and not request.node.get_closest_marker("never_started"):
        return POSTGRES_URL
    fresh_postgres(POSTGRES_URL)
    if request.node.get_closest_marker("never_started"):
        empty_postgres(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, **FAST_PASSWORD_HASHING)


@pytest.fixture
def app(settings: Settings) -> Iterator[Kasane]:
    application = Kasane(eventsourcing_env(settings), today=lambda: TODAY)
    yield application
    application.close()


@pytest.fixture
def city(app: Kasane) -> Kasane:
    """The application with a small city's master data (``given_standard_setup``: agencies, areas, two coordinators,
    meeting types, audiences), which most integration tests start from; a module that needs another defines its own."""
    given_standard_setup(app)
    return app


@pytest.fixture
def another_process(city: Kasane, settings: Settings) -> Iterator[Kasane]:
    """A second application on the city's store, as another process would open it: nothing of ``city``'s is cached in
    it."""
    other = Kasane(eventsourcing_env(settings), today=lambda: TODAY)
    yield other
    other.close()


@pytest.fixture
def read_models(app: Kasane, settings: Settings) -> Iterator[ReadModels]:
    """The application's read models, with small pages so that tests cross page boundaries."""
    models = build_read_models(settings, app, page_size=7)
    yield models
    models.close()


def sqlite_settings(directory: Path) -> Settings:
    """A store in ``directory``: the events' SQLite file ``kasane.db``, with the key store and master key beside it."""
    return Settings(database_url=f"sqlite:///{directory / 'kasane.db'}", **FAST_PASSWORD_HASHING)


def store_settings(url: str, keys_of: Settings | None = None) -> Settings:
    """A store at ``url``; with ``keys_of``, reading that store's key store and master key (a backup carries the log,
    never the keys: a restore brings its key store along)."""
    if keys_of is None:
        return Settings(database_url=url)
    return Settings(
        database_url=url, keys_url=keys_of.resolved_keys_url(), master_key_file=keys_of.resolved_master_key_file()
    )


SERVED_ONLY = ("suppression_k", "locale_dir", "what_if_dir")
"""Settings that change what the app shows, never what it stores: a store seeded under the defaults stands for a
test's store under other values of these (a plan API test at k=1 starts from the copied small city, as on
PostgreSQL, instead of seeding it again)."""


@dataclass(frozen=True)
class Prepared(Generic[T]):
    """A SQLite store seeded once per run (its directory holds the events, read models, key store and master key);
    ``value`` is what seeding it returned (e.g. a case id). Each test takes a copy, so it still owns its store."""

    directory: Path
    value: T

    def copy(self, directory: Path) -> Settings:
        """Copy the prepared files into ``directory`` (made if missing) and return the settings of that store."""
        shutil.copytree(self.directory, directory, dirs_exist_ok=True)
        return sqlite_settings(directory)

    def fits(self, settings: Settings) -> bool:
        """Whether a copy can stand for ``settings``: the test's default SQLite store, with nothing there yet (settings
        that change only what is served, ``SERVED_ONLY``, may differ)."""
        path = settings.sqlite_path()
        if path is None:
            return False
        default = sqlite_settings(path.parent)
        return (
            path.name == "kasane.db"
            and settings.model_copy(update={name: getattr(default, name) for name in SERVED_ONLY}) == default
            and not any((path.parent / name).exists() for name in ("kasane.db", "keys.db", "master.key"))
        )


def prepared(factory: pytest.TempPathFactory, name: str, build: Callable[[Settings], T]) -> Prepared[T]:
    """The store ``name``, made by ``build`` once per run: whichever test worker asks first makes it while the other
    waits on a lock; it lives beside the workers' own temporary directories, and nothing has it open afterwards."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    home = root / f"prepared-{name}"
    home.mkdir(exist_ok=True)
    with (home / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        store, value_file = home / "store", home / "value.pickle"
        if not value_file.exists():
            shutil.rmtree(store, ignore_errors=True)
            store.mkdir()
            value_file.write_bytes(pickle.dumps(build(sqlite_settings(store))))
        return Prepared(store, pickle.loads(value_file.read_bytes()))
