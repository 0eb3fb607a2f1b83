"""Households and their intake: the family drawn from the name pools and the case opened for it.

Opening a case is where each household's story starts; its course of support and casework follow from here.
"""

from __future__ import annotations

from datetime import date, timedelta

from domain.commands import OpenCase
from domain.household import Member
from web.demo import data
from web.demo.casework import plan_consent_and_referrals, plan_contacts
from web.demo.city import COORDINATORS, City, SimulatedCase
from web.demo.support import plan_lifecycle


def plan_case(city: City) -> None:
    """One household: the case opened for it, then its course of support, consent, referrals and contacts."""
    rng = city.rng
    opened_on = city.day_between(city.start, city.today - timedelta(days=3))
    username = rng.choice(COORDINATORS)[0]
    coordinator = city.actor_for(username)
    tags = tuple(dict.fromkeys(rng.sample(list(data.SUMMARIES), k=rng.choice((1, 1, 2, 2, 3)))))
    name, members = household(city, tags, opened_on)
    case = SimulatedCase(city.new_id(), opened_on, coordinator.agency_id, coordinator, tags)
    city.cases.append(case)
    area = rng.choice(data.DAILY_LIFE_AREAS)[0]
    city.add(
        opened_on,
        OpenCase(
            actor=coordinator,
            case_id=case.case_id,
            opened_on=opened_on,
            household_name=name,
            members=members,
            issue_tags=tags,
            area=area,
            intake_agency=coordinator.agency_id,
            lead_agency=coordinator.agency_id,
            coordinator=username,
            channel=rng.choice(("window", "window", "phone", "visit", "web_booking")),
            requester_type=rng.choice(("self", "family", "family", "agency", "welfare_commissioner")),
            summary=data.SUMMARIES[tags[0]],
        ),
    )
    plan_lifecycle(city, case)
    plan_consent_and_referrals(city, case)
    plan_contacts(city, case)


def household(city: City, tags: tuple[str, ...], opened_on: date) -> tuple[str, tuple[Member, ...]]:
    """A family whose members fit the case's issues (an elderly parent's adult child, a young carer, …)."""
    rng = city.rng
    surname, surname_kana = rng.choice(data.SURNAMES)
    principal_age = rng.randint(70, 90) if "elderly" in tags else rng.randint(20, 60)
    members = [member(city, surname, surname_kana, "principal", principal_age, opened_on)]
    if "hikikomori" in tags or "elderly" in tags:
        members.append(member(city, surname, surname_kana, "child", rng.randint(30, 55), opened_on))
    if "child_rearing" in tags or "young_carer" in tags or "school_refusal" in tags:
        flags = ("young_carer",) if "young_carer" in tags else ()
        members.append(member(city, surname, surname_kana, "child", rng.randint(8, 17), opened_on, flags))
    if rng.random() < 0.3:
        members.append(member(city, surname, surname_kana, "spouse", principal_age - 2, opened_on))
    return f"{surname}家", tuple(members)


def member(
    city: City, surname: str, surname_kana: str, relationship: str, age: int, on: date, flags: tuple[str, ...] = ()
) -> Member:
    given, given_kana = city.rng.choice(data.GIVEN_NAMES)
    born = date(on.year - age, city.rng.randint(1, 12), city.rng.randint(1, 28))
    return Member(
        member_id=city.new_id(),
        name=f"{surname} {given}",
        kana=f"{surname_kana} {given_kana}",
        birth_date=born,
        relationship=relationship,
        flags=flags,
    )
