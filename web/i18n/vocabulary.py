"""Japanese and English labels for every code the domain stores (domain brief §8).

Codes are stable English identifiers; what a person reads is here, keyed by
the kind of code. ``tests/unit/test_i18n.py`` checks that every value of
every enumeration has both labels.
"""

from __future__ import annotations

Labels = dict[str, tuple[str, str]]
"""code → (Japanese, English)."""

VOCABULARY: dict[str, Labels] = {
    "status": {
        "intake": ("受付", "Intake"),
        "assessment": ("アセスメント", "Assessment"),
        "planning": ("プラン作成", "Planning"),
        "in_support": ("支援中", "In support"),
        "monitoring": ("モニタリング", "Monitoring"),
        "closed": ("終結", "Closed"),
    },
    "closure_reason": {
        "resolved": ("課題解決", "Resolved"),
        "transferred": ("他機関へ引継ぎ", "Transferred"),
        "moved_away": ("転出", "Moved away"),
        "deceased": ("死亡", "Deceased"),
        "contact_lost": ("連絡不通", "Contact lost"),
        "declined": ("本人の辞退", "Declined by the person"),
        "other": ("その他", "Other"),
    },
    "channel": {
        "window": ("窓口", "At the window"),
        "phone": ("電話", "Phone"),
        "visit": ("訪問", "Visit"),
        "online": ("オンライン", "Online"),
        "web_booking": ("Web予約", "Web booking"),
        "anonymous": ("匿名", "Anonymous"),
    },
    "requester_type": {
        "self": ("本人", "The person"),
        "family": ("家族・親族", "Family"),
        "agency": ("関係機関", "An agency"),
        "welfare_commissioner": ("民生委員・児童委員", "Welfare commissioner"),
        "neighbour": ("近隣住民", "Neighbour"),
        "other": ("その他", "Other"),
    },
    "handler_role": {
        "csw": ("コミュニティソーシャルワーカー（CSW）", "Community social worker (CSW)"),
        "promotion_officer": ("相談支援包括化推進員", "Consultation promotion officer"),
        "community_welfare_coordinator": ("地域福祉コーディネーター", "Community welfare coordinator"),
        "life_support_coordinator": ("生活支援コーディネーター", "Life-support coordinator"),
        "caseworker": ("ケースワーカー", "Caseworker"),
        "public_health_nurse": ("保健師", "Public health nurse"),
        "consultation_staff": ("相談員", "Consultation staff"),
        "other": ("その他", "Other"),
    },
    "visit_kind": {
        "home_visit": ("自宅訪問", "Home visit"),
        "accompanied_visit": ("同行訪問", "Accompanied visit"),
        "outreach_session": ("巡回相談", "Outreach session"),
        "urgent_check": ("緊急の状況確認", "Urgent check"),
    },
    "resource_type": {
        "place_to_belong": ("居場所", "Place to belong"),
        "work_experience": ("就労体験", "Work experience"),
        "intermediate_employment": ("中間的就労", "Intermediate employment"),
        "volunteering": ("ボランティア", "Volunteering"),
        "salon": ("サロン", "Salon"),
        "learning_support": ("学習支援", "Learning support"),
        "other": ("その他", "Other"),
    },
    "placement_outcome": {
        "completed": ("修了", "Completed"),
        "employed": ("就労", "Employed"),
        "dropped_out": ("中断", "Dropped out"),
        "moved_on": ("他の資源へ移行", "Moved on"),
    },
    "role": {
        "coordinator": ("相談支援員（コーディネーター）", "Coordinator"),
        "supervisor": ("スーパーバイザー", "Supervisor"),
        "planner": ("計画担当", "Planner"),
        "admin": ("管理者", "Administrator"),
        "system": ("システム", "System"),
    },
    "issue_tag": {
        "elderly": ("高齢者", "Older person"),
        "disability": ("障害", "Disability"),
        "poverty": ("生活困窮", "Livelihood hardship"),
        "child_rearing": ("子ども・子育て", "Child rearing"),
        "pregnancy": ("妊産婦", "Pregnancy"),
        "hikikomori": ("ひきこもり", "Hikikomori"),
        "young_carer": ("ヤングケアラー", "Young carer"),
        "isolation": ("孤独・孤立", "Isolation"),
        "school_refusal": ("不登校", "School refusal"),
        "reoffending": ("刑余者・再犯防止", "Reoffending prevention"),
        "foreign_resident": ("外国籍住民", "Foreign resident"),
        "dv": ("DV・女性の悩み", "Domestic violence"),
        "child_abuse": ("児童虐待", "Child abuse"),
        "elder_abuse": ("高齢者虐待", "Elder abuse"),
        "disability_abuse": ("障害者虐待", "Disability abuse"),
        "no_kin": ("身寄りのない方", "No kin"),
        "homeless": ("ホームレス", "Homeless"),
        "dementia": ("認知症", "Dementia"),
        "employment": ("就労", "Employment"),
        "family_relations": ("家族関係", "Family relations"),
        "illness": ("病気", "Illness"),
        "guardianship": ("成年後見・権利擁護", "Guardianship"),
        "between_systems": ("制度の狭間", "Between systems"),
        "multi_generation": ("複数世代の課題", "Issues across generations"),
    },
    "consent_decision": {
        "given": ("同意あり", "Given"),
        "refused": ("同意なし（拒否）", "Refused"),
        "withdrawn": ("同意撤回", "Withdrawn"),
        "none": ("未確認", "Not recorded"),
    },
    "consent_scope": {
        "meeting_discussion": ("重層的支援会議での検討", "Discussion at a consent-requiring meeting"),
        "information_sharing": ("関係機関との情報共有", "Sharing information with agencies"),
        "support_plan": ("支援プラン", "The support plan"),
    },
    "referral_state": {
        "sent": ("回答待ち", "Awaiting answer"),
        "accepted": ("受入れ", "Accepted"),
        "declined": ("辞退", "Declined"),
    },
    "agency_relation": {
        "lead": ("主担当機関", "Lead agency"),
        "intake": ("受付機関", "Intake agency"),
        "involved": ("関係機関", "Involved"),
    },
    "plan_type": {
        "layered": ("重層的支援プラン", "Layered support plan"),
        "self_reliance": ("自立支援プラン", "Self-reliance plan"),
        "support": ("サポートプラン", "Support plan"),
        "maternal": ("妊産婦支援プラン", "Maternal support plan"),
    },
    "relationship": {
        "principal": ("本人", "Principal"),
        "spouse": ("配偶者", "Spouse"),
        "child": ("子", "Child"),
        "parent": ("父母", "Parent"),
        "sibling": ("兄弟姉妹", "Sibling"),
        "grandparent": ("祖父母", "Grandparent"),
        "grandchild": ("孫", "Grandchild"),
        "other_relative": ("その他の親族", "Other relative"),
        "other": ("その他", "Other"),
    },
    "member_flag": {
        "young_carer": ("ヤングケアラー", "Young carer"),
        "carer": ("介護者", "Carer"),
        "needs_care": ("要介護・要支援", "Needs care"),
        "not_living_together": ("別居", "Not living together"),
    },
    "agency_type": {
        "city_department": ("市の担当課", "City department"),
        "shakyo": ("社会福祉協議会", "Council of Social Welfare"),
        "centre": ("相談支援機関・センター", "Centre"),
        "external_public": ("外部の公的機関", "External public body"),
        "corporation": ("法人", "Corporation"),
        "community_volunteer": ("地域の担い手", "Community volunteers"),
        "committee": ("協議体・委員会", "Committee"),
    },
    "area_kind": {
        "daily_life_area": ("日常生活圏域", "Daily-life area"),
        "district": ("地区", "District"),
        "school_district": ("小学校区", "School district"),
    },
    "meeting_level": {
        "case": ("個別ケース", "Case"),
        "area": ("地域", "Area"),
        "network": ("ネットワーク", "Network"),
    },
    "meeting_type": {
        "support": ("支援会議", "Support meeting"),
        "layered": ("重層的支援会議", "Layered support meeting"),
        "individual_case": ("個別ケース会議", "Individual case meeting"),
        "core_member": ("コアメンバー会議", "Core-member meeting"),
        "community_care": ("地域ケア会議", "Community care meeting"),
        "liaison": ("連携会議", "Liaison meeting"),
    },
    "meeting_status": {
        "scheduled": ("予定", "Scheduled"),
        "held": ("開催済み", "Held"),
        "cancelled": ("中止", "Cancelled"),
        "voided": ("記録取消", "Record voided"),
    },
    "discussion_outcome": {
        "information_shared": ("情報共有", "Information shared"),
        "plan_made": ("プラン作成", "Plan made"),
        "plan_reviewed": ("支援プランの見直し", "Plan reviewed"),
        "roles_allocated": ("役割分担", "Roles allocated"),
        "continue_support": ("支援継続", "Support continues"),
        "close_recommended": ("終結の判断", "Closure recommended"),
        "other": ("その他", "Other"),
        "closure_decided": ("終結（この会議で決定）", "Closure decided at this meeting"),
    },
    "event": {
        "Opened": ("相談受付（ケース開始）", "Case opened"),
        "MemberAdded": ("世帯員の追加", "Household member added"),
        "MemberUpdated": ("世帯員情報の変更", "Household member updated"),
        "MemberRemoved": ("世帯員の削除", "Household member removed"),
        "IssuesTagged": ("課題の変更", "Issues changed"),
        "AreaChanged": ("圏域の変更", "Area changed"),
        "Assigned": ("担当の変更", "Assigned"),
        "AgencyInvolved": ("関係機関の追加", "Agency involved"),
        "AgencyReleased": ("関係機関の終了", "Agency released"),
        "StatusChanged": ("ステータス変更", "Status changed"),
        "Closed": ("終結", "Closed"),
        "Reopened": ("再開", "Reopened"),
        "ConsentRecorded": ("同意の記録", "Consent recorded"),
        "ReferralSent": ("つなぎ（送付）", "Referral sent"),
        "ReferralAccepted": ("つなぎの受入れ", "Referral accepted"),
        "ReferralDeclined": ("つなぎの辞退", "Referral declined"),
        "PlanMade": ("支援プラン作成", "Support plan made"),
        "PlanRevised": ("支援プラン改訂", "Support plan revised"),
        "PlanReviewed": ("支援プランの見直し", "Support plan reviewed"),
        "ConsultationRecorded": ("相談", "Consultation"),
        "OutreachVisitRecorded": ("アウトリーチ（訪問）", "Outreach visit"),
        "PlacementStarted": ("参加支援の開始", "Placement started"),
        "PlacementEnded": ("参加支援の終了", "Placement ended"),
        "EntryVoided": ("記録の取消", "Entry voided"),
        "EntryCorrected": ("記録の訂正", "Entry corrected"),
        "DiscussedAtMeeting": ("会議で検討", "Discussed at a meeting"),
        "DiscussionWithdrawn": ("会議記録の取消", "Meeting record withdrawn"),
        "PersonalDataErased": ("個人情報の消去", "Personal data erased"),
    },
}

from web.i18n.messages_auth import AUTH_VOCABULARY  # noqa: E402
from web.i18n.messages_plans import PLANS_VOCABULARY  # noqa: E402  (the planner's screens)

VOCABULARY.update(PLANS_VOCABULARY)
VOCABULARY.update(AUTH_VOCABULARY)

from web.i18n.messages_corrections import CORRECTIONS_EVENTS, CORRECTIONS_VOCABULARY  # noqa: E402  (voids, corrections)

for _kind, _labels in CORRECTIONS_VOCABULARY.items():
    VOCABULARY.setdefault(_kind, _labels)
for _code, _label in CORRECTIONS_EVENTS.items():
    VOCABULARY["event"].setdefault(_code, _label)
from web.i18n.messages_casework import CASEWORK_VOCABULARY  # noqa: E402  (transfers)

for _kind, _labels in CASEWORK_VOCABULARY.items():
    VOCABULARY.setdefault(_kind, {}).update(_labels)
