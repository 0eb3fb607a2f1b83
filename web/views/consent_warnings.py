"""Which planned cases a scheduled meeting could not take up for lack of consent, said by household and case number.

Scheduling a 重層的支援会議 with such a case is allowed (consent may still be
recorded before the day), so this is a warning on the meeting page and in the
API's answer; recording the meeting as held refuses the case. The domain judges
consent on the scheduled day from the case's whole history; names come from the
case list. The message is data for a screen or a JSON body, never for a log.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.engine import Connection

from domain.application import Kasane
from projections.cases import queries
from web.i18n.language import Translator
from web.views.meeting_view import case_number


@dataclass(frozen=True)
class ConsentWarning:
    case_id: UUID
    case_number: str
    household_name: str
    message: str


def consent_warnings(kasane: Kasane, connection: Connection, meeting_id: UUID, t: Translator) -> list[ConsentWarning]:
    """The scheduled meeting's planned cases without consent in force on its day (none once it is held)."""
    warnings = []
    for case_id in kasane.cases_lacking_consent(meeting_id):
        detail = queries.case_detail(connection, case_id)
        household = "" if detail is None else detail.case.household_name
        number = case_number(case_id)
        warnings.append(
            ConsentWarning(
                case_id=case_id,
                case_number=number,
                household_name=household,
                message=str(t("meeting_consent_warning", household=household, number=number)),
            )
        )
    return warnings
