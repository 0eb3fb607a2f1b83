"""Screen text of the master-data admin screens (merged into ``web.i18n.messages``)."""

from __future__ import annotations

Text = tuple[str, str]

ADMIN_UI: dict[str, Text] = {
    "nav_admin_master": ("マスタ管理", "Master data"),
    "admin_master_title": ("マスタ管理：{what}", "Master data: {what}"),
    "admin_master_intro": (
        "一覧は表示順です。廃止したものも過去の記録や報告のために残り、「廃止」と表示されます。",
        "Lists are in display order. Retired records stay (old records and reports keep them), marked retired.",
    ),
    "admin_list_agencies": ("機関", "Agencies"),
    "admin_list_areas": ("圏域・地区", "Areas"),
    "admin_list_meeting_types": ("会議の種類", "Meeting types"),
    "admin_list_staff": ("職員", "Staff"),
    "admin_col_order": ("表示順", "Order"),
    "admin_col_code": ("コード", "Code"),
    "admin_col_name": ("名称", "Name"),
    "admin_col_category": ("区分", "Kind"),
    "admin_col_state": ("状態", "State"),
    "admin_col_actions": ("変更", "Change"),
    "admin_active": ("使用中", "In use"),
    "admin_retired": ("廃止", "Retired"),
    "admin_add_title": ("新規追加", "Add"),
    "admin_add_submit": ("追加", "Add"),
    "admin_rename_submit": ("名称を変更", "Rename"),
    "admin_reorder_submit": ("表示順を変更", "Reorder"),
    "admin_retire_submit": ("廃止", "Retire"),
    "admin_consent_submit": ("同意の要否を変更", "Change the consent rule"),
    "admin_consent_yes": ("同意が必要", "Needs consent"),
    "admin_role_submit": ("役割を変更", "Change role"),
    "admin_agency_submit": ("所属を変更", "Change agency"),
    "admin_changes_of": ("{name}の変更", "Change {name}"),
    "admin_no_records": ("まだ登録がありません。", "Nothing registered yet."),
}

ADMIN_FIELDS: dict[str, Text] = {
    "code": ("コード（半角英数字）", "Code (letters, digits, - and _)"),
    "category": ("区分", "Kind"),
    "display_order": ("表示順（小さいほど上）", "Display order (smaller first)"),
    "name_en": ("英語名（任意）", "English name (optional)"),
    "requires_consent": ("同意が必要", "Needs consent"),
    "restricted_records": ("記録は出席機関のみ閲覧", "Records restricted to attending agencies"),
    "reason": ("廃止の理由", "Reason for retiring"),
    "kind": ("種類", "Kind"),
    "role": ("役割", "Role"),
}

ADMIN_ERRORS: dict[tuple[str, str | None], Text] = {
    ("unchanged", None): ("変更がありません（すでにその内容です）。", "Nothing to change: it is already so."),
    ("invalid_input", "display_order"): (
        "表示順は0〜9999の整数で入力してください。",
        "The display order must be a whole number from 0 to 9999.",
    ),
    ("invalid_input", "code"): (
        "コードは半角英数字・「-」・「_」で入力してください（64文字以内）。",
        "A code may contain only letters, digits, '-' and '_' (64 at most).",
    ),
    ("invalid_input", "category"): ("区分を選んでください。", "Choose a kind."),
    ("invalid_input", "agency_type"): ("機関の区分を選んでください。", "Choose the kind of agency."),
    ("invalid_input", "area_kind"): ("圏域・地区の区分を選んでください。", "Choose the kind of area."),
    ("invalid_input", "level"): ("会議の段階を選んでください。", "Choose the level of the meeting."),
    ("transition_not_allowed", "code"): ("すでに廃止されています。", "It has already been retired."),
    ("invalid_input", "coordinator"): (
        "担当者には相談支援員かスーパーバイザーを選んでください。",
        "Choose a coordinator or supervisor as the case's coordinator.",
    ),
    ("already_exists", "id"): ("そのコードはすでに使われています。", "That code is already in use."),
}
