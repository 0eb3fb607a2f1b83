"""Changing master data after registration (both stores): each real change is one event; the rest is refused."""

from __future__ import annotations

from domain.application import Kasane
from domain.errors import InvalidInput, NotFound, TransitionNotAllowed
from domain.master_data_commands import (
    ChangeUserRole,
    MoveUserToAgency,
    RegisterUser,
    RenameRecord,
    ReorderRecord,
    RetireRecord,
)
from domain.user import User
from tests.builders import ADMIN, given_open_case
from tests.expectations import refused


def test_renaming_an_agency_records_its_new_japanese_and_english_names(city: Kasane) -> None:
    city.execute(
        RenameRecord(
            actor=ADMIN,
            kind="agency",
            code="fukushi-soudan",
            name="福祉総合相談課",
            name_en="General Welfare Consultation Division",
        )
    )
    agency = city.changeable_record("agency", "fukushi-soudan")
    assert (agency.name, agency.name_en) == ("福祉総合相談課", "General Welfare Consultation Division")
    assert [e.event for e in city.history(agency.id)][-2:] == ["Renamed", "RenamedInEnglish"]
    assert city.history(agency.id)[-1].actor == ADMIN


def test_renaming_to_the_same_name_is_refused_and_writes_nothing(city: Kasane) -> None:
    with refused(city, InvalidInput, field="name"):
        city.execute(RenameRecord(actor=ADMIN, kind="area", code="kita", name="北部圏域"))


def test_an_area_has_no_english_name_to_change(city: Kasane) -> None:
    with refused(city, InvalidInput, field="name_en"):
        city.execute(RenameRecord(actor=ADMIN, kind="area", code="kita", name="北部", name_en="North"))


def test_reordering_records_the_display_order(city: Kasane) -> None:
    city.execute(ReorderRecord(actor=ADMIN, kind="area", code="minami", display_order=1))
    assert city.changeable_record("area", "minami").display_order == 1
    with refused(city, InvalidInput, field="display_order"):
        city.execute(ReorderRecord(actor=ADMIN, kind="area", code="minami", display_order=10_000))


def test_staff_have_no_display_order(city: Kasane) -> None:
    with refused(city, InvalidInput, field="kind"):
        city.execute(ReorderRecord(actor=ADMIN, kind="user", code="sato", display_order=1))


def test_a_coordinator_becomes_a_supervisor_and_moves_to_another_agency(city: Kasane) -> None:
    city.execute(ChangeUserRole(actor=ADMIN, username="suzuki", role="supervisor"))
    city.execute(MoveUserToAgency(actor=ADMIN, username="suzuki", agency="jiritsu"))
    user = city.changeable_record("user", "suzuki")
    assert isinstance(user, User) and (user.role, user.agency) == ("supervisor", "jiritsu")


def test_nobody_is_given_the_system_role_or_a_retired_agency(city: Kasane) -> None:
    with refused(city, InvalidInput, field="role"):
        city.execute(ChangeUserRole(actor=ADMIN, username="suzuki", role="system"))
    city.execute(RetireRecord(actor=ADMIN, kind="agency", code="hello-work", reason="連携終了"))
    with refused(city, InvalidInput, field="agency"):
        city.execute(MoveUserToAgency(actor=ADMIN, username="suzuki", agency="hello-work"))
    with refused(city, NotFound, field="agency"):
        city.execute(MoveUserToAgency(actor=ADMIN, username="suzuki", agency="nowhere"))


def test_a_retired_record_keeps_its_name_and_place(city: Kasane) -> None:
    city.execute(RetireRecord(actor=ADMIN, kind="area", code="chuo", reason="圏域の再編"))
    with refused(city, TransitionNotAllowed, field="code"):
        city.execute(RenameRecord(actor=ADMIN, kind="area", code="chuo", name="中央圏域"))
    with refused(city, TransitionNotAllowed, field="code"):
        city.execute(ReorderRecord(actor=ADMIN, kind="area", code="chuo", display_order=3))


def test_only_an_admin_may_belong_to_no_agency(app: Kasane) -> None:
    """The first admin of an empty store is registered before any agency exists."""
    app.execute(RegisterUser(actor=ADMIN, username="admin", name="システム 管理者", role="admin", agency=""))
    admin = app.changeable_record("user", "admin")
    assert isinstance(admin, User) and admin.agency == ""
    with refused(app, InvalidInput, field="agency"):
        app.execute(RegisterUser(actor=ADMIN, username="sato", name="佐藤 花子", role="coordinator", agency=""))


def test_a_planner_cannot_be_made_a_case_coordinator(city: Kasane) -> None:
    city.execute(RegisterUser(actor=ADMIN, username="hayashi", name="林 誠", role="planner", agency="fukushi-seisaku"))
    with refused(city, InvalidInput, field="coordinator"):
        given_open_case(city, coordinator="hayashi")
