"""Screen text of the case search and of the list limits (merged into ``web.i18n.messages``)."""

from __future__ import annotations

from domain.validation import DEFAULT_LIST_LIMIT, LIST_LIMITS

Text = tuple[str, str]

PRIVACY_UI: dict[str, Text] = {
    "case_search_title": ("ケースを探す", "Find a case"),
    "case_search_submit": ("検索", "Search"),
    "case_search_hint": (
        "世帯名・世帯員の氏名・カナ（ひらがな・カタカナ・半角どれでも）・受付番号の一部で探せます。",
        "Part of a household or member name, its kana (any script or width) or the case number.",
    ),
    "case_search_results": ("「検索」の結果", "Search results"),
    "case_search_more": (
        "一致したケースのうち最初の{n}件を表示しています。語を足して絞り込んでください。",
        "The first {n} matching cases are shown; add words to narrow the search.",
    ),
}

PRIVACY_UI.update(
    {
        "provenance_outside_scope": (
            "担当範囲外のケースの件数（機関・月ごと）",
            "Cases outside your scope: counts by agency and month",
        ),
        "provenance_outside_scope_hint": (
            "担当していないケースの記録は件数だけを表示します（少数は「<k」と表示）。",
            "Records of cases you do not work on are counts only (small ones as <k).",
        ),
        "provenance_month": ("年月", "Month"),
        "case_number_label": ("受付番号", "Case number"),
        "provenance_events_count": ("件数", "Events"),
    }
)

PRIVACY_FIELDS: dict[str, Text] = {
    "q": ("検索語", "Search words"),
}

_LISTED = {
    "attendees": ("出席機関", "attendees"),
    "discussions": ("検討したケース", "cases discussed"),
    "planned_case_ids": ("予定のケース", "planned cases"),
    "action_items": ("役割分担", "action items"),
    "members": ("世帯員", "household members"),
    "goals": ("プランの目標", "plan goals"),
}

PRIVACY_ERRORS: dict[tuple[str, str | None], Text] = {
    ("invalid_input", "q"): ("検索語は100文字以内で入力してください。", "Search words: at most 100 characters."),
    ("too_many", None): (
        f"件数が多すぎます。{DEFAULT_LIST_LIMIT}件までにしてください。",
        f"Too many items: at most {DEFAULT_LIST_LIMIT}.",
    ),
    **{
        ("too_many", field): (
            f"{ja}は{LIST_LIMITS[field]}件までです。減らしてから、もう一度送信してください。",
            f"At most {LIST_LIMITS[field]} {en}.",
        )
        for field, (ja, en) in _LISTED.items()
    },
}
