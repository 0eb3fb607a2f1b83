"""Screen text and error messages of the paged lists, the case list and the caseload (merged into ``messages``)."""

from __future__ import annotations

Text = tuple[str, str]

LISTS_UI: dict[str, Text] = {
    "page_range": ("{first}〜{last}件目", "rows {first}–{last}"),
    "page_next": ("次の{n}件 →", "Next {n} →"),
    "page_first": ("← 先頭に戻る", "← Back to the start"),
    "page_nav": ("ページ", "Pages"),
    "show_all_n": ("すべて表示（{n}件）", "Show all ({n})"),
    "top_n_of": ("期限切れの古い順に{shown}件を表示（全{total}件）", "The {shown} most overdue of {total}"),
    "ageing_top_n_of": ("長い順に{shown}件を表示（全{total}件）", "The {shown} longest of {total}"),
    "filter_review_overdue": ("プラン見直し期限切れ", "Plan review overdue"),
    "filter_in_status_days": ("同じステータスが{days}日以上", "In the same status for {days} days or more"),
    "filter_urgent_note": (
        "緊急度の高い順（期限・開始日の古い順）に表示しています。",
        "Most urgent first (oldest due date or status start).",
    ),
    "overdue_items_title": ("期限切れの役割分担（支援会議）一覧", "Overdue meeting action items"),
    "back_to_caseload": ("← 担当状況に戻る", "← Back to the caseload"),
}

LISTS_FIELDS: dict[str, Text] = {
    "limit": ("表示件数", "Rows per page"),
    "after": ("続きの位置", "Where to continue"),
    "in_status_days": ("同じステータスの日数", "Days in the same status"),
    "review_overdue": ("プラン見直し期限切れ", "Plan review overdue"),
}

LISTS_ERRORS: dict[tuple[str, str | None], Text] = {
    ("invalid_input", "limit"): (
        "表示件数は1〜200件の整数で指定してください。",
        "Rows per page must be a whole number from 1 to 200.",
    ),
    ("invalid_input", "after"): (
        "続きの位置が一覧にありません。一覧の先頭から表示し直してください。",
        "The place to continue from is not in this list; start again from the top.",
    ),
    ("invalid_input", "in_status_days"): (
        "日数は0以上の整数で指定してください。",
        "The number of days must be a whole number, 0 or more.",
    ),
    ("invalid_input", "query"): ("一覧の表示条件が正しくありません。", "The list's conditions are not valid."),
}
