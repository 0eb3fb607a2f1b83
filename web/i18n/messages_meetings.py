"""Screen text, field names and error messages of the meeting screens (merged into ``web.i18n.messages``).

Kept apart so that the meeting screens add their words without touching
the shared dictionaries' existing keys.
"""

from __future__ import annotations

Text = tuple[str, str]

MEETINGS_UI: dict[str, Text] = {
    "meetings_title": ("支援会議", "Support meetings"),
    "meeting_new_link": ("会議を登録・記録する", "Schedule or record a meeting"),
    "meeting_not_attended": ("記録は出席機関のみ閲覧できます", "record visible to the attending agencies only"),
    "meeting_period_nav": ("表示する期間", "Period shown"),
    "meeting_previous_month": ("前の月", "Previous month"),
    "meeting_next_month": ("次の月", "Next month"),
    "meeting_previous_fy": ("前年度", "Previous fiscal year"),
    "meeting_next_fy": ("次年度", "Next fiscal year"),
    "meeting_fy_heading": ("令和{reiwa}年度（FY{year}）", "FY{year} (Reiwa {reiwa})"),
    "meeting_month_heading": ("令和{reiwa}年{month}月（{year}年）", "{year}-{month:02d}"),
    "meeting_view_month": ("月ごとに表示", "Show one month"),
    "meeting_view_fy": ("年度で表示", "Show the fiscal year"),
    "meetings_count": ("{count}件", "{count} meetings"),
    "meeting_month_label": ("{year}年{month}月", "{year}-{month:02d}"),
    "meeting_date": ("開催日（予定日）", "Date"),
    "meeting_cases_count": ("検討ケース", "Cases"),
    "meeting_open_items": ("未完了の役割分担", "Open tasks"),
    "no_meetings": ("この期間の会議はありません。", "No meetings in this period."),
    "meeting_new_title": ("会議の登録・記録", "Schedule or record a meeting"),
    "meeting_record_title": ("開催の記録", "Record the meeting as held"),
    "meeting_scheduled_for": ("{date}予定", "scheduled for {date}"),
    "meeting_section_meeting": ("会議", "Meeting"),
    "meeting_mode_held": ("開催した会議を記録する", "Record a meeting that was held"),
    "meeting_mode_schedule": ("予定として登録する", "Schedule a meeting"),
    "meeting_title_hint": ("例：11月 重層的支援会議", "e.g. November layered support meeting"),
    "meeting_section_cases": ("検討したケース", "Cases discussed"),
    "meeting_cases_hint": (
        "世帯名またはケース番号で検索して追加します。予定として登録する場合は、検討予定のケースになります。",
        "Search by household name or case number and add each case. When scheduling, these are "
        "the cases planned for discussion.",
    ),
    "meeting_case_search": ("ケースを検索（世帯名・ケース番号）", "Find a case (household name or case number)"),
    "meeting_case_search_hint": (
        "入力すると候補が表示されます。「追加」で検討したケースに加えます。",
        "Matches appear as you type; choose Add to take the case up.",
    ),
    "meeting_case_search_results": ("検索結果", "Matching cases"),
    "meeting_add_case": ("{name}を追加", "Add {name}"),
    "case_number": ("ケース番号 {number}", "Case no. {number}"),
    "meeting_section_attendees": ("出席機関", "Attending agencies"),
    "meeting_held_only_hint": ("開催を記録する場合に入力します。", "Needed when recording a meeting as held."),
    "meeting_add_attendee": ("出席機関の入力欄を追加", "Add an attendee row"),
    "meeting_section_items": ("役割分担（宿題）", "Action items"),
    "meeting_items_hint": (
        "担当機関・期限・内容を入力します。ケースに関する宿題は対象ケースを選びます。",
        "Owner agency, due date and what to do; choose the case when the task is about one.",
    ),
    "meeting_add_item": ("役割分担の入力欄を追加", "Add an action item row"),
    "meeting_section_summary": ("会議のまとめ", "Summary"),
    "meeting_record_submit": ("開催を記録", "Record as held"),
    "meeting_save_submit": ("登録", "Save"),
    "meeting_attendees_row": ("出席機関 {n}", "Attendee {n}"),
    "meeting_cases_row": ("検討したケース {n}", "Case {n}"),
    "meeting_items_row": ("役割分担 {n}", "Action item {n}"),
    "meeting_role_hint": ("例：相談支援包括化推進員、CSW", "e.g. promotion officer, CSW"),
    "meeting_remove_row": ("この欄を削除", "Remove this row"),
    "meeting_remove_case": ("このケースを外す", "Remove this case"),
    "meeting_remove_row_of": ("{row}を削除", "Remove {row}"),
    "meetings_back": ("会議一覧へ戻る", "Back to the meetings"),
    "meeting_details": ("会議の概要", "Meeting"),
    "meeting_consent_checked": ("開催日に同意があるケースのみ検討", "Only cases with consent on the day"),
    "meeting_record_link": ("開催を記録する", "Record as held"),
    "meeting_planned_cases": ("検討予定のケース", "Cases planned"),
    "meeting_cancel_title": ("中止する", "Cancel the meeting"),
    "meeting_cancel_submit": ("中止を登録", "Cancel the meeting"),
    "meeting_no_cases": ("検討したケースはありません。", "No cases were discussed."),
    "meeting_no_items": ("役割分担はありません。", "No action items."),
    "meeting_no_open_items": ("未完了の役割分担はありません。", "No open action items."),
    "meeting_open_items_count": ("未完了の役割分担 {n}件", "{n} open action items"),
    "meeting_overdue_items_count": ("うち期限切れ {n}件", "{n} overdue"),
    "meeting_cases_count_n": ("検討ケース {n}件", "{n} cases discussed"),
    "meeting_attendees_count_n": ("出席 {n}機関", "{n} agencies attended"),
    "meeting_item_done_on": ("{date}完了", "done {date}"),
    "meeting_item_overdue": ("期限切れ", "overdue"),
    "meeting_complete_item": ("完了にする", "Mark done"),
    "meeting_complete_item_of": ("「{item}」を完了にする", "Mark “{item}” done"),
    "case_meetings_title": ("支援会議", "Support meetings"),
    "case_no_meetings": ("このケースを検討した会議はまだありません。", "No meeting has discussed this case yet."),
    "case_open_items_title": ("未完了の役割分担", "Open action items"),
    "overdue_action_items": ("期限切れの役割分担（支援会議）", "Overdue meeting action items"),
    "no_overdue_action_items": ("期限切れの役割分担はありません。", "No overdue action items."),
    "meeting_planned_cases_count_n": ("検討予定ケース {n}件", "{n} cases planned"),
    "meeting_time": ("時間", "Time"),
    "meeting_time_hint": ("例：14:00", "e.g. 14:00"),
    "meeting_end_time_hint": ("例：15:30", "e.g. 15:30"),
    "meeting_closure_reason_hint": (
        "検討結果を「終結（この会議で決定）」にした場合に選びます。ケースは開催日付で終結になります。",
        "Choose it when the outcome is closure decided at this meeting: the case is closed as of the meeting date.",
    ),
    "meeting_consent_warning_title": (
        "開催日に有効な同意が記録されていないケースがあります。予定は登録しました。開催の記録までに同意を記録してください"
        "（同意がないままでは、このケースを検討したものとして記録できません）。",
        "Some planned cases have no consent in force on the meeting date. The meeting is scheduled; record the "
        "consent before recording the meeting as held, or it cannot take these cases up.",
    ),
    "meeting_consent_warning": (
        "{household}（ケース番号 {number}）：会議での検討への同意がありません",
        "{household} (case no. {number}): no consent to discussion at the meeting",
    ),
    "timeline_closed_at_meeting": ("支援会議で終結を決定", "Closure decided at a meeting"),
    "timeline_meeting_link": ("会議の記録を開く", "Open the meeting record"),
}

MEETINGS_FIELDS: dict[str, Text] = {
    "meeting_status": ("状況", "Status"),
    "meeting_kind": ("会議の種類", "Meeting type"),
    "meeting_id": ("会議", "Meeting"),
    "title": ("会議名", "Title"),
    "convenor_agency": ("開催機関（事務局）", "Convened by"),
    "meeting_on": ("開催日（予定日）", "Date (held or planned)"),
    "held_on": ("開催日", "Held on"),
    "scheduled_on": ("予定日", "Scheduled for"),
    "mode": ("登録の種類", "What to record"),
    "is_trial": ("試行実施", "Trial"),
    "meeting_summary": ("会議のまとめ", "Summary"),
    "cases": ("検討したケース", "Cases discussed"),
    "attendees": ("出席機関", "Attending agencies"),
    "items": ("役割分担", "Action items"),
    "meeting_attendees_agency": ("機関", "Agency"),
    "meeting_attendees_role": ("役割", "Role"),
    "meeting_cases_case_id": ("ケース", "Case"),
    "meeting_cases_household": ("世帯", "Household"),
    "meeting_cases_outcome": ("検討結果", "Outcome"),
    "meeting_cases_decisions": ("決定事項", "Decisions"),
    "meeting_cases_role_allocation": ("役割分担", "Role allocation"),
    "meeting_items_description": ("内容", "Task"),
    "meeting_items_owner_agency": ("担当機関", "Owner agency"),
    "meeting_items_due_on": ("期限", "Due"),
    "meeting_items_case_id": ("対象ケース（任意）", "Case (optional)"),
    "done_on": ("完了日", "Done on"),
    "cancelled_on": ("中止日", "Cancelled on"),
    "starts_at": ("開始時刻", "Starts at"),
    "ends_at": ("終了時刻", "Ends at"),
    "place": ("場所", "Place"),
    "recorder": ("記録者", "Minutes taken by"),
    "meeting_cases_closure_reason": ("終結の理由", "Reason for closing"),
}

MEETINGS_ERRORS: dict[tuple[str, str | None], Text] = {
    ("consent_required", "meeting_discussions"): (
        "このケースには、開催日に有効な「重層的支援会議での検討」への同意が記録されていません。"
        "同意を記録してから登録するか、このケースを外してください（支援会議は同意なしで検討できます）。",
        "This case has no consent to discussion in force on the meeting date, which this meeting type requires. "
        "Record the consent first, or remove the case (a support meeting may discuss it without consent).",
    ),
    ("invalid_input", "meeting_discussions"): (
        "検討したケースを確認してください（この種類の会議では1件以上必要です。同じケースは1回だけ、"
        "受付日より前の会議では検討できません）。",
        "Check the cases: this meeting type needs at least one, each only once, and not before the case was opened.",
    ),
    ("not_found", "meeting_discussions"): ("ケースが見つかりません。", "There is no such case."),
    ("invalid_input", "meeting_attendees"): (
        "出席した機関を1つ以上入力してください。",
        "Enter at least one attending agency.",
    ),
    ("invalid_input", "meeting_action_items"): (
        "役割分担を確認してください：期限は開催日以降とし、対象ケースは検討したケースから選んでください。",
        "Check the action items: due on or after the meeting, about one of the cases discussed.",
    ),
    ("date_in_future", "meeting_held_on"): (
        "開催日が未来の日付です。予定として登録してください。",
        "The meeting is in the future: schedule it instead.",
    ),
    ("invalid_input", "meeting_meeting_type"): ("この会議の種類は使えません。", "That meeting type cannot be used."),
    ("not_found", "meeting_meeting_type"): ("会議の種類を選んでください。", "Choose the meeting type."),
    ("transition_not_allowed", "meeting_status"): (
        "この会議は予定の状態ではないため、この操作はできません（開催記録済み・中止済みなど）。",
        "This meeting is no longer scheduled (already recorded or cancelled).",
    ),
    ("invalid_input", "meeting_done_on"): (
        "開催日より前の日付は入力できません。",
        "The task cannot be done before the meeting.",
    ),
    ("transition_not_allowed", "meeting_item_id"): (
        "この役割分担はすでに完了しています。",
        "This action item is already done.",
    ),
    ("concurrent_change", "meeting_expected_version"): (
        "他の人がこの会議を先に更新しました。最新の状態を表示しました。入力内容はそのまま残っています。"
        "確認してからもう一度登録してください。",
        "Someone else changed this meeting first. The latest state is shown; your input is kept: "
        "check it and save again.",
    ),
    ("transition_not_allowed", "meeting_discussions"): (
        "このケースはすでに終結しています。もう一度終結を決定するには、先にケースを再開してください。",
        "This case is already closed; reopen it before deciding its closure again.",
    ),
    ("invalid_input", "meeting_closure_reason"): (
        "検討結果を「終結（この会議で決定）」にした場合は終結の理由を選んでください。それ以外の検討結果では、終結の理由は空欄にしてください。",
        "With the outcome closure decided, choose the reason for closing; with any other outcome, leave it blank.",
    ),
    ("invalid_input", "meeting_starts_at"): (
        "開始時刻は 14:00 のように入力してください（終了時刻だけを入力することはできません）。",
        "Enter the starting time like 14:00 (an end needs a start).",
    ),
    ("invalid_input", "meeting_ends_at"): (
        "終了時刻は 15:30 のように、開始時刻より後の時刻を入力してください。",
        "Enter an end time like 15:30, after the start.",
    ),
    ("invalid_input", "meeting_place"): (
        "場所は200文字以内で入力してください。",
        "Keep the place under 200 characters.",
    ),
    ("invalid_input", "meeting_recorder"): (
        "記録者は200文字以内で入力してください。",
        "Keep the recorder under 200 characters.",
    ),
    ("concurrent_change", "meeting_"): (
        "他の人が検討したケースを同時に更新しました。入力内容はそのまま残っています。もう一度登録してください。",
        "Someone else changed one of the cases at the same time. Your input is kept: save again.",
    ),
}
"""Keyed by the domain field with a ``meeting_`` prefix, so that they apply to the meeting screens only."""
