"""Loading a set-up file into a real store (SQLite and PostgreSQL): only the differences, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.actor import Actor
from domain.agency import Agency
from domain.application import Kasane
from domain.setup_file import SetupRefused, parse_setup
from domain.setup_loading import load_setup
from projections import directory
from projections.engine.catalogue import ReadModels
from tests.expectations import refused

ADMIN = Actor(user_id="cli", role="admin", agency_id="")
EXAMPLE = (Path(__file__).parents[2] / "examples" / "setup" / "sakuragaoka.toml").read_text(encoding="utf-8")

SMALL = """\
[[agency]]
code = "fukushi-soudan"
name = "福祉相談課"
kind = "city_department"

[[agency]]
code = "shakyo"
name = "社会福祉協議会"
name_en = "Council of Social Welfare"
kind = "shakyo"

[[area]]
code = "d-ni"
name = "第二地区"
kind = "district"
order = 20

[[area]]
code = "d-ichi"
name = "第一地区"
kind = "district"
order = 10

[[meeting_type]]
code = "support"
name = "支援会議"
requires_consent = false
restricted_records = true

[[staff]]
username = "sato"
name = "佐藤 花子"
role = "coordinator"
agency = "fukushi-soudan"
"""


def events_of(app: Kasane) -> list[str]:
    return [n.topic.rsplit(":", 1)[1] for n in app.recorder.select_notifications(start=1, limit=1000)]


def load(app: Kasane, text: str, *, retire_missing: bool = False) -> list[tuple[str, str, str]]:
    outcome = load_setup(app, parse_setup(text), actor=ADMIN, retire_missing=retire_missing)
    return [(c.section, c.code, c.what) for c in outcome.changes]


def test_loading_the_same_file_twice_records_nothing_the_second_time(app: Kasane) -> None:
    load(app, EXAMPLE)
    written = app.recorder.max_notification_id()
    assert load(app, EXAMPLE) == []
    assert app.recorder.max_notification_id() == written


def test_a_changed_file_records_exactly_its_differences(app: Kasane) -> None:
    load(app, SMALL)
    before = len(events_of(app))
    changed = (
        SMALL.replace('name = "社会福祉協議会"', 'name = "桜ヶ丘市社会福祉協議会"')
        .replace("order = 20", "order = 5")
        .replace('role = "coordinator"', 'role = "supervisor"')
        .replace("requires_consent = false", "requires_consent = true")
        + '\n[[area]]\ncode = "d-san"\nname = "第三地区"\nkind = "district"\norder = 30\n'
    )
    assert load(app, changed) == [
        ("agency", "shakyo", "renamed"),
        ("area", "d-ni", "reordered"),
        ("area", "d-san", "registered"),
        ("meeting_type", "support", "consent_rule"),
        ("staff", "sato", "role"),
    ]
    assert events_of(app)[before:] == [
        "MasterRecord.Renamed",
        "MasterRecord.Reordered",
        "Area.Registered",
        "MasterRecord.Reordered",
        "MeetingType.ConsentRuleSet",
        "User.RoleChanged",
    ]


def test_records_missing_from_the_file_are_listed_and_retired_only_when_asked(app: Kasane) -> None:
    load(app, SMALL)
    without_shakyo = SMALL.replace('code = "shakyo"', 'code = "kenri-yougo"')
    outcome = load_setup(app, parse_setup(without_shakyo), actor=ADMIN)
    assert [(m.section, m.code) for m in outcome.missing] == [("agency", "shakyo")]
    assert app.master(Agency, "shakyo", "code").active
    assert load(app, without_shakyo, retire_missing=True) == [("agency", "shakyo", "retired")]
    assert not app.master(Agency, "shakyo", "code").active


def test_a_file_changing_what_is_fixed_at_registration_writes_nothing(app: Kasane) -> None:
    load(app, SMALL)
    bad = (
        SMALL.replace('name = "福祉相談課"', 'name = "福祉総合相談課"')  # a valid change, also not written
        .replace('kind = "shakyo"', 'kind = "centre"')
        .replace("restricted_records = true", "restricted_records = false")
    )
    written = app.recorder.max_notification_id()
    with pytest.raises(SetupRefused) as caught:
        load(app, bad)
    assert app.recorder.max_notification_id() == written
    assert [(p.line, p.field, p.code) for p in caught.value.problems] == [
        (6, "agency[shakyo].kind", "fixed"),
        (24, "meeting_type[support].restricted_records", "fixed"),
    ]  # their blocks
    assert app.master(Agency, "fukushi-soudan", "code").name == "福祉相談課"


def test_an_invalid_file_writes_nothing_even_into_an_empty_store(app: Kasane) -> None:
    with refused(app, SetupRefused):
        load(app, SMALL + '[[staff]]\nusername = "kimura"\nname = "木村"\nrole = "supervisor"\nagency = "x"\n')
    assert app.recorder.max_notification_id() in (None, 0)


def test_pick_lists_follow_display_order_not_code_order(app: Kasane, read_models: ReadModels) -> None:
    load(app, SMALL)
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        assert [e.name for e in directory.entries(connection, "area")] == ["第一地区", "第二地区"]
