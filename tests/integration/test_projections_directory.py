"""The directory read model: names and pick-lists of agencies, areas, users and meeting types."""

from __future__ import annotations

from domain.agency import Agency
from domain.application import Kasane
from domain.master_data_commands import ChangeUserRole, MoveUserToAgency, RenameRecord, ReorderRecord, RetireRecord
from projections import directory
from projections.engine.catalogue import ReadModels
from tests.builders import ADMIN, TODAY, given_standard_setup
from tests.read_models import table_contents


def test_registered_records_are_listed_with_their_names_roles_and_agencies(
    app: Kasane, read_models: ReadModels
) -> None:
    given_standard_setup(app)
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        sato = directory.entry(connection, "user", "sato")
        agencies = directory.entries(connection, "agency")
        support = directory.entry(connection, "meeting_type", "support")
    assert sato is not None
    assert (sato.name, sato.category, sato.agency) == ("佐藤 花子", "coordinator", "fukushi-soudan")
    assert len(agencies) == 7 and agencies[0].code == "fukushi-seisaku"
    assert support is not None and support.restricted and support.name == "支援会議"


def test_a_renamed_or_retired_record_keeps_its_row_and_leaves_the_pick_list(
    app: Kasane, read_models: ReadModels
) -> None:
    given_standard_setup(app)
    app.execute(RetireRecord(actor=ADMIN, kind="agency", code="hello-work", reason="統合"))
    agency = app.master(Agency, "shakyo", "code")
    agency.rename(name="市社会福祉協議会", on=TODAY, actor=ADMIN)
    app.save(agency)
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        active = [e.code for e in directory.entries(connection, "agency", active_only=True)]
        retired = directory.entry(connection, "agency", "hello-work")
        renamed = directory.entry(connection, "agency", "shakyo")
    assert "hello-work" not in active and retired is not None and not retired.active
    assert renamed is not None and renamed.name == "市社会福祉協議会"


def test_master_data_changes_caught_up_one_by_one_equal_a_rebuild(app: Kasane, read_models: ReadModels) -> None:
    given_standard_setup(app)
    read_models.catch_up()
    for command in (
        ReorderRecord(actor=ADMIN, kind="area", code="chuo", display_order=1),
        RenameRecord(
            actor=ADMIN, kind="agency", code="shakyo", name="市社会福祉協議会", name_en="City Council of Social Welfare"
        ),
        ChangeUserRole(actor=ADMIN, username="suzuki", role="supervisor"),
        MoveUserToAgency(actor=ADMIN, username="suzuki", agency="jiritsu"),
    ):
        app.execute(command)
        read_models.catch_up()
    incremental = table_contents(read_models)
    read_models.rebuild()
    assert table_contents(read_models) == incremental
    with read_models.engine.connect() as connection:
        assert [e.code for e in directory.entries(connection, "area")] == ["kita", "minami", "chuo"]
        suzuki = directory.entry(connection, "user", "suzuki")
        shakyo = directory.entry(connection, "agency", "shakyo")
    assert suzuki is not None and (suzuki.category, suzuki.agency) == ("supervisor", "jiritsu")
    assert shakyo is not None and shakyo.name_en == "City Council of Social Welfare"
