"""``kasane user …`` and ``kasane audit``: accounts, passwords and "who saw this household, when?".

The first admin is created here (there is no default account and no default
password anywhere). A password is typed at a hidden prompt, or read from the
first line of standard input with ``--password-stdin`` (for scripts); only its
argon2id hash is stored (``web.access.passwords``).
"""

from __future__ import annotations

import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from domain.actor import Actor, Role
from domain.audit import AccessMade
from domain.errors import KasaneError
from domain.master_data_commands import RegisterUser
from domain.user import User
from web.access.passwords import check_password
from web.cli.common import load_settings, refusal
from web.storage.bootstrap import Access, build_access, build_application
from web.storage.settings import Settings

user_cli = typer.Typer(help="Users who may log in: add them, set their passwords.", no_args_is_help=True)

CLI_ACTOR = Actor(user_id="cli", role=Role.ADMIN, agency_id="")
"""Who the audit log names for changes made at the command line (an operator with shell access)."""


def demo_login_file(settings: Settings) -> Path:
    """Beside the SQLite store it belongs to (``var/demo-login.txt`` for ``make run``), else under ./var."""
    store = settings.sqlite_path()
    return (store.parent if store is not None else Path("var")) / "demo-login.txt"


@contextmanager
def _access(settings: Settings) -> Iterator[Access]:
    access = build_access(settings)
    try:
        yield access
    finally:
        access.close()


def _new_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("パスワード / password", hide_input=True, confirmation_prompt=True)
    try:
        return check_password(password)
    except KasaneError as error:
        raise refusal(error) from None


def _set_password(access: Access, username: str, password: str) -> None:
    access.credentials.set_password(username, password)
    access.sessions.end_all(username)
    access.audit.record(AccessMade(actor=CLI_ACTOR, action="password_set", method="CLI", path=f"user:{username}"))


@user_cli.command("add")
def add_user(
    username: Annotated[str, typer.Argument(help="login name (letters, digits, - and _)")],
    name: Annotated[str, typer.Option(help="full name as shown on screens, e.g. 佐藤 花子")],
    role: Annotated[str, typer.Option(help="coordinator, supervisor, planner or admin")],
    agency: Annotated[str, typer.Option(help="agency code the user belongs to (an admin may have none)")] = "",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="read the password from stdin")] = False,
) -> None:
    """Register a user and set their password (the first admin is created this way)."""
    settings = load_settings()
    password = _new_password(password_stdin)
    app = build_application(settings)
    try:
        app.execute(RegisterUser(actor=CLI_ACTOR, username=username, name=name, role=role, agency=agency))
    except KasaneError as error:
        raise refusal(error) from None
    finally:
        app.close()
    with _access(settings) as access:
        _set_password(access, username, password)
    typer.echo(f"利用者 {username} を登録しました / user {username} added ({role})")


@user_cli.command("password")
def set_password(
    username: Annotated[str, typer.Argument(help="login name")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="read the password from stdin")] = False,
) -> None:
    """Set (or reset) a user's password; the user's open sessions end."""
    settings = load_settings()
    app = build_application(settings)
    try:
        user = app.master(User, username, "username")
        if not user.active:
            raise refusal(KasaneError(f"user {username!r} has been retired", field="username"))
    except KasaneError as error:
        raise refusal(error) from None
    finally:
        app.close()
    password = _new_password(password_stdin)
    with _access(settings) as access:
        _set_password(access, username, password)
    typer.echo(f"パスワードを設定しました / password set for {username}")


def audit(
    case: Annotated[str | None, typer.Option("--case", help="case id: who saw or changed this household")] = None,
    user: Annotated[str | None, typer.Option("--user", help="username: what this user saw or changed")] = None,
) -> None:
    """Who read or changed personal data, when, what and why (oldest first, tab-separated)."""
    settings = load_settings()
    with _access(settings) as access:
        entries = access.audit.accesses(case_id=case, username=user)
    typer.echo("when\tuser\trole\tagency\taction\trequest\tstatus\tpurpose\tcases")
    for e in entries:
        request = f"{e.method} {e.path}" + (f"?{e.query}" if e.query else "")
        typer.echo(
            f"{e.at.isoformat(timespec='seconds')}\t{e.username}\t{e.role}\t{e.agency}\t{e.action}\t"
            f"{request}\t{e.status}\t{e.purpose}\t{len(e.case_ids)}"
        )


def give_demo_passwords(settings: Settings, usernames: list[str]) -> str:
    """One fresh random password for every demo user, written to demo-login.txt (only ``kasane demo`` does this)."""
    password = secrets.token_urlsafe(12)
    with _access(settings) as access:
        for username in usernames:
            _set_password(access, username, password)
    file = demo_login_file(settings)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(
        "Kasane demo store / デモ用のログイン（本番では使わないこと）\n"
        f"users: {', '.join(usernames)}\npassword: {password}\n",
        encoding="utf-8",
    )
    file.chmod(0o600)
    return password


def demo_login_hint(settings: Settings) -> str:
    file = demo_login_file(settings)
    return (
        f"ログイン / log in: see {file} (e.g. user sato)"
        if file.exists()
        else "ログイン / log in: set a password with 'kasane user password USERNAME'"
    )


def install(cli: typer.Typer) -> None:
    cli.add_typer(user_cli, name="user")
    from web.cli.audit import audit_cli  # ``kasane audit`` and ``kasane audit verify``

    cli.add_typer(audit_cli, name="audit")


totp_cli = typer.Typer(help="A second factor (6-digit time-based code) for administrators.", no_args_is_help=True)
user_cli.add_typer(totp_cli, name="totp")


@totp_cli.command("enable")
def enable_totp(username: Annotated[str, typer.Argument(help="an administrator's login name")]) -> None:
    """Give an admin a new TOTP secret (replacing any earlier one); prints it once, for an authenticator app."""
    from web.access.second_factor import SecondFactors

    settings = load_settings()
    app = build_application(settings)
    try:
        user = app.master(User, username, "username")
        if not user.active or user.role != Role.ADMIN:
            raise KasaneError(
                f"user {username!r} is not an active administrator; the second factor is for admins", field="username"
            )
    except KasaneError as error:
        raise refusal(error) from None
    finally:
        app.close()
    with _access(settings) as access:
        uri = SecondFactors(access.engine).enable(username)
        access.audit.record(
            AccessMade(actor=CLI_ACTOR, action="password_set", method="CLI", path=f"user:{username}:totp")
        )
    typer.echo(
        f"確認コードを設定しました / second factor enabled for {username}\n"
        "認証アプリに登録してください（一度だけ表示します） / add it to an authenticator app (shown once):\n"
        f"{uri}"
    )
