"""Screen text, field names and error messages of voids and corrections (merged into ``web.i18n.messages``).

Kept apart so that the correction actions add their words without touching
the shared dictionaries' existing keys.
"""

from __future__ import annotations

Text = tuple[str, str]

CORRECTIONS_UI: dict[str, Text] = {
    "void_action": ("取消", "Void"),
    "correct_action": ("訂正", "Correct"),
    "void_entry_title": ("この記録を取り消す", "Void this entry"),
    "correct_entry_title": ("この記録を訂正する", "Correct this entry"),
    "void_submit": ("取り消す", "Void"),
    "correct_submit": ("訂正を登録", "Save the correction"),
    "cancel_action": ("やめる", "Cancel"),
    "void_hint": (
        "取り消した記録も経過記録に残り、件数からは除かれます。",
        "A voided entry stays in the history and no longer counts.",
    ),
    "correct_hint": (
        "変更する項目だけを書き換えてください。元の記録も経過記録に残ります。",
        "Change only what was wrong; the original stays in the history.",
    ),
    "voided_by": ("取消：{who}・{when}・理由：{reason}", "Voided by {who} on {when}: {reason}"),
    "corrected_by": ("訂正：{who}・{when}・理由：{reason}", "Corrected by {who} on {when}: {reason}"),
    "correction_change": ("{before} → {after}", "{before} → {after}"),
    "meeting_void_title": ("この会議記録を取り消す", "Void this meeting record"),
    "meeting_void_submit": ("会議記録を取り消す", "Void the meeting record"),
    "meeting_void_hint": (
        "取り消した会議は記録に残り、開催件数や検討件数から除かれます。",
        "A voided meeting stays on record and no longer counts as held.",
    ),
    "activities_title": ("地域での活動", "Community activities"),
    "activities_empty": ("登録された活動はありません。", "No activities recorded."),
    "activities_show_voided": ("取り消した記録も表示", "Show voided records"),
    "activity_totals_hint": (
        "取り消した記録は集計に含めません。訂正した記録は訂正後の数で数えます。",
        "Voided records are not counted; corrected records count with their corrected figures.",
    ),
    "activity_record_state": ("記録の状態・操作", "Record"),
    "activity_participants": ("参加者 {n}人", "{n} participants"),
    "activity_contacts": ("相談 {n}件", "{n} contacts"),
    "activity_corrections": ("訂正 {n}回", "corrected {n} times"),
    "activity_voided": ("取消：{when}・理由：{reason}", "Voided on {when}: {reason}"),
}

CORRECTIONS_FIELDS: dict[str, Text] = {
    "corrected_on": ("訂正日", "Corrected on"),
    "voided_on": ("取消日", "Voided on"),
    "title": ("名称", "Title"),
    "participants": ("参加者数", "Participants"),
    "contacts": ("相談件数", "Contacts"),
    "audience": ("対象", "Audience"),
    "kind": ("活動の種類", "Kind of activity"),
    "changes": ("訂正内容", "Changes"),
    "activity_id": ("活動の記録", "Activity record"),
}

CORRECTIONS_ERRORS: dict[tuple[str, str | None], Text] = {
    ("required", "reason"): ("理由を入力してください。", "Enter the reason."),
    ("not_found", "entry_id"): (
        "この記録は取り消し済みか、このケースの記録ではありません。",
        "This entry has been voided or is not an entry of this case.",
    ),
    ("invalid_input", "changes"): (
        "訂正する内容がありません。変更する項目を書き換えてください。",
        "The correction changes nothing: change the wrong field.",
    ),
    ("transition_not_allowed", "activity_id"): (
        "この活動の記録はすでに取り消されています。",
        "This activity record has already been voided.",
    ),
    ("not_found", "referral_id"): (
        "このつなぎは取り消し済みか、このケースのつなぎではありません。",
        "This referral has been voided or is not one of this case.",
    ),
    ("not_found", "consent_id"): (
        "この同意の記録は取り消し済みか、このケースの記録ではありません。",
        "This consent record has been voided or is not one of this case.",
    ),
    ("transition_not_allowed", "consent_id"): (
        "この同意に基づいて重層的支援会議でケースを検討しています。先にその会議記録を取り消してください。",
        "A layered meeting relied on this consent: void that meeting record first.",
    ),
    ("not_found", "activity_id"): ("活動の記録が見つかりません。", "There is no such activity record."),
    ("transition_not_allowed", "meeting_void_status"): (
        "開催済みの会議の記録だけを取り消せます（予定・中止・取消済みの会議は取り消せません）。",
        "Only a held meeting's record can be voided (not a scheduled, cancelled or voided one).",
    ),
    ("invalid_input", "meeting_void_voided_on"): (
        "開催日より前の日付では取り消せません。",
        "The void cannot be dated before the meeting.",
    ),
}

CORRECTIONS_VOCABULARY: dict[str, dict[str, Text]] = {
    "activity_kind": {
        "consultation_session": ("相談会", "Consultation session"),
        "area_assessment": ("地域アセスメント", "Area assessment"),
        "liaison_meeting_attendance": ("連携会議への参加", "Liaison meeting attended"),
        "training": ("研修・説明会", "Training"),
        "community_meeting": ("協議体・地域の会議", "Community meeting"),
        "outreach_session": ("巡回相談会", "Outreach session"),
        "other": ("その他", "Other"),
    },
}
"""Labels this area needs; another screen's labels for the same codes win (``setdefault``)."""

CORRECTIONS_EVENTS: dict[str, Text] = {
    "ReferralVoided": ("つなぎの取消", "Referral voided"),
    "ReferralAnswerVoided": ("つなぎへの回答の取消", "Referral answer voided"),
    "ConsentVoided": ("同意の記録の取消", "Consent record voided"),
    "PlanVoided": ("支援プランの版の取消", "Support plan version voided"),
}
"""Timeline titles of the events this area adds."""
