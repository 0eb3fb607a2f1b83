"""The indicator fact table: every countable occurrence, in every version it was ever recorded.

One row per version of a countable occurrence (the ``EVENT_KINDS`` of
``domain.rule``), valid from ``recorded_at`` (the write timestamp of the event
that recorded it) until ``superseded_at`` (the event that voided or corrected
it; NULL while current). So the table answers both "what counts now" and
"what counted as known at moment T", which makes reports reproducible as of
any past moment however many late entries and corrections came after it.

- a void supersedes the version without a replacement; a voided meeting
  supersedes all its facts; a cancelled meeting never produced any;
- a correction supersedes the version and inserts the corrected one, which
  keeps the case context (area, case issue tags) of the version it replaces.

Case facts carry the case's area and issue tags as recorded when the fact
was recorded (the small per-case state kept in ``indicator_fact_cases``).

Besides the ``units`` and ``facts`` documents (what provenance shows), every
row carries the same values in plain columns — one per unit of distinctness
(``unit_case`` …), per filter (``agency`` …, flags as booleans) and the issue
tags as ``|tag|tag|`` text — so that ``projections.indicators.counting`` can count a rule
in one SQL aggregate instead of decoding every row in Python.

The tables are ``fact_tables``; how a page of fact rows is held and what each
kind of occurrence records is ``fact_recording``; this module is the projection.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatchmethod
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.activity import Placement
from domain.anonymous_consultation import AnonymousConsultation
from domain.case import Case
from domain.community import CommunityActivity
from domain.meeting import SupportMeeting
from domain.plan import PlanDefinition
from projections.cases.case_list import ENTRY_FIELDS
from projections.engine.bulk_rows import insert_rows
from projections.engine.catch_up import Projection
from projections.engine.handlers import Handlers
from projections.indicators import fact_summary
from projections.indicators.fact_recording import (
    Page,
    Recording,
    case_context,
    case_facts,
    case_units,
    cases_of,
    ending_key,
    insert_activity,
    insert_ending,
    insert_entry,
    set_case,
)
from projections.indicators.fact_tables import fact_meetings, indicator_facts, metadata, summary_tables


class IndicatorFacts(Projection):
    name = "indicator_facts"
    version = 9
    """3: a voided referral's fact is superseded.
    4: anonymous consultations count as ``case.consultation`` facts without a case (decision 13);
    community activities' participants and contacts, for ``total_of`` rules.
    5: a voided plan version's fact is superseded (it no longer counts as a plan made).
    6: per 延べ rule of the plans, the current facts it matches per month (``fact_summary``), which a report
    "now" reads.
    7: every counted rule of the plans registered; for those counted 実/新規, per unit its months and per year
    the units counted (``unit_summary``), so a report "now" reads its 実/新規 figures from counters.
    8: closures (``case.closed``, 終結件数), placement ends with their outcome (``case.placement_ended``,
    就労者数) and referral answers (``case.referral_answered``), with the ``closure_reason``,
    ``placement_outcome`` and ``accepted`` columns.
    9: community activities' audience (an audience code, issue 16) in the ``audience`` column."""
    metadata = metadata
    read_on_pages = False
    """Only the plan and report pages, the report API and CLI read it, and they catch it up first: a command (and
    every other page) does not wait for the fact rows and per-rule summaries, the costliest writes of a catch-up."""

    def apply(self, event: Any, connection: Connection) -> None:
        raise TypeError("indicator facts record where each fact came from: apply them with apply_notification")

    def apply_notification(self, event: Any, notification_id: int, connection: Connection) -> None:
        self.apply_page(((notification_id, event),), connection)

    def apply_page(self, page: Sequence[tuple[int, Any]], connection: Connection) -> None:
        pending = Page(connection, cases_of(page))
        on = Handlers(self, "_on")
        for notification_id, event in page:
            on(event, Recording(event, notification_id, pending))
        pending.flush()

    @singledispatchmethod
    def _on(self, event: Any, rec: Recording) -> None:
        """Events that count nothing (master data, plans, consents …) pass through."""

    # ---- the plans' rules, for the summary -------------------------------------

    @_on.register(PlanDefinition.Loaded)
    @_on.register(PlanDefinition.Revised)
    def _plan_defined(self, event: Any, rec: Recording) -> None:
        rec.page.flush()
        fact_summary.register(rec.connection, summary_tables, indicator_facts, rec.page.rules, event.plan)

    # ---- case context --------------------------------------------------------

    @_on.register(Case.Opened)
    def _opened(self, event: Any, rec: Recording) -> None:
        tags = list(event.issue_tags)
        rec.page.new_cases.append({"case_id": event.originator_id, "area": event.area, "issue_tags": tags})
        rec.page.contexts[event.originator_id] = {"area": event.area, "issue_tags": list(tags)}
        rec.insert(
            f"case:{event.originator_id}",
            "case.opened",
            event.occurred_on,
            case_units(event),
            {"agency": event.intake_agency, "area": event.area, "issue_tag": tags, "channel": event.channel},
        )

    @_on.register(Case.AreaChanged)
    def _area_changed(self, event: Any, rec: Recording) -> None:
        set_case(rec, event, area=event.area)

    @_on.register(Case.IssuesTagged)
    def _issues_tagged(self, event: Any, rec: Recording) -> None:
        set_case(rec, event, issue_tags=list(event.issue_tags))

    # ---- case activities -----------------------------------------------------

    @_on.register(Case.ConsultationRecorded)
    @_on.register(Case.OutreachVisitRecorded)
    @_on.register(Case.PlacementStarted)
    def _entry_recorded(self, event: Any, rec: Recording) -> None:
        entry = getattr(event, ENTRY_FIELDS[type(event).__name__])
        insert_entry(rec, entry, case_context(rec, event.originator_id))

    @_on.register(Case.EntryVoided)
    def _entry_voided(self, event: Any, rec: Recording) -> None:
        rec.supersede(f"entry:{event.entry_id}", ending_key(event.entry_id))

    @_on.register(Case.EntryCorrected)
    def _entry_corrected(self, event: Any, rec: Recording) -> None:
        """The corrected entry replaces the old one; a placement's end follows what the corrected entry says."""
        entry = event.entry
        ended = rec.supersede(ending_key(entry.entry_id))
        context = rec.supersede(f"entry:{entry.entry_id}")
        insert_entry(rec, entry, context or case_context(rec, event.originator_id))
        if isinstance(entry, Placement) and entry.ended_on is not None and entry.outcome is not None:
            insert_ending(rec, entry.entry_id, entry.ended_on, entry.outcome, ended or context)

    @_on.register(Case.PlacementEnded)
    def _placement_ended(self, event: Any, rec: Recording) -> None:
        insert_ending(rec, event.entry_id, event.occurred_on, event.outcome, None)

    @_on.register(Case.Closed)
    def _closed(self, event: Any, rec: Recording) -> None:
        """終結: each closing counts, a reopened case closed again counting again (its key names the version)."""
        context = case_context(rec, event.originator_id)
        rec.insert(
            f"closed:{event.originator_id}:{event.originator_version}",
            "case.closed",
            event.occurred_on,
            case_units(event),
            {**case_facts(context), "closure_reason": event.reason},
            context,
        )

    @_on.register(Case.PlanMade)
    @_on.register(Case.PlanRevised)
    def _plan_adopted(self, event: Any, rec: Recording) -> None:
        plan = event.plan
        context = case_context(rec, event.originator_id)
        kind = "case.plan_made" if isinstance(event, Case.PlanMade) else "case.plan_revised"
        rec.insert(
            f"plan:{event.originator_id}:{plan.version}",
            kind,
            event.occurred_on,
            case_units(event),
            {**case_facts(context), "plan_type": plan.plan_type},
            context,
        )

    @_on.register(Case.PlanVoided)
    def _plan_voided(self, event: Any, rec: Recording) -> None:
        rec.supersede(f"plan:{event.originator_id}:{event.plan_version}")

    @_on.register(Case.ReferralSent)
    def _referral_sent(self, event: Any, rec: Recording) -> None:
        referral = event.referral
        context = case_context(rec, event.originator_id)
        rec.insert(
            f"referral:{referral.referral_id}",
            "case.referral_sent",
            referral.sent_on,
            case_units(event),
            {
                **case_facts(context),
                "agency": referral.from_agency,
                "to_agency": referral.to_agency,
                "via_sheet": referral.via_sheet,
            },
            context,
        )

    @_on.register(Case.ReferralVoided)
    def _referral_voided(self, event: Any, rec: Recording) -> None:
        keys = [f"referral:{event.referral_id}", f"referral-answer:{event.referral_id}"]
        rec.supersede(*keys)

    @_on.register(Case.ReferralAccepted)
    @_on.register(Case.ReferralDeclined)
    def _referral_answered(self, event: Any, rec: Recording) -> None:
        """つなぎへの回答: counted on the day of the answer, with the referral's agencies and case context."""
        sent = rec.current(f"referral:{event.referral_id}")
        facts = {**sent.facts, "accepted": isinstance(event, Case.ReferralAccepted)}
        del facts["via_sheet"]
        key = f"referral-answer:{event.referral_id}"
        rec.insert(key, "case.referral_answered", event.occurred_on, case_units(event), facts, sent.context)

    @_on.register(Case.ReferralAnswerVoided)
    def _referral_answer_voided(self, event: Any, rec: Recording) -> None:
        rec.supersede(f"referral-answer:{event.referral_id}")

    @_on.register(Case.DiscussionWithdrawn)
    def _discussion_withdrawn(self, event: Any, rec: Recording) -> None:
        rec.supersede(f"meeting:{event.meeting_id}:case:{event.originator_id}")

    # ---- meetings ------------------------------------------------------------

    @_on.register(SupportMeeting.Scheduled)
    def _scheduled(self, event: Any, rec: Recording) -> None:
        row = {"meeting_id": event.originator_id, "meeting_type": event.meeting_type, "convenor": event.convenor_agency}
        insert_rows(rec.connection, fact_meetings, [row])

    @_on.register(SupportMeeting.Held)
    def _held(self, event: Any, rec: Recording) -> None:
        meeting_id = event.originator_id
        meeting = rec.connection.execute(_MEETING, {"m_id": meeting_id}).one()
        common = {"meeting_type": meeting.meeting_type, "is_trial": event.is_trial}
        key = f"meeting:{meeting_id}"
        rec.insert(
            key, "meeting.held", event.occurred_on, {"meeting": str(meeting_id)}, {**common, "agency": meeting.convenor}
        )
        for agency in dict.fromkeys(a.agency for a in event.attendees):
            rec.insert(
                f"{key}:agency:{agency}",
                "meeting.attendance",
                event.occurred_on,
                {"agency": agency, "meeting": str(meeting_id)},
                {**common, "agency": agency},
            )
        for discussion in event.discussions:
            context = case_context(rec, discussion.case_id)
            rec.insert(
                f"{key}:case:{discussion.case_id}",
                "meeting.case_discussed",
                event.occurred_on,
                {"case": str(discussion.case_id), "meeting": str(meeting_id)},
                {**common, **case_facts(context)},
                context,
            )

    @_on.register(SupportMeeting.Voided)
    def _meeting_voided(self, event: Any, rec: Recording) -> None:
        rec.supersede(source=event.originator_id)

    # ---- community activities ------------------------------------------------

    @_on.register(CommunityActivity.Recorded)
    def _activity_recorded(self, event: Any, rec: Recording) -> None:
        insert_activity(rec, event.details)

    @_on.register(CommunityActivity.Corrected)
    def _activity_corrected(self, event: Any, rec: Recording) -> None:
        rec.supersede(f"activity:{event.originator_id}")
        insert_activity(rec, event.details)

    @_on.register(CommunityActivity.Voided)
    def _activity_voided(self, event: Any, rec: Recording) -> None:
        rec.supersede(f"activity:{event.originator_id}")

    @_on.register(AnonymousConsultation.Recorded)
    def _anonymous_consultation(self, event: Any, rec: Recording) -> None:
        """A consultation without a case (decision 13): counted 延べ by every consultation rule, no case unit."""
        rec.insert(
            f"anonymous:{event.originator_id}",
            "case.consultation",
            event.occurred_on,
            {},
            {
                "agency": event.agency,
                "channel": event.channel,
                "handler_role": event.handler_role,
                "issue_tag": list(event.issue_tags),
            },
        )


_MEETING = sa.select(fact_meetings).where(fact_meetings.c.meeting_id == sa.bindparam("m_id", type_=sa.Uuid))
"""A held meeting's type and convenor (built once: every meeting held asks)."""
