"""Screen text, field names and error messages, in Japanese and English.

Error messages are chosen by the error's code and field (most specific
first), so the domain keeps plain English messages for logs and tests.
"""

from __future__ import annotations

Text = tuple[str, str]
"""(Japanese, English)."""

UI: dict[str, Text] = {
    "app_name": ("Kasane（重ね）", "Kasane"),
    "app_tagline": ("重層的支援体制整備事業 ケース・会議管理", "Layered support: cases and meetings"),
    "skip_to_content": ("本文へ移動", "Skip to content"),
    "nav_my_cases": ("担当ケース", "My cases"),
    "nav_cases": ("ケース一覧", "Cases"),
    "nav_new_case": ("新規受付", "New case"),
    "nav_caseload": ("担当状況（スーパーバイザー）", "Caseload (supervisor)"),
    "nav_meetings": ("支援会議", "Support meetings"),
    "nav_plans": ("計画・指標", "Plans and indicators"),
    "nav_coming_soon": ("準備中", "coming soon"),
    "acting_as": ("利用者", "Signed in as"),
    "switch_user": ("利用者を切り替え", "Switch user"),
    "switch": ("切替", "Switch"),
    "language": ("English", "日本語"),
    "my_cases_title": ("担当ケース", "My cases"),
    "cases_title": ("ケース一覧", "Cases"),
    "cases_count": ("{count}件", "{count} cases"),
    "no_cases": ("該当するケースはありません。", "No cases match."),
    "filter": ("絞り込み", "Filter"),
    "clear_filter": ("条件をクリア", "Clear"),
    "any": ("すべて", "Any"),
    "include_closed": ("終結したケースも表示", "Include closed cases"),
    "household": ("世帯", "Household"),
    "members_count": ("{count}人", "{count} people"),
    "last_contact": ("最終接触日", "Last contact"),
    "next_review": ("次回見直し", "Next review"),
    "open_case_link": ("{name}のケースを開く", "Open the case of {name}"),
    "new_case_title": ("新規受付（相談受付）", "New case (intake)"),
    "household_section": ("世帯", "Household"),
    "members_section": ("世帯員", "Household members"),
    "member_n": ("世帯員 {n}", "Member {n}"),
    "add_member_row": ("世帯員の入力欄を追加", "Add a member row"),
    "intake_section": ("受付", "Intake"),
    "consent_section": ("同意（任意）", "Consent (optional)"),
    "consent_not_asked": ("まだ確認していない", "Not asked yet"),
    "open_case_submit": ("受付を登録", "Open the case"),
    "case_title": ("{name}", "{name}"),
    "summary_title": ("概要", "Summary"),
    "status_since": ("{date}から", "since {date}"),
    "opened_on_label": ("受付日", "Opened"),
    "involved_agencies": ("関係機関", "Involved agencies"),
    "referrals": ("つなぎ", "Referrals"),
    "no_referrals": ("つなぎはまだありません。", "No referrals yet."),
    "plan": ("支援プラン", "Support plan"),
    "no_plan": ("プランはまだありません。", "No plan yet."),
    "plan_version": ("第{version}版", "version {version}"),
    "consent": ("同意（重層的支援会議）", "Consent (layered meeting)"),
    "consent_expires": ("{date}まで有効", "valid until {date}"),
    "counts": ("記録件数", "Records"),
    "count_consultations": ("相談 {n}件", "{n} consultations"),
    "count_outreach": ("訪問 {n}件", "{n} visits"),
    "count_placements": ("参加支援 {n}件", "{n} placements"),
    "timeline_title": ("経過記録", "Timeline"),
    "timeline_empty": ("記録はまだありません。", "Nothing recorded yet."),
    "timeline_by": ("{user}（{agency}）", "{user} ({agency})"),
    "timeline_recorded": ("入力 {when}", "recorded {when}"),
    "voided": ("取消済み", "Voided"),
    "corrected": ("訂正済み", "Corrected"),
    "actions_title": ("記録する", "Record"),
    "form_consultation": ("相談を記録", "Log a consultation"),
    "form_outreach": ("アウトリーチ（訪問）を記録", "Log an outreach visit"),
    "form_referral": ("つなぐ（他機関へ送付）", "Send a referral"),
    "form_referral_answer": ("つなぎへの回答", "Answer a referral"),
    "form_placement": ("参加支援を開始", "Start a placement"),
    "form_status": ("ステータスを変更", "Change status"),
    "form_close": ("終結する", "Close the case"),
    "form_reopen": ("再開する", "Reopen the case"),
    "form_consent": ("同意を記録", "Record consent"),
    "save": ("登録", "Save"),
    "saved": ("登録しました。", "Saved."),
    "accept": ("受け入れる", "Accept"),
    "decline": ("辞退する", "Decline"),
    "yes": ("はい", "Yes"),
    "no": ("いいえ", "No"),
    "none_chosen": ("選択してください", "Choose"),
    "no_pending_referrals": ("回答待ちのつなぎはありません。", "No referral is awaiting an answer."),
    "case_closed_note": (
        "このケースは終結しています。再開すると記録を追加できます。",
        "This case is closed; reopen it to record more.",
    ),
    "date_hint": ("例：2026-05-11 または 令和8年5月11日", "e.g. 2026-05-11"),
    "required": ("必須", "required"),
    "form_has_errors": (
        "入力内容に誤りがあります。各項目の説明を確認してください。",
        "Please correct the marked fields.",
    ),
    "error_detail": ("詳細：{detail}", "Details: {detail}"),
    "caseload_title": ("担当状況", "Caseload"),
    "caseload_by_status": ("ステータス別（終結を含む）", "By status (closed included)"),
    "caseload_by_coordinator": ("担当者別（継続中）", "By coordinator (open)"),
    "caseload_by_agency": ("主担当機関別（継続中）", "By lead agency (open)"),
    "caseload_by_area": ("圏域別（継続中）", "By area (open)"),
    "caseload_by_issue": ("課題別（継続中）", "By issue (open)"),
    "overdue_reviews": ("プラン見直し期限切れ", "Overdue plan reviews"),
    "no_overdue": ("期限切れの見直しはありません。", "No overdue reviews."),
    "days_overdue": ("{days}日超過", "{days} days overdue"),
    "ageing": ("同じステータスが長いケース（90日以上）", "Cases in the same status for 90 days or more"),
    "no_ageing": ("該当するケースはありません。", "None."),
    "days_in_status": ("{days}日", "{days} days"),
    "count": ("件数", "Count"),
    "not_found_title": ("見つかりません", "Not found"),
    "error_title": ("エラー", "Error"),
    "unknown_user": ("利用者「{user}」は登録されていません。", "There is no user {user!r}."),
    "back_to_list": ("一覧へ戻る", "Back to the list"),
    "restricted_record": (
        "支援会議の記録は出席した機関だけが閲覧できます。",
        "Support meeting records are visible to the attending agencies only.",
    ),
}

FIELDS: dict[str, Text] = {
    "occurred_on": ("日付", "Date"),
    "opened_on": ("受付日", "Opened on"),
    "household_name": ("世帯名", "Household name"),
    "members": ("世帯員", "Members"),
    "name": ("氏名", "Name"),
    "kana": ("ふりがな", "Kana"),
    "birth_date": ("生年月日", "Date of birth"),
    "relationship": ("続柄", "Relationship"),
    "flags": ("特記", "Notes"),
    "issue_tags": ("課題", "Issues"),
    "area": ("圏域", "Area"),
    "intake_agency": ("受付機関", "Intake agency"),
    "lead_agency": ("主担当機関", "Lead agency"),
    "coordinator": ("担当者", "Coordinator"),
    "channel": ("相談経路", "Channel"),
    "requester_type": ("相談者", "Requested by"),
    "summary": ("内容", "Summary"),
    "agency": ("機関", "Agency"),
    "handler_role": ("対応者の役割", "Handled by"),
    "is_new": ("新規相談", "New consultation"),
    "visit_kind": ("訪問の種類", "Kind of visit"),
    "contact_made": ("本人・家族と会えた", "Contact made"),
    "accompanying_agencies": ("同行機関", "Accompanying agencies"),
    "note": ("メモ", "Note"),
    "from_agency": ("つなぎ元", "From"),
    "to_agency": ("つなぎ先", "To"),
    "reason": ("理由", "Reason"),
    "sent_on": ("送付日", "Sent on"),
    "via_sheet": ("つなぐシートを使用", "Used the referral sheet"),
    "referral_id": ("つなぎ", "Referral"),
    "accepted": ("回答", "Answer"),
    "answered_on": ("回答日", "Answered on"),
    "started_on": ("開始日", "Started on"),
    "resource_type": ("資源の種類", "Resource"),
    "host_organisation": ("受入先", "Host organisation"),
    "status": ("ステータス", "Status"),
    "decision": ("同意の内容", "Decision"),
    "scopes": ("同意の範囲", "Scope"),
    "decided_on": ("確認日", "Decided on"),
    "expires_on": ("有効期限", "Expires on"),
    "given_by": ("同意した人", "Given by"),
    "expected_version": ("版", "Version"),
    "entry_id": ("記録", "Entry"),
    "consent_id": ("同意の記録", "Consent record"),
    "case_id": ("ケース", "Case"),
    "ended_on": ("終了日", "Ended on"),
    "outcome": ("結果", "Outcome"),
    "findings": ("見直しの内容", "Findings"),
    "meeting_type": ("会議", "Meeting"),
    "goals": ("目標", "Goals"),
    "actions": ("役割分担", "Actions"),
    "consent_decision": ("同意", "Consent"),
    "consent_scopes": ("同意の範囲", "Consent scope"),
    "consent_given_by": ("同意した人", "Given by"),
    "include_closed": ("終結を含む", "Include closed"),
    "user": ("利用者", "User"),
    "issue_tag": ("課題", "Issue"),
}

ERRORS: dict[tuple[str, str | None], Text] = {
    ("required", None): ("入力してください。", "This field is required."),
    ("bad_date", None): (
        "日付を「2026-05-11」または「令和8年5月11日」の形で入力してください。",
        "Enter a date such as 2026-05-11.",
    ),
    ("bad_id", None): ("IDの形式が正しくありません。", "That is not a valid id."),
    ("bad_number", None): ("数字で入力してください。", "Enter a whole number."),
    ("date_in_future", None): ("未来の日付は入力できません。", "The date cannot be in the future."),
    ("date_in_future", "birth_date"): ("生年月日が未来の日付です。", "The date of birth is in the future."),
    ("invalid_input", None): ("入力内容を確認してください。", "Please check this value."),
    ("invalid_input", "members"): ("世帯員を1人以上入力してください。", "Enter at least one household member."),
    ("invalid_input", "name"): ("氏名を入力してください（匿名の場合を除く）。", "Enter the name."),
    ("invalid_input", "issue_tags"): ("課題を選んでください。", "Choose the issues."),
    ("invalid_input", "scopes"): ("同意の範囲を選んでください。", "Choose what the consent covers."),
    ("invalid_input", "to_agency"): ("つなぎ元と同じ機関にはつなげません。", "An agency cannot refer to itself."),
    ("invalid_input", "answered_on"): (
        "送付日より前の日付は入力できません。",
        "The answer cannot be dated before the referral was sent.",
    ),
    ("invalid_input", "note"): ("辞退の場合は理由を入力してください。", "Enter the reason for declining."),
    ("invalid_input", "expires_on"): (
        "有効期限は確認日より後で、同意ありの場合だけ入力できます。",
        "Only given consent can expire, and not before it was given.",
    ),
    ("invalid_input", "occurred_on"): (
        "この日付は入力できません（受付日や現在のステータスの開始日より前など）。",
        "This date is not allowed (before the case was opened or its status began).",
    ),
    ("not_found", None): (
        "見つかりません。登録されているものから選んでください。",
        "Not found; choose an existing one.",
    ),
    ("not_found", "case_id"): ("ケースが見つかりません。", "There is no such case."),
    ("already_exists", None): (
        "すでに登録されています（二重送信の可能性があります）。",
        "This has already been recorded (sent twice?).",
    ),
    ("already_exists", "agency"): ("その機関はすでに関係機関です。", "That agency is already involved."),
    ("transition_not_allowed", None): ("現在の状態ではこの操作はできません。", "Not possible in the current state."),
    ("transition_not_allowed", "status"): (
        "現在のステータスからは変更できません。",
        "The case cannot move to that status from its current one.",
    ),
    ("consent_required", None): ("同意が記録されていないため登録できません。", "Consent is not recorded."),
    ("concurrent_change", None): (
        "他の人がこのケースを先に更新しました。最新の概要と経過を表示しました。"
        "入力内容はそのまま残っています。確認してからもう一度登録してください。",
        "Someone else changed this case first. The summary and timeline now show the latest state; "
        "your input is kept: check it and save again.",
    ),
    ("unknown_user", None): ("利用者が登録されていません。", "Unknown user."),
}

# Each screen area keeps its own texts; they join the shared tables here.
from web.i18n.messages_auth import AUTH_ERRORS, AUTH_FIELDS, AUTH_UI  # noqa: E402
from web.i18n.messages_lists import LISTS_ERRORS, LISTS_FIELDS, LISTS_UI  # noqa: E402
from web.i18n.messages_meetings import MEETINGS_ERRORS, MEETINGS_FIELDS, MEETINGS_UI  # noqa: E402
from web.i18n.messages_plans import PLANS_ERRORS, PLANS_FIELDS, PLANS_UI  # noqa: E402

UI.update(MEETINGS_UI)
UI.update(PLANS_UI)
UI.update(AUTH_UI)
UI.update(LISTS_UI)
FIELDS.update({k: v for k, v in MEETINGS_FIELDS.items() if k not in FIELDS})
FIELDS.update(PLANS_FIELDS)
FIELDS.update(AUTH_FIELDS)
FIELDS.update(LISTS_FIELDS)
ERRORS.update(MEETINGS_ERRORS)
ERRORS.update(PLANS_ERRORS)
ERRORS.update(AUTH_ERRORS)
ERRORS.update(LISTS_ERRORS)
from web.i18n.messages_admin import ADMIN_ERRORS, ADMIN_FIELDS, ADMIN_UI  # noqa: E402

UI.update(ADMIN_UI)
FIELDS.update({k: v for k, v in ADMIN_FIELDS.items() if k not in FIELDS})
ERRORS.update({k: v for k, v in ADMIN_ERRORS.items() if k not in ERRORS})

from web.i18n.messages_corrections import CORRECTIONS_ERRORS, CORRECTIONS_FIELDS, CORRECTIONS_UI  # noqa: E402

UI.update(CORRECTIONS_UI)
FIELDS.update({k: v for k, v in CORRECTIONS_FIELDS.items() if k not in FIELDS})
ERRORS.update(CORRECTIONS_ERRORS)

from web.i18n.messages_support_plans import (  # noqa: E402
    SUPPORT_PLANS_ERRORS,
    SUPPORT_PLANS_FIELDS,
    SUPPORT_PLANS_UI,
)

UI.update(SUPPORT_PLANS_UI)
FIELDS.update({k: v for k, v in SUPPORT_PLANS_FIELDS.items() if k not in FIELDS})
ERRORS.update(SUPPORT_PLANS_ERRORS)

from web.i18n.messages_casework import CASEWORK_ERRORS, CASEWORK_FIELDS, CASEWORK_UI  # noqa: E402

UI.update(CASEWORK_UI)
FIELDS.update({k: v for k, v in CASEWORK_FIELDS.items() if k not in FIELDS})
ERRORS.update({k: v for k, v in CASEWORK_ERRORS.items() if k not in ERRORS})
from web.i18n.messages_privacy import PRIVACY_ERRORS, PRIVACY_FIELDS, PRIVACY_UI  # noqa: E402

UI.update(PRIVACY_UI)
FIELDS.update({k: v for k, v in PRIVACY_FIELDS.items() if k not in FIELDS})
ERRORS.update(PRIVACY_ERRORS)
