"""Request dependencies, as ``Annotated`` aliases routes declare.

The acting user comes from ONE place: the session the guard
(``web.access.guard.guard``, run before every route) found for the request's cookie.
There is no other way to name a user: no header, no query parameter.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import tzinfo
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Connection
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from domain.actor import Actor
from domain.application import Kasane
from domain.commands import Command
from domain.use_cases import Recorded
from projections.engine.catalogue import ReadModels
from projections.engine.reads import reading
from web.access.command_scope import check_cases_named
from web.access.errors import NotAuthenticated
from web.i18n.language import Translator, choose_language
from web.views.names import MasterDataCache, Names, Records, load_records

LANG_COOKIE = "kasane_lang"


@dataclass(frozen=True)
class ActingUser:
    username: str
    name: str
    role: str
    agency: str

    @property
    def actor(self) -> Actor:
        return Actor(user_id=self.username, role=self.role, agency_id=self.agency)

    @property
    def case_scope(self) -> tuple[str, str]:
        """(agency, username): whose cases this user may see (``projections.cases.scope``)."""
        return (self.agency, self.username)


# Dependencies that only read the request or the app's state are ``async def``: FastAPI runs them on the event
# loop, where a plain ``def`` is handed to its thread pool and back, a thread hop of about 0.2 ms of CPU per
# dependency per request (a case page had nine). Those that touch a database stay plain ``def``s.


async def get_kasane(request: Request) -> Kasane:
    return request.app.state.kasane


def get_read_models(request: Request) -> ReadModels:
    return request.app.state.read_models


class RequestReads:
    """The request's one connection to the read models, opened by the first that needs it, after catching up the
    read models pages read.

    Catching up first makes pages show what other processes recorded (the CLI, another server); when nothing is
    new it costs a few small queries. The report read models are left to ``report_connection`` and the projector
    (``Projection.read_on_pages``); what this catch-up found is kept on ``request.state.caught_up`` for the former.
    The catch-up reads on the same connection, and on PostgreSQL it reads in autocommit
    (``projections.engine.reads``): each statement is its own snapshot, as it was in a READ COMMITTED transaction,
    without the transaction's BEGIN and ROLLBACK, and the statements psycopg prepared on it stay prepared (a
    ROLLBACK made it forget them). A request's connection only reads; a route that writes does it through a command.

    It is opened in the thread of whoever asks first (``open``: the guard, for every page behind a login), not in
    a thread-pool round trip of its own: each costs the event loop and the pool a wake-up (``CASE_PAGE_HOPS`` in
    ``tests/integration/web/test_master_data_cache.py``).
    """

    def __init__(self, request: Request) -> None:
        self._request = request
        self.connection: Connection | None = None

    def open(self) -> Connection:
        """The connection, opened and the read models caught up on first use (blocking: call it off the loop)."""
        if self.connection is None:
            read_models = get_read_models(self._request)
            connection = reading(read_models.engine)
            try:
                self._request.state.caught_up = read_models.catch_up_pages_seen(connection)
            except BaseException:
                connection.close()
                raise
            self.connection = connection
        return self.connection

    def close(self) -> None:
        """Give the connection back to the pool. Done on the event loop: nothing goes to the database, since no
        transaction is left open on it (SQLite's driver began none for reads, and on PostgreSQL it is in
        autocommit; psycopg's rollback of an idle connection sends nothing)."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None


async def request_reads(request: Request) -> AsyncIterator[RequestReads]:
    """The request's ``RequestReads``, closed when the request is done."""
    reads = RequestReads(request)
    try:
        yield reads
    finally:
        reads.close()


RequestReadsDep = Annotated[RequestReads, Depends(request_reads)]


async def read_connection(reads: RequestReadsDep) -> Connection:
    """The request's read connection: the one the guard opened, else opened now (a public page's)."""
    if reads.connection is not None:
        return reads.connection
    return await run_in_threadpool(reads.open)


KasaneDep = Annotated[Kasane, Depends(get_kasane)]
ReadModelsDep = Annotated[ReadModels, Depends(get_read_models)]
ReadDep = Annotated[Connection, Depends(read_connection)]


def report_connection(request: Request, connection: ReadDep) -> Connection:
    """The request's read connection, after catching up EVERY read model: for the routes that read the reports'.

    The pages of every day skip the report read models (``Projection.read_on_pages``); a route reading one takes
    this instead, so its figures include everything recorded before the request (the user's own writes too). They
    are brought to the head the pages' catch-up of this request found, without asking for it again.
    """
    if get_read_models(request).catch_up_rest(request.state.caught_up):
        connection.rollback()  # a fresh snapshot, which sees what was just committed
    return connection


ReportReadDep = Annotated[Connection, Depends(report_connection)]


def readers_translator(request: Request) -> Translator:
    """The reader's language (query, then cookie), kept on the request for the templates and the error pages."""
    lang = choose_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))
    t = Translator(lang, request.app.state.catalogs[lang])
    request.state.t = t
    return t


async def translator(request: Request) -> Translator:
    return readers_translator(request)


TranslatorDep = Annotated[Translator, Depends(translator)]


def master_records(request: Request, connection: Connection) -> Records:
    """The directory's records (agencies, areas, users, meeting types) from the process's cache, for the position
    the read models were caught up to on ``connection``; reloaded (one query) only after the log has moved on
    (``web.views.names.MasterDataCache``). Blocking when it loads: call it off the loop, or see ``master_data``."""
    cache: MasterDataCache | None = getattr(request.app.state, "master_data", None)
    if cache is None:
        return load_records(connection)
    position = get_read_models(request).caught_up_to
    current = cache.current(position)
    return current if current is not None else cache.records(connection, position)


async def master_data(request: Request, connection: ReadDep) -> Records:
    """``master_records`` for a route. The cache is asked on the event loop, and only a load goes to the thread
    pool: every page needs the records, and a hop costs more than the lookup."""
    cache: MasterDataCache | None = getattr(request.app.state, "master_data", None)
    current = cache.current(get_read_models(request).caught_up_to) if cache is not None else None
    if current is not None:
        return current
    return await run_in_threadpool(master_records, request, connection)


MasterDataDep = Annotated[Records, Depends(master_data)]


async def names(request: Request, records: MasterDataDep, t: TranslatorDep) -> Names:
    request.state.names = Names(t, records)
    return request.state.names


NamesDep = Annotated[Names, Depends(names)]


async def acting_user(request: Request, _: NamesDep) -> ActingUser:
    """The logged-in user, as the guard found them (a route outside the guard's reach has none)."""
    user: ActingUser | None = getattr(request.state, "user", None)
    if user is None:
        raise NotAuthenticated("please log in")
    return user


CurrentUser = Annotated[ActingUser, Depends(acting_user)]


async def current_actor(user: CurrentUser) -> Actor:
    return user.actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


def executor(
    request: Request, kasane: KasaneDep, read_models: ReadModelsDep, connection: ReadDep
) -> Callable[[Command], Recorded]:
    """Run a command, then bring the read models up to it, so the page rendered next shows it.

    The id it acted on joins the request's audit entry (a new case has no id in the path). A meeting
    command naming a case out of the user's scope is refused first (``web.access.command_scope``).
    """

    def execute(command: Command) -> Recorded:
        check_cases_named(request, connection, command)
        recorded = kasane.execute(command)
        audit = getattr(request.state, "audit", None)
        if audit is not None:
            audit.case_ids.append(str(recorded.id))
        read_models.catch_up_pages()
        connection.rollback()  # start a fresh snapshot for the reads that follow
        return recorded

    return execute


Execute = Annotated[Callable[[Command], Recorded], Depends(executor)]


async def form_data(request: Request) -> AsyncIterator[FormData]:
    """The submitted form (read asynchronously, so that routes can stay plain ``def``s).

    Uploaded parts nobody asked for are closed after the response (no temporary file is left open).
    """
    form = await request.form()
    try:
        yield form
    finally:
        await form.close()


FormDep = Annotated[FormData, Depends(form_data)]


async def suppression_k(request: Request) -> int:
    """The k of small-number suppression for what leaves the building (``KASANE_SUPPRESSION_K``)."""
    return int(request.app.state.settings.suppression_k)


SuppressionK = Annotated[int, Depends(suppression_k)]


async def business_zone(request: Request) -> tzinfo:
    """The zone of business dates, and of moments typed without an offset (``KASANE_TIMEZONE``)."""
    return request.app.state.settings.clock().zone


ZoneDep = Annotated[tzinfo, Depends(business_zone)]
