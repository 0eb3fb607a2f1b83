"""Messages of the set-up file (``kasane setup load``, docs/setup-file.md), by problem and change code.

The loader's problems carry a code, the key's path and a detail (the allowed
values, the stored value …); what a person reads is here, in Japanese and English.
"""

from __future__ import annotations

Text = tuple[str, str]

SETUP_PROBLEMS: dict[str, Text] = {
    "toml_syntax": ("TOMLの書き方に誤りがあります（{detail}）", "not valid TOML ({detail})"),
    "unknown_section": (
        "知らない区分「{detail}」です。[[agency]]・[[area]]・[[meeting_type]]・[[staff]] のいずれかにしてください",
        "unknown section {detail!r}: use [[agency]], [[area]], [[meeting_type]] or [[staff]]",
    ),
    "not_blocks": ("[[{detail}]] の形のブロックで書いてください", "write each {detail} as a [[{detail}]] block"),
    "unknown_key": (
        "知らない項目「{detail}」です（綴りを確認してください）",
        "unknown key {detail!r} (check the spelling)",
    ),
    "required": ("必須の項目です。入力してください", "is required"),
    "not_text": ('文字列（"…" で囲んだ文字）で書いてください', "must be text in quotes"),
    "too_long": ("{detail}文字以内にしてください", "must be at most {detail} characters"),
    "bad_code": (
        "コードに使えるのは半角英数字・「-」・「_」（64文字以内）だけです（「{detail}」）",
        "a code may contain only ASCII letters, digits, '-' and '_' (64 at most): {detail!r}",
    ),
    "bad_choice": ("次のいずれかを書いてください：{detail}", "must be one of: {detail}"),
    "not_bool": ("true か false を（引用符なしで）書いてください", "must be true or false (without quotes)"),
    "bad_order": (
        "表示順は0〜{detail}の整数で書いてください",
        "the display order must be a whole number from 0 to {detail}",
    ),
    "duplicate": ("同じコードが {detail} にもあります", "the same code is already used by {detail}"),
    "unknown_agency": (
        "機関コード「{detail}」がこのファイルの [[agency]] にありません",
        "no [[agency]] with code {detail!r} in this file",
    ),
    "retired": (
        "「{detail}」は廃止済みです。ファイルから削除してください（廃止した記録は復活できません）",
        "{detail!r} has been retired; remove it from the file (a retired record cannot come back)",
    ),
    "fixed": (
        "登録後は変更できない項目です（登録済みの値：{detail}）",
        "cannot change once registered (stored: {detail})",
    ),
}

SETUP_SECTIONS: dict[str, Text] = {
    "agency": ("機関", "agency"),
    "area": ("圏域・地区", "area"),
    "meeting_type": ("会議の種類", "meeting type"),
    "staff": ("職員", "staff"),
}

SETUP_CHANGES: dict[str, Text] = {
    "registered": ("新規登録", "registered"),
    "renamed": ("名称変更", "renamed"),
    "renamed_en": ("英語名変更", "English name changed"),
    "reordered": ("表示順変更", "display order changed"),
    "consent_rule": ("同意の要否変更", "consent rule changed"),
    "role": ("役割変更", "role changed"),
    "agency": ("所属機関変更", "agency changed"),
    "retired": ("廃止", "retired"),
}
