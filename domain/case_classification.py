"""What a case is about and who holds it: issue tags, area, coordinator, lead and involved agencies."""

from __future__ import annotations

from datetime import date

from domain.actor import Actor
from domain.case_state import CaseEvent, CaseState
from domain.errors import AlreadyExists, InvalidInput, NotFound
from domain.issue_tags import IssueTag
from domain.validation import check_choices, check_text


class Classification(CaseState):
    class IssuesTagged(CaseEvent):
        issue_tags: tuple[str, ...]

        def apply(self, aggregate: CaseState) -> None:
            aggregate.issue_tags = tuple(self.issue_tags)

    class AreaChanged(CaseEvent):
        area: str

        def apply(self, aggregate: CaseState) -> None:
            aggregate.area = self.area

    class Assigned(CaseEvent):
        """A coordinator and lead agency took the case (the old lead stays involved), and why.

        Version 2 carries the ``reason`` of a reassignment (decision 10); events
        recorded before it had none and read as an empty reason.
        """

        class_version = 2
        coordinator: str
        lead_agency: str
        reason: str = ""

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            state["reason"] = ""

        def apply(self, aggregate: CaseState) -> None:
            if aggregate.involved_agencies.get(aggregate.lead_agency) == "lead":
                aggregate.involved_agencies[aggregate.lead_agency] = "involved"
            aggregate.coordinator = self.coordinator
            aggregate.lead_agency = self.lead_agency
            aggregate.involved_agencies[self.lead_agency] = "lead"

    class AgencyInvolved(CaseEvent):
        agency: str

        def apply(self, aggregate: CaseState) -> None:
            aggregate.involved_agencies[self.agency] = "involved"

    class AgencyReleased(CaseEvent):
        agency: str
        reason: str

        def apply(self, aggregate: CaseState) -> None:
            del aggregate.involved_agencies[self.agency]

    def tag_issues(self, issue_tags: object, *, on: object, actor: Actor, today: date) -> None:
        tags = checked_tags(issue_tags)
        if not tags:
            raise InvalidInput("choose at least one issue", field="issue_tags")
        if set(tags) == set(self.issue_tags):
            raise InvalidInput("the case already has exactly those issues", field="issue_tags")
        self.trigger_event(
            self.IssuesTagged, occurred_on=self._dated(on, "occurred_on", today), actor=actor, issue_tags=tags
        )

    def move_to_area(self, area: str, *, on: object, actor: Actor, today: date) -> None:
        if area == self.area:
            raise InvalidInput("the case is already in that area", field="area")
        self.trigger_event(self.AreaChanged, occurred_on=self._dated(on, "occurred_on", today), actor=actor, area=area)

    def assign(self, *, coordinator: str, lead_agency: str, on: object, actor: Actor, today: date) -> None:
        """Hand the case to a coordinator and lead agency (the old lead stays involved)."""
        if (coordinator, lead_agency) == (self.coordinator, self.lead_agency):
            raise InvalidInput("the case is already assigned that way", field="coordinator")
        self.trigger_event(
            self.Assigned,
            occurred_on=self._dated(on, "occurred_on", today),
            actor=actor,
            coordinator=coordinator,
            lead_agency=lead_agency,
            reason="",
        )

    def reassign(
        self, *, coordinator: str, coordinator_agency: str, reason: object, on: object, actor: Actor, today: date
    ) -> None:
        """Give the case to another coordinator of the lead agency: one step, no acceptance needed (decision 10)."""
        self._check_open()
        self._check_lead_agency(actor)
        if coordinator_agency != self.lead_agency:
            raise InvalidInput(
                "the new coordinator must belong to the lead agency; transfer the case instead", field="coordinator"
            )
        if coordinator == self.coordinator:
            raise InvalidInput("the case is already assigned to that coordinator", field="coordinator")
        self.trigger_event(
            self.Assigned,
            occurred_on=self._dated(on, "occurred_on", today),
            actor=actor,
            coordinator=coordinator,
            lead_agency=self.lead_agency,
            reason=check_text(reason, "reason"),
        )

    def involve_agency(self, agency: str, *, on: object, actor: Actor, today: date) -> None:
        if agency in self.involved_agencies:
            raise AlreadyExists("that agency is already involved", field="agency")
        self.trigger_event(
            self.AgencyInvolved, occurred_on=self._dated(on, "occurred_on", today), actor=actor, agency=agency
        )

    def release_agency(self, agency: str, *, reason: object, on: object, actor: Actor, today: date) -> None:
        if agency == self.lead_agency:
            raise InvalidInput("assign another lead agency before releasing this one", field="agency")
        if agency not in self.involved_agencies:
            raise NotFound("that agency is not involved in the case", field="agency")
        self.trigger_event(
            self.AgencyReleased,
            occurred_on=self._dated(on, "occurred_on", today),
            actor=actor,
            agency=agency,
            reason=check_text(reason, "reason"),
        )


def checked_tags(values: object) -> tuple[str, ...]:
    return tuple(t.value for t in check_choices(values or (), IssueTag, "issue_tags"))
