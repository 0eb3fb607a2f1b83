"""Casework records on an open case: consent, referrals to other agencies, consultations, outreach visits and
the odd correction or voided entry.

Planned after the case's course of support, whose closure date bounds them.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from domain.commands import (
    AnswerReferral,
    CorrectCaseEntry,
    RecordConsent,
    RecordConsultation,
    RecordOutreachVisit,
    SendReferral,
    VoidCaseEntry,
)
from domain.consent import ConsentRecord
from web.demo.city import City, SimulatedCase

REFERRAL_TARGETS = ("jiritsu", "houkatsu-chuo", "kikan-soudan", "hello-work", "kodomo-katei")
OUTREACH_COMPANIONS = ("minsei", "houkatsu-kita", "kikan-soudan")


def plan_consent_and_referrals(city: City, case: SimulatedCase) -> None:
    last = case.closed_on - timedelta(days=1) if case.closed_on else city.today
    if (last - case.opened_on).days < 10:
        return
    if city.rng.random() < 0.65:
        plan_consent(city, case, last)
    target = city.rng.choice(REFERRAL_TARGETS)
    if city.rng.random() < 0.25 and target != case.agency:
        plan_referral(city, case, target, last)


def plan_consent(city: City, case: SimulatedCase, last: date) -> None:
    """Consent to discuss the case at meetings and share its information, asked for early on."""
    decision = city.rng.choice(("given", "given", "given", "refused"))
    day = city.day_between(case.opened_on, min(case.opened_on + timedelta(days=20), last))
    record = ConsentRecord(
        city.new_id(), decision, ("meeting_discussion", "information_sharing"), day, None, "本人", ""
    )
    case.consents.append(record)
    city.add(
        day,
        RecordConsent(
            actor=case.coordinator,
            case_id=case.case_id,
            consent_id=record.consent_id,
            decision=decision,
            scopes=record.scopes,
            decided_on=day,
            given_by="本人",
        ),
    )


def plan_referral(city: City, case: SimulatedCase, target: str, last: date) -> None:
    """A referral (つなぎ) to ``target`` and its answer, mostly accepted."""
    rng = city.rng
    referral_id, sent_on = city.new_id(), city.day_between(case.opened_on, last)
    city.add(
        sent_on,
        SendReferral(
            actor=case.coordinator,
            case_id=case.case_id,
            referral_id=referral_id,
            from_agency=case.agency,
            to_agency=target,
            reason="専門的支援のため",
            sent_on=sent_on,
            via_sheet=rng.random() < 0.7,
        ),
    )
    answered = min(sent_on + timedelta(days=rng.randint(1, 10)), city.today)
    accepted = rng.random() < 0.85
    city.add(
        answered,
        AnswerReferral(
            actor=case.coordinator,
            case_id=case.case_id,
            referral_id=referral_id,
            accepted=accepted,
            answered_on=answered,
            note="" if accepted else "対象外のため",
        ),
    )


def plan_contacts(city: City, case: SimulatedCase) -> None:
    """Consultations from the opening day on, outreach visits for the withdrawn and isolated, then corrections."""
    rng = city.rng
    last = case.closed_on or city.today
    role = "csw" if case.agency == "shakyo" else rng.choice(("consultation_staff", "promotion_officer"))
    entries = [plan_consultation(city, case, index, last, role) for index in range(rng.choice((1, 2, 3, 4, 6, 9, 14)))]
    if "hikikomori" in case.issue_tags or "isolation" in case.issue_tags or rng.random() < 0.2:
        for _ in range(rng.randint(1, 5)):
            plan_outreach_visit(city, case, last, role)
    plan_corrections(city, case, entries)


def plan_consultation(city: City, case: SimulatedCase, index: int, last: date, role: str) -> UUID:
    """The ``index``-th consultation (the first is the intake on the opening day); returns its entry id."""
    rng = city.rng
    entry_id = city.new_id()
    day = city.day_between(case.opened_on, last) if index else case.opened_on
    city.add(
        day,
        RecordConsultation(
            actor=case.coordinator,
            case_id=case.case_id,
            entry_id=entry_id,
            occurred_on=day,
            agency=case.agency,
            channel=rng.choice(("window", "phone", "phone", "visit", "online")),
            handler_role=role,
            requester_type=rng.choice(("self", "family")),
            is_new=index == 0,
            issue_tags=case.issue_tags[:1],
            summary="状況確認と今後の支援について面談",
        ),
    )
    return entry_id


def plan_outreach_visit(city: City, case: SimulatedCase, last: date, role: str) -> None:
    rng = city.rng
    day = city.day_between(case.opened_on, last)
    city.add(
        day,
        RecordOutreachVisit(
            actor=case.coordinator,
            case_id=case.case_id,
            entry_id=city.new_id(),
            occurred_on=day,
            agency=case.agency,
            visit_kind=rng.choice(("home_visit", "home_visit", "accompanied_visit")),
            handler_role=role,
            contact_made=rng.random() < 0.6,
            accompanying_agencies=(rng.choice(OUTREACH_COMPANIONS),),
            note="自宅を訪問し声かけ",
        ),
    )


def plan_corrections(city: City, case: SimulatedCase, entries: list[UUID]) -> None:
    """Now and then the last consultation is voided or corrected."""
    if len(entries) < 2 or city.rng.random() > 0.06:
        return
    # The step list is date-sorted later; correct on the last day so the entry exists by then.
    day = case.closed_on or city.today
    if city.rng.random() < 0.5:
        city.add(
            day,
            VoidCaseEntry(
                actor=case.coordinator,
                case_id=case.case_id,
                entry_id=entries[-1],
                reason="重複して登録したため取消",
                occurred_on=day,
            ),
        )
    else:
        city.add(
            day,
            CorrectCaseEntry(
                actor=case.coordinator,
                case_id=case.case_id,
                entry_id=entries[-1],
                changes={"summary": "電話で状況を確認"},
                reason="記録内容の誤りを訂正",
                occurred_on=day,
            ),
        )
