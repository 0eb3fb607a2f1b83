"""Screen text and error messages of login, sessions, roles and the audit screen (merged into ``web.i18n.messages``)."""

from __future__ import annotations

Text = tuple[str, str]

AUTH_UI: dict[str, Text] = {
    "login_title": ("ログイン", "Log in"),
    "login_intro": ("利用者名とパスワードを入力してください。", "Enter your username and password."),
    "login_button": ("ログイン", "Log in"),
    "logout": ("ログアウト", "Log out"),
    "login_failed": ("利用者名またはパスワードが違います。", "The username or password is wrong."),
    "login_locked": (
        "ログインの失敗が続いたため、この利用者名でのログインを一時的に停止しています。"
        "{minutes}分ほど待ってから、もう一度お試しください。",
        "Too many failed logins: logging in under this username is paused. Try again in about {minutes} minutes.",
    ),
    "logged_out": ("ログアウトしました。", "You have logged out."),
    "session_expired": (
        "ログインしてください（セッションの有効期限が切れたか、ログアウトしています）。",
        "Please log in (your session has expired, or you have logged out).",
    ),
    "forbidden_title": ("アクセスできません", "Not allowed"),
    "audit_title": ("アクセス記録（監査）", "Access log (audit)"),
    "audit_intro": (
        "個人情報の閲覧・記録の履歴です。この記録は誰も変更・削除できません。",
        "Every read and change of personal data. Nobody can change or remove these entries.",
    ),
    "audit_case": ("ケースID", "Case id"),
    "audit_user": ("利用者", "User"),
    "audit_search": ("絞り込む", "Filter"),
    "audit_when": ("日時", "When"),
    "audit_who": ("誰が", "Who"),
    "audit_role": ("役割", "Role"),
    "audit_action": ("操作", "Action"),
    "audit_what": ("対象", "What"),
    "audit_purpose": ("目的・根拠", "Purpose / basis"),
    "audit_status": ("結果", "Result"),
    "audit_none": ("該当する記録はありません。", "No matching entries."),
    "nav_audit": ("アクセス記録", "Access log"),
    "audit_count": ("{n}件", "{n} entries"),
    "login_code_title": ("確認コードの入力", "Enter your code"),
    "login_code_intro": (
        "認証アプリに表示されている6桁の確認コードを入力してください。",
        "Enter the 6-digit code shown in your authenticator app.",
    ),
    "login_code_button": ("確認", "Confirm"),
    "login_code_failed": ("確認コードが違います。", "The code is wrong."),
    "login_code_expired": (
        "確認コードの入力期限が切れました。もう一度ログインしてください。",
        "The time to enter your code has run out: please log in again.",
    ),
}

AUTH_FIELDS: dict[str, Text] = {
    "username": ("利用者名", "Username"),
    "password": ("パスワード", "Password"),
    "totp_code": ("確認コード", "Code"),
}

AUTH_ERRORS: dict[tuple[str, str | None], Text] = {
    ("not_authenticated", None): ("ログインしてください。", "Please log in."),
    ("forbidden", None): ("この画面を開く権限がありません。", "Your role may not open this page."),
    ("csrf_rejected", None): (
        "送信内容を確認できませんでした（セキュリティトークンがないか古くなっています）。ページを再読み込みしてから、もう一度送信してください。",
        "The form's security token is missing or out of date: reload the page and submit again.",
    ),
    ("invalid_text", None): (
        "記録できない文字（制御文字など）が含まれています。その文字を除いて、もう一度入力してください。",
        "The value holds a character that cannot be recorded (a control character): remove it and try again.",
    ),
}

AUTH_VOCABULARY: dict[str, dict[str, Text]] = {
    "audit_action": {
        "read": ("閲覧", "read"),
        "write": ("記録", "write"),
        "denied": ("拒否", "denied"),
        "login": ("ログイン", "login"),
        "login_failed": ("ログイン失敗", "failed login"),
        "logout": ("ログアウト", "logout"),
        "password_set": ("パスワード設定", "password set"),
        "locked_out": ("ログイン停止", "locked out"),
        "login_locked": ("停止中のログイン", "login while locked"),
        "export": ("書き出し", "export"),
    },
    "audit_purpose": {
        "casework": ("相談支援業務", "casework"),
        "supervision": ("業務の監督", "supervision"),
        "planning": ("計画・評価", "planning"),
        "audit": ("監査", "audit"),
    },
}
