"""The kinds of difficulty a household faces (domain brief §2.6).

Tags drive caseload views and indicator filters (e.g. "consultations tagged
hikikomori"), so they are a closed list of stable codes; labels live in the
translations.
"""

from enum import StrEnum


class IssueTag(StrEnum):
    ELDERLY = "elderly"
    DISABILITY = "disability"
    POVERTY = "poverty"
    CHILD_REARING = "child_rearing"
    PREGNANCY = "pregnancy"
    HIKIKOMORI = "hikikomori"
    YOUNG_CARER = "young_carer"
    ISOLATION = "isolation"
    SCHOOL_REFUSAL = "school_refusal"
    REOFFENDING = "reoffending"
    FOREIGN_RESIDENT = "foreign_resident"
    DV = "dv"
    CHILD_ABUSE = "child_abuse"
    ELDER_ABUSE = "elder_abuse"
    DISABILITY_ABUSE = "disability_abuse"
    NO_KIN = "no_kin"
    HOMELESS = "homeless"
    DEMENTIA = "dementia"
    EMPLOYMENT = "employment"
    FAMILY_RELATIONS = "family_relations"
    ILLNESS = "illness"
    GUARDIANSHIP = "guardianship"
    BETWEEN_SYSTEMS = "between_systems"
    MULTI_GENERATION = "multi_generation"
