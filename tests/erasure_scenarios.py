"""A household whose personal data is later forgotten, a household that is kept, and a way to search a whole store.

The forgotten household's names and notes are unique strings, so finding any
of them anywhere in the database (or in an export) means erasure missed a copy.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
import sqlalchemy as sa

from domain.application import Kasane
from domain.commands import CloseCase, RecordConsultation
from domain.household import Member
from domain.master_data_commands import RegisterUser
from domain.meeting_commands import RecordMeetingOutcome, ScheduleMeeting
from domain.meeting_record import ActionItem, Attendee, CaseDiscussion
from projections.engine.catalogue import ReadModels
from tests.builders import ADMIN, COORDINATOR, given_open_case
from tests.plan_scenarios import consult, given_city_with_plan, household
from web.storage.erasure import scrub
from web.storage.keystore import SCHEMA
from web.storage.settings import Settings

HOUSEHOLD = "忘却試験家"
PRINCIPAL = "高橋 美咲"
KANA = "タカハシ ミサキ"
BIRTH_DATE = date(1937, 2, 13)
SUMMARY = "高橋美咲さんの家賃滞納の相談"
CONSULTATION = "美咲さんの年金受給について再相談"
DECISIONS = "高橋美咲さんの支援方針を共有"
ACTION = "美咲さん宅へ同行訪問"
PERSONAL = (HOUSEHOLD, PRINCIPAL, KANA, SUMMARY, CONSULTATION, DECISIONS, ACTION, BIRTH_DATE.isoformat())
KEPT = "山田家"
ADMIN_USER = "tanaka"


class Story:
    """FY2023: two households consult, a 支援会議 takes both up; the first household is later forgotten."""

    def __init__(self, app: Kasane) -> None:
        self._two_households(app)
        self._the_support_meeting(app)
        self._closure(app)

    def _two_households(self, app: Kasane) -> None:
        """The city and its plan, the administrator, and the households: the one to forget consults, as does 山田家."""
        given_city_with_plan(app)
        app.execute(
            RegisterUser(actor=ADMIN, username=ADMIN_USER, name="田中 管理者", role="admin", agency="fukushi-seisaku")
        )
        principal = Member(
            member_id=uuid.uuid4(), name=PRINCIPAL, kana=KANA, birth_date=BIRTH_DATE, relationship="principal"
        )
        self.forgotten = given_open_case(
            app, opened_on=date(2023, 5, 10), household_name=HOUSEHOLD, members=(principal,), summary=SUMMARY
        )
        self.kept = household(app, KEPT, date(2023, 6, 1))
        app.execute(
            RecordConsultation(
                actor=COORDINATOR,
                case_id=self.forgotten,
                entry_id=uuid.uuid4(),
                occurred_on=date(2023, 7, 3),
                agency="fukushi-soudan",
                channel="phone",
                handler_role="consultation_staff",
                requester_type="self",
                is_new=False,
                issue_tags=("poverty",),
                summary=CONSULTATION,
            )
        )
        consult(app, self.kept, date(2023, 7, 4), "kept-1")

    def _the_support_meeting(self, app: Kasane) -> None:
        """A 支援会議 that takes up both households, with an action item about the one to forget."""
        self.meeting = uuid.uuid4()
        app.execute(
            ScheduleMeeting(
                actor=COORDINATOR,
                meeting_id=self.meeting,
                meeting_type="support",
                title="7月 支援会議",
                scheduled_on=date(2023, 7, 20),
                convenor_agency="fukushi-soudan",
            )
        )
        app.execute(
            RecordMeetingOutcome(
                actor=COORDINATOR,
                meeting_id=self.meeting,
                held_on=date(2023, 7, 20),
                attendees=(Attendee(agency="fukushi-soudan"), Attendee(agency="shakyo")),
                discussions=(
                    CaseDiscussion(case_id=self.forgotten, outcome="roles_allocated", decisions=DECISIONS),
                    CaseDiscussion(case_id=self.kept, outcome="roles_allocated", decisions="山田家の方針"),
                ),
                action_items=(
                    ActionItem(
                        item_id=uuid.uuid4(),
                        description=ACTION,
                        owner_agency="shakyo",
                        due_on=date(2023, 8, 1),
                        case_id=self.forgotten,
                    ),
                ),
                summary="2世帯を検討",
            )
        )

    def _closure(self, app: Kasane) -> None:
        """The household to forget is closed (終結) in September."""
        app.execute(
            CloseCase(
                actor=COORDINATOR,
                case_id=self.forgotten,
                reason="resolved",
                occurred_on=date(2023, 9, 29),
                note="高橋美咲さん転居のため終結",
            )
        )


def found(haystack: bytes, needle: str) -> bool:
    """``needle`` as UTF-8, or as JSON writes it with non-ASCII escaped (as SQLAlchemy stores JSON columns)."""
    escaped = json.dumps(needle).strip('"').encode("ascii")
    return needle.encode("utf-8") in haystack or escaped in haystack or escaped.lower() in haystack


def personal_data_found(haystack: bytes) -> list[str]:
    return [text for text in PERSONAL if found(haystack, text)]


def whole_store(settings: Settings, read_models: ReadModels) -> bytes:
    """Everything the store holds: SQLite's files byte for byte, or every row of every PostgreSQL table as text.

    The key store is included either way.
    """
    path = settings.sqlite_path()
    if path is not None:
        scrub(read_models.engine)
        keys = Path(settings.resolved_keys_url().removeprefix("sqlite:///"))
        files = [path, Path(f"{path}-wal"), keys, Path(f"{keys}-journal")]
        return b"".join(f.read_bytes() for f in files if f.exists())
    return _postgres_rows(settings.database_url, ("public", SCHEMA))


def events_table(read_models: ReadModels) -> bytes:
    """The stored events, raw."""
    with read_models.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT topic, state FROM kasane_events")).all()
    return b"".join(row.topic.encode() + bytes(row.state) for row in rows)


def _postgres_rows(url: str, schemas: tuple[str, ...]) -> bytes:
    """Every value of every row: bytes as stored, everything else as its text (JSON decoded, so unescaped)."""
    engine = sa.create_engine(url)
    chunks: list[bytes] = []
    try:
        with engine.connect() as connection:
            tables = connection.execute(
                sa.text("SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY(:schemas)"),
                {"schemas": list(schemas)},
            ).all()
            for schema, table in tables:
                for row in connection.execute(sa.text(f'SELECT * FROM "{schema}"."{table}"')):
                    chunks.extend(bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode() for v in row)
    finally:
        engine.dispose()
    return b"\n".join(chunks)


def key_row(settings: Settings, case_id: UUID) -> tuple[object, ...] | None:
    from web.storage.keystore import case_keys, key_store_engine

    engine = key_store_engine(settings.resolved_keys_url())
    try:
        with engine.connect() as connection:
            row = connection.execute(sa.select(case_keys).where(case_keys.c.case_id == case_id)).first()
    finally:
        engine.dispose()
    return None if row is None else tuple(row)


# ---- fixtures shared by the erasure tests (imported by name into their modules) ----


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """On PostgreSQL the key store is a schema of its own in the same server, emptied for each test."""
    if database_url.startswith("sqlite"):
        return Settings(database_url=database_url)
    engine = sa.create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    engine.dispose()
    return Settings(database_url=database_url, keys_url=database_url, master_key_file=tmp_path / "master.key")


@pytest.fixture
def story(app: Kasane, read_models: ReadModels) -> Story:
    told = Story(app)
    read_models.catch_up()
    return told
