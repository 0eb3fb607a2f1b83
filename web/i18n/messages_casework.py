"""Screen text of everyday case handling: responsibility and transfers, household, issues, placements.

Merged into ``web.i18n.messages`` and ``web.i18n.vocabulary`` with one line each.
"""

from __future__ import annotations

Text = tuple[str, str]

CASEWORK_UI: dict[str, Text] = {
    "household_members": ("世帯員", "Household members"),
    "age_years": ("{years}歳", "aged {years}"),
    "form_assignment": ("担当変更（機関内）", "Reassign the coordinator"),
    "form_transfer": ("主担当機関の移管を依頼", "Ask another agency to take the lead"),
    "form_transfer_answer": ("移管依頼への回答", "Answer a transfer request"),
    "form_transfer_withdrawal": ("移管依頼の取下げ", "Withdraw the transfer request"),
    "form_member": ("世帯員を追加", "Add a household member"),
    "form_member_update": ("世帯員情報の訂正・変更", "Correct a household member"),
    "form_member_departure": ("世帯員の転出・離脱", "A member leaves the household"),
    "form_issue_tags": ("課題の変更", "Change the issues"),
    "form_placement_end": ("参加支援の終了", "End a placement"),
    "new_coordinator": ("新しい担当者", "New coordinator"),
    "only_lead_agency_assigns": (
        "担当変更・移管の依頼は主担当機関だけが行えます。",
        "Only the lead agency can reassign or transfer the case.",
    ),
    "transfer_to": ("移管先の機関", "Agency to take the lead"),
    "transfer_hint": (
        "移管先が受け入れるまで、主担当機関と担当者は変わりません。",
        "Nothing changes until the other agency accepts.",
    ),
    "transfer_pending": (
        "{agency}へ移管を依頼中です（{date}）。回答があるまで主担当は変わりません。",
        "A transfer to {agency} is waiting for an answer (asked {date}).",
    ),
    "transfer_pending_from": (
        "{agency}から主担当機関の移管依頼が届いています（{date}）。",
        "{agency} asks your agency to take the lead (asked {date}).",
    ),
    "transfer_answer_note": ("理由・メモ（辞退する場合は必須）", "Reason or note (required when declining)"),
    "no_transfer_to_answer": ("回答が必要な移管依頼はありません。", "No transfer request waits for your answer."),
    "no_transfer_to_withdraw": ("取り下げられる移管依頼はありません。", "No transfer request to withdraw."),
    "member_to_change": ("訂正する世帯員", "Member to correct"),
    "member_update_hint": (
        "世帯員を選んで現在の内容を表示し、訂正してください（空欄の項目は空欄として記録されます）。",
        "Choose the member, show their details and correct them (blanks are recorded blank).",
    ),
    "member_load_details": ("この世帯員の現在の内容を表示", "Show this member's current details"),
    "member_leaving": ("転出・離脱する世帯員", "Member leaving"),
    "member_departure_reason": ("理由（転出・離脱など）", "Reason (moved out, left …)"),
    "placement_to_end": ("終了する参加支援", "Placement to end"),
    "started_on_short": ("{date}開始", "started {date}"),
    "no_open_placements": ("実施中の参加支援はありません。", "No placement is running."),
    "incoming_transfers_title": ("移管依頼（受入れの判断待ち）", "Transfer requests waiting for your agency"),
    "no_incoming_transfers": ("受入れを待っている移管依頼はありません。", "No transfer request is waiting."),
    "transfer_from": ("依頼元", "From"),
    "requested_on": ("依頼日", "Asked on"),
    "activities_title": ("地域活動の記録（相談会・研修・協議体など）", "Community activities"),
    "activities_fy": ("令和{reiwa}年度（FY{year}）", "FY{year} (Reiwa {reiwa})"),
    "activities_fy_nav": ("年度", "Fiscal year"),
    "activity_totals": ("種類別の集計（延べ）", "Totals by kind"),
    "activity_list": ("活動の一覧", "Activities"),
    "activity_kind": ("種類", "Kind"),
    "activity_count": ("回数", "Activities"),
    "activity_title": ("名称", "Title"),
    "activity_participants": ("参加者数", "Participants"),
    "activity_contacts": ("相談件数", "Consultations received"),
    "activity_audience": ("対象（庁内・庁外など）", "Audience"),
    "activity_form_title": ("地域活動を記録", "Record a community activity"),
    "no_activities": ("この年度の地域活動の記録はありません。", "No community activity recorded this year."),
    "nav_activities": ("地域活動", "Community activities"),
    "anonymous_title": ("匿名相談", "Anonymous consultations"),
    "anonymous_hint": (
        "ケースを開かずに記録し、相談件数に数えます。氏名・住所・相談内容などの個人情報は記録しません。",
        "Recorded without opening a case and counted as a consultation; no personal data is kept.",
    ),
    "anonymous_form_title": ("匿名相談を記録", "Record an anonymous consultation"),
    "anonymous_list": (
        "令和{reiwa}年度（FY{year}）の匿名相談：{n}件",
        "Anonymous consultations in FY{year} (Reiwa {reiwa}): {n}",
    ),
    "anonymous_topic": ("相談の分類", "Topic"),
    "no_anonymous": ("この年度の匿名相談の記録はありません。", "No anonymous consultation recorded this year."),
    "record_anonymous_link": ("匿名相談を記録", "Record an anonymous consultation"),
    "form_urgent_check": ("48時間以内の状況確認を設定", "Ask for a check within 48 hours"),
    "form_urgent_check_done": ("状況確認の結果を記録", "Record the urgent check"),
    "urgent_reason": ("状況確認が必要な理由", "Why the household must be seen"),
    "urgent_received_on": ("情報を受けた日", "Information received on"),
    "urgent_hint": (
        "情報を受けた日から2日後（48時間）が確認の期限です。",
        "Due two days (48 hours) after the information came in.",
    ),
    "urgent_check_open": ("48時間以内の状況確認：期限 {date}", "Urgent check due {date}"),
    "urgent_result": ("確認の結果", "What the check found"),
    "urgent_checked_on": ("確認した日", "Checked on"),
    "no_urgent_check": ("期限のある状況確認はありません。", "No urgent check is waiting."),
    "urgent_checks_title": ("48時間以内の状況確認（未確認）", "Urgent checks waiting (48 hours)"),
    "urgent_due": ("確認期限", "Due"),
    "urgent_section": ("緊急の状況確認", "Urgent check"),
    "urgent_check_at_intake": (
        "48時間以内の状況確認が必要（受付日から2日後が期限）",
        "The household must be seen within 48 hours (due two days after intake)",
    ),
    "urgent_overdue": ("期限超過", "Overdue"),
    "no_urgent_checks": ("未確認の状況確認はありません。", "No urgent check is waiting."),
}

CASEWORK_FIELDS: dict[str, Text] = {
    "transfer_id": ("移管依頼", "Transfer request"),
    "kind": ("種類", "Kind"),
    "participants": ("参加者数", "Participants"),
    "contacts": ("相談件数", "Consultations received"),
    "audience": ("対象", "Audience"),
    "topic": ("相談の分類", "Topic"),
    "activity_id": ("地域活動", "Activity"),
    "consultation_id": ("匿名相談", "Anonymous consultation"),
    "check_id": ("状況確認", "Urgent check"),
    "urgent_reason": ("状況確認が必要な理由", "Why the household must be seen"),
}

CASEWORK_ERRORS: dict[tuple[str, str | None], Text] = {
    ("already_lead", None): ("すでにその機関が主担当機関です。", "That agency already leads the case."),
    ("not_lead_agency", None): (
        "担当変更・移管の依頼は主担当機関だけが行えます。",
        "Only the lead agency can reassign or transfer the case.",
    ),
    ("not_receiving_agency", None): (
        "移管依頼に回答できるのは依頼先の機関だけです。",
        "Only the agency asked can answer a transfer request.",
    ),
    ("transition_not_allowed", "to_agency"): ("回答待ちの移管依頼があります。", "A transfer request is waiting."),
    ("transition_not_allowed", "check_id"): (
        "状況確認はすでに設定または記録されています。",
        "An urgent check is already waiting or already recorded.",
    ),
    ("transition_not_allowed", "transfer_id"): (
        "この移管依頼はすでに回答・取下げ済みです。",
        "That transfer request has already been answered.",
    ),
    ("invalid_input", "coordinator"): (
        "この担当者は指定できません（所属機関が違う、現在の担当者と同じ、または登録が終了しています）。",
        "That coordinator cannot be chosen (another agency, already the coordinator, or retired).",
    ),
}

CASEWORK_VOCABULARY: dict[str, dict[str, Text]] = {
    "activity_kind": {
        "consultation_session": ("相談会", "Consultation session"),
        "area_assessment": ("地域アセスメント", "Area assessment"),
        "liaison_meeting_attendance": ("連携会議への参加", "Liaison meeting attended"),
        "training": ("研修・説明会", "Training"),
        "community_meeting": ("協議体・円卓会議", "Community meeting"),
        "outreach_session": ("巡回相談会", "Outreach session"),
        "other": ("その他", "Other"),
    },
    "anonymous_topic": {
        "service_guidance": ("制度・サービス・窓口の案内", "Services and where to go"),
        "personal_worry": ("本人の悩み・困りごと", "The caller's own worry"),
        "concern_for_others": ("家族や近所の人についての心配", "Concern for family or neighbours"),
        "other": ("その他", "Other"),
    },
    "event": {
        "TransferRequested": ("主担当機関の移管依頼", "Transfer requested"),
        "TransferAccepted": ("移管の受入れ", "Transfer accepted"),
        "TransferDeclined": ("移管の辞退", "Transfer declined"),
        "TransferWithdrawn": ("移管依頼の取下げ", "Transfer withdrawn"),
        "UrgentCheckMarked": ("48時間以内の状況確認の設定", "Urgent check asked for"),
        "UrgentCheckDone": ("状況確認の実施", "Urgent check done"),
    },
}
