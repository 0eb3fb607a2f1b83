"""Screen text of the support plan screens (支援プラン), in Japanese and English.

Merged into ``web.i18n.messages`` with one line each, like the other screen areas.
"""

from __future__ import annotations

Text = tuple[str, str]

SUPPORT_PLANS_UI: dict[str, Text] = {
    "sp_void": ("この版を取り消す", "Void this version"),
    "sp_void_hint": (
        "第{version}版を取り消すと、その前の版が現行版に戻ります（第1版なら支援プランなしに戻ります）。"
        "ケースの状況（支援中など）は自動では戻りません。必要なら状況を変更してください。",
        "Voiding version {version} makes the version before it current again (none for version 1). "
        "The case's status is not moved back: change it yourself if needed.",
    ),
    "sp_voided": ("取消済み", "voided"),
    "sp_title": ("支援プラン", "Support plan"),
    "sp_versions": ("これまでの版", "All versions"),
    "sp_current": ("現行版", "current"),
    "sp_new": ("支援プランを作成", "Make the support plan"),
    "sp_review": ("プランを見直す（新しい版を作成）", "Review the plan (make a new version)"),
    "sp_open": ("支援プランを開く", "Open the support plan"),
    "sp_at_meeting_link": ("この会議でプランを作成・見直し", "Make or review the plan at this meeting"),
    "sp_adopted": ("{date}採択", "adopted {date}"),
    "sp_recorded_by": ("記録者", "Recorded by"),
    "sp_coordinator": ("ケース担当（主担当機関）", "Coordinator (lead agency)"),
    "sp_meeting": ("採択した会議", "Adopted at"),
    "sp_outside_meeting": ("会議外で作成", "Made outside a meeting"),
    "sp_adopted_at_meeting": ("会議で採択", "Adopted at a meeting"),
    "sp_print": ("印刷用表示", "Print view"),
    "sp_print_now": ("印刷する", "Print"),
    "sp_add_goal": ("目標を追加", "Add a goal"),
    "sp_add_action": ("役割分担を追加", "Add an action"),
    "sp_goal_n": ("目標{n}", "Goal {n}"),
    "sp_action_n": ("役割分担{n}", "Action {n}"),
    "sp_back_to_case": ("ケースに戻る", "Back to the case"),
    "sp_back_to_plan": ("支援プランに戻る", "Back to the support plan"),
    "sp_no_plan": ("このケースにはまだ支援プランがありません。", "This case has no support plan yet."),
    "sp_revision_note": (
        "見直すと新しい版が作られ、これまでの版はそのまま読めます。現行版の内容から始まります。",
        "A review makes a new version; earlier versions stay readable. It starts from the current one.",
    ),
    "sp_lifecycle_note": (
        "プランを採択するとケースは「支援中」に移ります。見直しでは「モニタリング」を経て「支援中」に戻ります。",
        "Adopting a plan moves the case to 'in support'; a review passes through 'monitoring' back to 'in support'.",
    ),
    "sp_status_unchanged_note": (
        "このケースは「{status}」のため、プランを採択してもステータスは変わりません。"
        "「プラン作成」に進めてから採択すると「支援中」に移ります。",
        "This case is at '{status}', so adopting a plan leaves its status as it is; "
        "move it to 'planning' first and adopting the plan moves it to 'in support'.",
    ),
    "sp_adopt": ("採択して登録", "Adopt"),
    "sp_no_meeting_choice": ("（会議外で作成）", "(outside a meeting)"),
    "sp_household": ("世帯", "Household"),
    "sp_made_by_case": ("ケース番号", "Case"),
    "sp_version_heading": ("第{version}版", "Version {version}"),
    "sp_due_none": ("期限なし", "no due date"),
    "form_plan_review": ("プランの経過を確認（モニタリング）", "Monitor the plan (no new version)"),
    "sp_monitoring_note": (
        "プランの内容は変えずに経過を記録し、次回見直し日を決めます。"
        "支援中のケースはモニタリングに移ります。内容を変えるときは「プランを見直す」で新しい版を作ります。",
        "Records how the plan is going and the next review date without changing it; a case in "
        "support moves to monitoring. To change the plan, review it into a new version.",
    ),
}

SUPPORT_PLANS_FIELDS: dict[str, Text] = {
    "plan_type": ("プランの種類", "Plan type"),
    "adopted_on": ("採択日", "Adopted on"),
    "review_due_on": ("見直し予定日", "Review due"),
    "description": ("内容", "What"),
    "person": ("担当者", "Person in charge"),
    "due_on": ("期限", "Due"),
    "version": ("版", "Version"),
    "plan_reason": ("見直しの理由", "Reason for the review"),
    "reviewed_on": ("確認日", "Reviewed on"),
    "next_review_due_on": ("次回見直し予定日", "Next review due"),
}

SUPPORT_PLANS_ERRORS: dict[tuple[str, str | None], Text] = {
    ("invalid_input", "meeting_id"): (
        "この会議ではこのケースを検討していません。",
        "That meeting did not discuss this case.",
    ),
    ("not_found", "meeting_id"): ("会議が見つかりません。", "There is no such meeting."),
    ("transition_not_allowed", "meeting_id"): ("開催済みの会議だけを選べます。", "Only a held meeting can be chosen."),
    ("consent_required", "meeting_id"): (
        "会議の日に会議での検討への同意がなかったため、この会議には結び付けられません。",
        "The case had no consent to meeting discussion on the meeting day.",
    ),
    ("invalid_input", "review_due_on"): (
        "見直し予定日を採択日より後の日付で入力してください。",
        "Enter a review date after the adoption date.",
    ),
    ("invalid_input", "adopted_on"): (
        "採択日が早すぎます（受付日・現行版の採択日・会議の日より前にはできません）。",
        "Too early: not before the case was opened, the current version or the meeting.",
    ),
    ("invalid_input", "goals"): ("目標を1つ以上入力してください。", "Enter at least one goal."),
    ("invalid_input", "actions"): (
        "役割分担を1つ以上、内容と機関を入れて入力してください。",
        "Enter at least one action with what and which agency.",
    ),
    ("required", "actions"): (
        "役割分担の内容と機関を入力してください。",
        "Enter what and which agency for each action.",
    ),
    ("bad_date", "actions"): (
        "役割分担の期限を「2026-05-11」または「令和8年5月11日」の形で入力してください。",
        "Enter each action's due date such as 2026-05-11.",
    ),
    ("not_found", "actions"): (
        "役割分担の機関を一覧から選んでください。",
        "Choose each action's agency from the list.",
    ),
    ("invalid_input", "plan_type"): ("プランの種類を選んでください。", "Choose the plan type."),
    ("already_exists", "plan"): (
        "このケースにはすでに支援プランがあります。見直しで新しい版を作ってください。",
        "The case already has a plan; review it to make a new version.",
    ),
    ("not_found", "plan"): ("このケースにはまだ支援プランがありません。", "The case has no plan yet."),
    ("invalid_input", "reviewed_on"): ("確認日がプランの採択日より前です。", "The review is dated before the plan."),
    ("invalid_input", "next_review_due_on"): (
        "次回見直し予定日は確認日より後にしてください。",
        "The next review must be after this one.",
    ),
    ("not_found", "plan_version"): (
        "取り消せる版がありません（すでに取り消されたか、存在しません）。",
        "There is no such plan version to void, or it has been voided.",
    ),
    ("transition_not_allowed", "plan_version"): (
        "取り消せるのは現行版だけです。",
        "Only the current version can be voided.",
    ),
    ("concurrent_change", "version"): (
        "見直そうとした版は現行版ではありません。最新の版を確認してください。",
        "That version is no longer the current one; read the latest first.",
    ),
}
