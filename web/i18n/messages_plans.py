"""Screen text of the planner's screens (計画・指標), in Japanese and English.

Japanese labels follow domain brief §8 and ``projections.reports.labels`` (the
reports' own labels), so a screen and the file downloaded from it agree.
Merged into ``web.i18n.messages`` and ``web.i18n.vocabulary`` with one line each.
"""

from __future__ import annotations

from projections.reports import labels as ja

Text = tuple[str, str]

PLANS_UI: dict[str, Text] = {
    "plans_title": ("計画・指標", "Plans and indicators"),
    "no_plans": (
        "読み込まれた計画はありません（kasane plan load で読み込みます）。",
        "No plan has been loaded yet (kasane plan load).",
    ),
    "plan_period": ("計画期間", "Plan period"),
    "plan_revision": ("第{revision}版", "revision {revision}"),
    "plan_code": ("計画コード", "Plan code"),
    "open_plan": ("{name}を開く", "Open {name}"),
    "fiscal_year": ("年度", "Fiscal year"),
    "as_of": ("時点", "As of"),
    "as_of_hint": (
        "空欄で最新。日時を選ぶと、その時点までに記録されていた内容で集計します（日本時間）。",
        "Blank for now; a moment shows the figures as recorded by then (Japan time).",
    ),
    "show": ("表示", "Show"),
    "now_view": ("最新の記録で集計", "As recorded now"),
    "as_of_view": ("{moment}時点の記録で集計", "As recorded by {moment}"),
    "back_to_now": ("最新の集計に戻る", "Back to the current figures"),
    "measure": ("施策", "Measure"),
    "programme": ("事業", "Programme"),
    "indicator": ("指標", "Indicator"),
    "department": ("担当課", "Department"),
    "unit": ("単位", "Unit"),
    "target": ("目標", "Target"),
    "actual": ("実績", "Actual"),
    "rate": ("達成率", "Achievement"),
    "achievement_status": ("達成状況", "Achieved?"),
    "rating": ("評価", "Rating"),
    "manual_mark": ("（手動）", " (manual)"),
    "relisted_mark": ("（再掲）", " (re-listed)"),
    "final_target_mark": ("（最終目標・{year}）", " (final target, {year})"),
    "target_tbd": ("未設定", "to be decided"),
    "entered_by_hand": ("手入力", "entered"),
    "counted": ("集計", "counted"),
    "share_achieved": ("達成した事業 {achieved}/{evaluated}", "{achieved} of {evaluated} programmes achieved"),
    "summary_table": ("評価総括表", "Summary of ratings"),
    "measures_count": ("施策数", "Measures"),
    "measures_list": ("該当する施策", "Measures"),
    "chart_title": ("{measure}：目標と実績", "{measure}: target and actual"),
    "chart_desc": (
        "指標ごとの横棒グラフ。灰色が目標、青が実績。各指標の棒は、その指標の目標と実績の大きい方を全幅とします。",
        "One pair of bars per indicator: grey is the target, blue the actual. Each pair is scaled to "
        "the larger of its two values.",
    ),
    "chart_legend_target": ("目標", "Target"),
    "chart_legend_actual": ("実績", "Actual"),
    "downloads": ("ダウンロード", "Download"),
    "download_json": ("JSON", "JSON"),
    "download_csv": ("CSV（進捗管理シート）", "CSV (progress sheet)"),
    "download_xlsx": ("Excel（進捗管理シート）", "Excel (progress sheet)"),
    "changes_title": ("変更の履歴（{moment}以降）", "Changes since {moment}"),
    "changes_page": ("変更の履歴", "Changes"),
    "changes_link": ("この時点以降の変更を見る", "What changed since then"),
    "changes_since": ("基準の時点", "Since"),
    "no_changes": ("この時点以降、集計に影響した記録はありません。", "Nothing recorded since then changed a figure."),
    "figure_before": ("時点の値", "Then"),
    "figure_after": ("現在の値", "Now"),
    "change_kind": ("変更", "Change"),
    "event_kind": ("記録の種類", "Kind of record"),
    "occurred_on": ("日付", "Date"),
    "notification": ("記録番号", "Record no."),
    "case_ref": ("ケース番号", "Case no."),
    "meeting_ref": ("会議", "Meeting"),
    "agency_col": ("機関", "Agency"),
    "changed_fields": ("変更された項目", "Fields changed"),
    "entries_since": ("入力・評価の記録", "Entries"),
    "rating_changes": ("評価が変わった施策", "Ratings that changed"),
    "provenance_title": ("{indicator}の内訳", "Where {indicator} comes from"),
    "provenance_count": ("集計値 {count}（{mode}）", "Figure {count} ({mode})"),
    "provenance_rule": ("集計の条件", "Counting rule"),
    "provenance_events": ("集計した記録", "Records counted"),
    "provenance_entries": ("入力の履歴", "Entries"),
    "no_events": ("該当する記録はありません。", "No record is counted."),
    "no_entries": ("入力はまだありません。", "Nothing entered yet."),
    "back_to_plan": ("計画の年度へ戻る", "Back to the plan year"),
    "period": ("集計期間", "Period"),
    "entries_title": ("評価の入力", "Evaluation entries"),
    "entries_link": ("評価を入力する", "Enter evaluations"),
    "form_indicator_value": ("指標の実績を入力", "Enter an indicator's actual"),
    "form_judgement": ("事業の達成・未達成を判定（手動）", "Judge a programme (manual)"),
    "form_review": ("Do・Check・Actを記入", "Write Do / Check / Act"),
    "form_policy": ("次年度方針を設定", "Set next year's policy"),
    "form_opinion": ("委員会からの意見を記録", "Record a committee opinion"),
    "history": ("履歴", "History"),
    "no_history": ("まだ記録はありません。", "Nothing recorded yet."),
    "recorded_by": ("{user}", "{user}"),
    "achieved_yes": ("達成", "Achieved"),
    "achieved_no": ("未達成", "Not achieved"),
    "whole_measure": ("施策全体", "The whole measure"),
    "manual_indicators_none": ("この計画には手入力の指標はありません。", "This plan has no hand-entered indicator."),
    "value_hint": ("数値（例：12）または段階の名前（例：導入検討）", "A number (12) or a status name"),
    "status_values": ("段階：{statuses}", "Statuses: {statuses}"),
    "entered_value": ("入力値", "Value"),
    "plan_conflict": (
        "他の人がこの年度の評価を先に更新しました。入力内容はそのまま残っています。"
        "下の履歴で最新の記録を確認してから、もう一度登録してください。",
        "Someone else changed this year's evaluation first. Your input is kept: check the latest "
        "entries in the history below and save again.",
    ),
    "entries_planners_only": (
        "評価の入力は計画・評価担当の利用者が行います。ここでは入力の履歴を確認できます。",
        "Evaluation entries are made by planners; here you can read their history.",
    ),
}

PLANS_FIELDS: dict[str, Text] = {
    "as_of": ("時点", "As of"),
    "since": ("基準の時点", "Since"),
    "fiscal_year": ("年度", "Fiscal year"),
    "plan_code": ("計画", "Plan"),
    "indicator": ("指標", "Indicator"),
    "value": ("実績値", "Value"),
    "programme": ("事業", "Programme"),
    "measure": ("施策", "Measure"),
    "achieved": ("判定", "Judgement"),
    "do": ("Do（実行）", "Do"),
    "check": ("Check（評価）", "Check"),
    "act": ("Act（課題及び改善点）", "Act (issues and improvements)"),
    "policy": ("次年度方針", "Next year's policy"),
    "opinion": ("意見", "Opinion"),
    "opinion_id": ("意見", "Opinion"),
    "committee": ("委員会", "Committee"),
    "plan_type": ("プランの種類", "Plan type"),
}

PLANS_ERRORS: dict[tuple[str, str | None], Text] = {
    ("bad_moment", None): (
        "日時を「2026-05-31T17:00」の形で入力してください。",
        "Enter a moment such as 2026-05-31T17:00.",
    ),
    ("moment_in_future", None): ("未来の時点は指定できません。", "The moment is in the future."),
    ("plan_not_loaded_then", None): (
        "その時点では、この計画はまだ読み込まれていませんでした。より後の時点を選んでください。",
        "The plan had not been loaded by then; choose a later moment.",
    ),
    ("required", "since"): ("基準の時点を入力してください。", "Enter the moment to compare with."),
    ("invalid_input", "value"): (
        "指標の単位に合う値を入力してください（数値は0以上、件・回・人などは整数、段階は一覧の名前）。",
        "Enter a value that fits the unit (a number ≥ 0, whole for counts, or a status).",
    ),
    ("invalid_input", "indicator"): (
        "この指標は記録から集計されるため、手入力できません。",
        "This indicator is counted from the records, not entered.",
    ),
    ("invalid_input", "fiscal_year"): (
        "この年度は計画期間外か、まだ始まっていません（年度は2025のように西暦で指定します）。",
        "The year is outside the plan period or has not begun (write it as 2025).",
    ),
    ("invalid_input", "do"): (
        "Do・Check・Actのいずれかを入力してください。",
        "Write at least one of Do, Check and Act.",
    ),
    ("invalid_input", "policy"): ("次年度方針を選んでください。", "Choose a policy."),
    ("not_found", "indicator"): ("その指標はこの計画にありません。", "The plan has no such indicator."),
    ("not_found", "programme"): (
        "その事業はこの計画（施策）にありません。",
        "The plan (measure) has no such programme.",
    ),
    ("not_found", "measure"): ("その施策はこの計画にありません。", "The plan has no such measure."),
    ("not_found", "plan_code"): ("計画が見つかりません。", "There is no such plan."),
    ("not_found", "indicator_code"): ("指標が見つかりません。", "There is no such indicator."),
}


def _both(japanese: dict[str, str], english: dict[str, str]) -> dict[str, Text]:
    return {code: (label, english[code]) for code, label in japanese.items()}


PLANS_VOCABULARY: dict[str, dict[str, Text]] = {
    "rating": _both(
        ja.RATING_LABELS, {"A": "Progressing", "B": "Holding steady", "C": "Little progress", "D": "No progress"}
    ),
    "outcome": _both(
        ja.OUTCOME_LABELS, {"achieved": "Achieved", "not_achieved": "Not achieved", "not_evaluated": "Not evaluated"}
    ),
    "policy": _both(
        ja.POLICY_LABELS,
        {
            "new": "New",
            "continue": "Continue",
            "enhance": "Enhance",
            "improve": "Improve",
            "reduce": "Reduce",
            "abolish": "Abolish",
        },
    ),
    "counting": _both(ja.COUNTING_LABELS, {"total": "every event", "distinct": "distinct", "new": "first seen"}),
    "unmeasured": {
        k: v
        for k, v in _both(
            {k: v for k, v in ja.UNMEASURED_LABELS.items() if k},
            {
                "no_actual": "no actual",
                "no_target": "no target",
                "target_tbd": "target to be decided",
                "no_baseline": "no baseline",
            },
        ).items()
    },
    "change": {
        "recorded": ("追加（後日入力）", "recorded later"),
        "voided": ("取消", "voided"),
        "corrected": ("訂正", "corrected"),
    },
    "fact_kind": {
        "case.opened": ("相談受付（ケース開始）", "Case opened"),
        "case.consultation": ("相談", "Consultation"),
        "case.outreach": ("アウトリーチ（訪問）", "Outreach visit"),
        "case.plan_made": ("支援プラン作成", "Support plan made"),
        "case.plan_revised": ("支援プラン見直し", "Support plan revised"),
        "case.referral_sent": ("つなぎ", "Referral"),
        "case.placement_started": ("参加支援の開始", "Placement started"),
        "meeting.held": ("会議の開催", "Meeting held"),
        "meeting.attendance": ("会議への出席", "Meeting attendance"),
        "meeting.case_discussed": ("会議で検討したケース", "Case discussed"),
        "community.consultation_session": ("相談会", "Consultation session"),
        "community.area_assessment": ("地域アセスメント", "Area assessment"),
        "community.liaison_meeting_attendance": ("連携会議への参加", "Liaison meeting attendance"),
        "community.training": ("研修・説明会", "Training"),
        "community.community_meeting": ("協議体・円卓会議", "Community meeting"),
        "community.outreach_session": ("巡回相談会", "Outreach session"),
        "community.other": ("その他の地域活動", "Other community activity"),
    },
    "evaluation_record": {
        "Loaded": ("計画の読込", "Plan loaded"),
        "Revised": ("計画の改訂", "Plan revised"),
        "Started": ("評価の開始", "Evaluation started"),
        "IndicatorValueRecorded": ("実績の入力", "Value entered"),
        "IndicatorValueCleared": ("実績の取消", "Value cleared"),
        "ProgrammeJudged": ("達成・未達成の判定", "Programme judged"),
        "ProgrammeJudgementCleared": ("判定の取消", "Judgement cleared"),
        "ReviewWritten": ("Do・Check・Act", "Do / Check / Act"),
        "NextYearPolicySet": ("次年度方針", "Next year's policy"),
        "CommitteeOpinionRecorded": ("委員会からの意見", "Committee opinion"),
        "MeasureRated": ("評価（手動）", "Manual rating"),
        "MeasureRatingCleared": ("評価の取消", "Rating cleared"),
    },
}
