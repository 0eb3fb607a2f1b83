"""Templates and the one way routes render them.

A route names a page template and, for htmx requests, the fragment of it
that htmx asked for; both come from the same source (the page includes the
fragment). Every template also gets the translator, the acting user and
the display names through ``common_context``.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import Response

from domain.clock import Clock
from web.access.csrf import hidden_field
from web.access.policy import may_open
from web.http.htmx import Event, is_htmx
from web.http.template_environment import TemplateEnvironment, root_context
from web.http.urls import url_for
from web.i18n.catalogs import Catalog, load_catalog
from web.i18n.language import Translator
from web.views.dates import wareki
from web.views.rule_labels import conditions as rule_conditions

TEMPLATES = Path(__file__).parent.parent / "templates"
JST = timezone(timedelta(hours=9), "JST")

NAVIGATION: tuple[tuple[str, str, bool], ...] = (
    # UI key, route name, ready in this increment
    ("nav_my_cases", "my_cases", True),
    ("nav_cases", "case_list", True),
    ("nav_new_case", "new_case", True),
    ("nav_caseload", "caseload", True),
    ("nav_meetings", "meetings", True),
    ("nav_activities", "activities", True),
    ("nav_plans", "plans", True),
    ("nav_audit", "audit_log", True),
    ("nav_admin_master", "admin_master", True),
    ("nav_import", "admin_import", True),
)


@dataclass(frozen=True)
class FormView:
    """What the form macros need: the form's id (prefix of its fields' ids), values, errors, translator."""

    id: str
    values: Any
    errors: dict[str, str]
    t: Translator

    def value(self, name: str, default: str = "") -> str:
        values = self.values.getlist(name)
        return str(values[-1]) if values else default

    def chosen(self, name: str) -> list[str]:
        """The chosen values; the blank a group sends when nothing is ticked counts only on its own."""
        values = [str(v) for v in self.values.getlist(name)]
        return [v for v in values if v] or values[:1]

    def present(self, name: str) -> bool:
        """True when the form has a control by that name (the error summary links only to those)."""
        return name in self.values

    def error_id(self, name: str) -> str:
        return f"{self.id}-{name}-error"


def translator_of(request: Request) -> Translator:
    return getattr(request.state, "t", None) or Translator("ja", request.app.state.catalogs["ja"])


def common_context(request: Request) -> dict[str, Any]:
    t = translator_of(request)
    return {
        "t": t,
        "lang": t.lang,
        "user": getattr(request.state, "user", None),
        "names": getattr(request.state, "names", None),
        "navigation": NAVIGATION,
        "csrf_token": getattr(request.state, "csrf_token", None),
        "may_open": may_open,
        "events": Event,
    }


def _day_text(value: date | None, lang: str = "ja") -> str:
    """A date inside a sentence: 令和 with ISO beside it (Japanese), ISO alone (English)."""
    if value is None:
        return ""
    return value.isoformat() if lang == "en" else f"{wareki(value)}（{value.isoformat()}）"


def _day(value: date | datetime | None, lang: str = "ja") -> Markup:
    """A date as 令和 and ISO (Japanese) or ISO alone (English), in a ``<time>`` element."""
    if value is None:
        return Markup("")
    day = value.date() if isinstance(value, datetime) else value
    iso = day.isoformat()
    if lang == "en":
        return Markup(f'<time datetime="{iso}">{iso}</time>')
    return Markup(f'<time datetime="{iso}">{escape(wareki(day))}<span class="iso">（{iso}）</span></time>')


@pass_context
def _moment(context: Context, value: datetime, lang: str = "ja") -> str:
    """When something was written (stored in UTC), in the installation's business zone (KASANE_TIMEZONE), to the
    minute, with the zone's abbreviation (JST)."""
    return _clock(context).local(value).strftime("%Y-%m-%d %H:%M %Z")


DEFAULT_CLOCK = Clock()
"""The business clock where a template renders outside an app (Japan time)."""


def _clock(context: Context) -> Clock:
    request = context.get("request")
    settings = getattr(getattr(getattr(request, "app", None), "state", None), "settings", None)
    return settings.clock() if settings is not None else DEFAULT_CLOCK


@root_context
def _zone_name(context: Context) -> str:
    """The business zone's abbreviation now (JST), for moments typed without an offset."""
    return _clock(context).now().strftime("%Z")


_csrf_token: ContextVar[str | None] = ContextVar("csrf_token", default=None)
"""The token of the request being rendered; a context variable so that imported macros see it too."""


def _csrf_field() -> Markup:
    """The hidden CSRF field every ``<form method="post">`` carries (``{{ csrf_field() }}``, macros included)."""
    return hidden_field(_csrf_token.get())


_catalog: ContextVar[Catalog | None] = ContextVar("catalog", default=None)
"""The reader's catalog while a page renders: Jinja2's i18n extension has one set of gettext callables per
environment, and the reader's language is the request's."""


def speak(catalog: Catalog) -> None:
    """Let the i18n extension's ``_()``, ``gettext`` and ``pgettext`` answer from this catalog while rendering."""
    _catalog.set(catalog)


class _ReadersCatalog:
    """What ``install_gettext_translations`` installs: the gettext calls, answered in the reader's language."""

    def _words(self) -> Catalog:
        return _catalog.get() or load_catalog("ja")

    def gettext(self, message: str) -> str:
        return self._words().gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._words().ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._words().pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self._words().npgettext(context, singular, plural, n)


@cache
def build_templates() -> Jinja2Templates:
    """The pages' templates, one per process: nothing in them belongs to one app, and Jinja2 compiles each template
    once per environment, so apps built in the same process (``serve --workers`` forks, the tests' many apps) share
    the compiled templates instead of compiling every page again."""
    environment = TemplateEnvironment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    templates = Jinja2Templates(env=environment, context_processors=[common_context])
    # Templates change only with a release: no stat() of every included template on every render.
    templates.env.auto_reload = False
    templates.env.globals["url_for"] = url_for
    templates.env.add_extension("jinja2.ext.i18n")
    templates.env.install_gettext_translations(_ReadersCatalog())  # type: ignore[attr-defined]
    templates.env.filters["day"] = _day
    templates.env.filters["day_text"] = _day_text
    templates.env.filters["moment"] = _moment
    templates.env.filters["wareki"] = wareki
    templates.env.globals["FormView"] = FormView
    templates.env.globals["csrf_field"] = _csrf_field
    templates.env.globals["rule_conditions"] = rule_conditions
    templates.env.globals["zone_name"] = _zone_name
    return templates


def render(
    request: Request,
    page: str,
    context: dict[str, Any],
    *,
    fragment: str | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """The fragment for htmx, the whole page otherwise."""
    templates: Jinja2Templates = request.app.state.templates
    name = fragment if fragment is not None and is_htmx(request) else page
    _csrf_token.set(getattr(request.state, "csrf_token", None))
    speak(translator_of(request).words)
    return templates.TemplateResponse(request, name, context, status_code=status_code, headers=headers)
