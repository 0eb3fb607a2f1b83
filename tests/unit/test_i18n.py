"""Every code the domain stores, every error it raises and every screen text has Japanese and English.

The words are in the gettext catalogs (web/i18n/locale, docs/translations.md): both languages list every entry of
the template, none empty or fuzzy, with the same {placeholders}; every code the code base shows has an entry.
"""

from __future__ import annotations

import re
import string
from datetime import date
from enum import StrEnum
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from markupsafe import Markup, escape

from domain import errors
from domain.activity import Channel, HandlerRole, PlacementOutcome, RequesterType, ResourceType, VisitKind
from domain.actor import Role
from domain.agency import AgencyType
from domain.area import AreaKind
from domain.case import Case
from domain.consent import ConsentDecision, ConsentScope
from domain.household import MemberFlag, Relationship
from domain.issue_tags import IssueTag
from domain.lifecycle import CaseStatus, ClosureReason
from domain.meeting_record import DiscussionOutcome
from domain.meeting_type import STANDARD_MEETING_TYPES, MeetingLevel
from domain.referral import ReferralState
from domain.roadmap import Stage
from domain.support_plan import PlanType
from web.http.rendering import build_templates, speak
from web.i18n.catalogs import DOMAIN, LANGUAGES, LOCALE_DIR, Language, code_context, error_context, load_catalog
from web.i18n.language import Translator, choose_language

CODES: dict[str, type[StrEnum]] = {
    "status": CaseStatus,
    "closure_reason": ClosureReason,
    "channel": Channel,
    "requester_type": RequesterType,
    "handler_role": HandlerRole,
    "visit_kind": VisitKind,
    "resource_type": ResourceType,
    "placement_outcome": PlacementOutcome,
    "role": Role,
    "issue_tag": IssueTag,
    "consent_decision": ConsentDecision,
    "consent_scope": ConsentScope,
    "referral_state": ReferralState,
    "plan_type": PlanType,
    "relationship": Relationship,
    "member_flag": MemberFlag,
    "agency_type": AgencyType,
    "area_kind": AreaKind,
    "meeting_level": MeetingLevel,
    "discussion_outcome": DiscussionOutcome,
    "stage": Stage,
}
ROOT = Path(__file__).parents[2]
PLACEHOLDER = re.compile(r"{(\w*)[^{}]*}")


def _read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def _entries(catalog: Catalog) -> dict[tuple[str | None, str], str]:
    return {(m.context, str(m.id)): str(m.string) for m in catalog if m.id}


def _codes(kind: str) -> set[str]:
    return set(load_catalog("ja").order[code_context(kind)])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_every_entry_of_the_template_and_none_is_empty_or_fuzzy(lang: str) -> None:
    template = _entries(_read(LOCALE_DIR / f"{DOMAIN}.pot"))
    catalog = _read(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po")
    entries = _entries(catalog)
    assert set(entries) == set(template), set(entries) ^ set(template)
    assert [key for key, text in entries.items() if not text.strip()] == []
    assert [m.id for m in catalog if m.id and m.fuzzy] == []
    assert not catalog.fuzzy, "a fuzzy header makes pybabel compile skip the whole catalog"


def test_english_asks_for_no_placeholder_the_japanese_does_not() -> None:
    """Callers pass what the Japanese text (the default) asks for; a placeholder only English had would fail."""
    ja, en = (_entries(_read(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po")) for lang in LANGUAGES)
    invented = {key for key in ja if not set(PLACEHOLDER.findall(en[key])) <= set(PLACEHOLDER.findall(ja[key]))}
    assert invented == set()


def test_the_compiled_catalogs_say_what_the_po_files_say() -> None:
    """The .mo files are build outputs (`make translations`): a stale one would show yesterday's wording."""
    for lang in LANGUAGES:
        written = _entries(_read(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"))
        assert dict(load_catalog(lang).messages) == written, f"{lang}: run `make translations`"


@pytest.mark.parametrize("kind", list(CODES))
def test_every_code_of_every_enumeration_has_a_japanese_and_an_english_label(kind: str) -> None:
    missing = {c.value for c in CODES[kind]} - _codes(kind)
    assert not missing, f"{kind}: {missing}"
    for code in CODES[kind]:
        assert Translator("ja").label(kind, code) != Translator("en").label(kind, code) or code == "dv"


def test_every_case_event_and_standard_meeting_type_has_a_label() -> None:
    events = {name for name, value in vars(Case).items() if isinstance(value, type) and issubclass(value, Case.Event)}
    assert events - {"Event", "Created"} <= _codes("event"), events - _codes("event")
    assert {m["code"] for m in STANDARD_MEETING_TYPES} <= _codes("meeting_type")


def test_every_domain_error_code_has_a_message() -> None:
    codes = {cls.code for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, errors.KasaneError)}
    general = set(load_catalog("en").order[error_context(None)])
    assert codes - {"kasane_error", "configuration_error"} <= general


def _asked(tmp_path: Path, *keywords: str) -> set[str]:
    """The literal first arguments of these calls in web/ and its templates, as `pybabel extract` finds them."""
    asked = tmp_path / "asked.pot"
    options = ["--no-default-keywords", *(f"--keyword={keyword}" for keyword in keywords), "-o", str(asked)]
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), *options, str(ROOT)])
    return {key for _, key in _entries(_read(asked))}


def test_every_screen_text_the_code_and_templates_ask_for_exists(tmp_path: Path) -> None:
    """What babel.cfg's extraction finds: ``t("key")``, ``_("key")``, ``gettext("key")``."""
    keys = _asked(tmp_path, "t", "_", "gettext")
    assert len(keys) > 300, "the extraction found the screen texts"
    assert keys - set(load_catalog("ja").order[None]) == set()


def test_every_kind_of_code_a_page_labels_or_offers_exists(tmp_path: Path) -> None:
    kinds = _asked(tmp_path, "label:1", "choices:1")
    assert len(kinds) > 5, "the extraction found t.label and t.choices"
    assert {kind for kind in kinds if code_context(kind) not in load_catalog("ja").order} == set()


def test_an_error_message_falls_back_from_field_to_code() -> None:
    t = Translator("ja")
    assert t.error("date_in_future", "birth_date") == "生年月日が未来の日付です。"
    assert t.error("date_in_future", "sent_on") == "未来の日付は入力できません。"
    assert Translator("en").error("something_new", None) == "Please check this value."


def test_numbered_member_fields_read_as_their_row() -> None:
    assert Translator("ja").field("members-1-birth_date") == "世帯員 2：生年月日"


def test_screen_text_escapes_its_parameters() -> None:
    assert str(Translator("ja")("unknown_user", user="<b>")) == "利用者「&lt;b&gt;」は登録されていません。"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_screen_text_asked_for_without_parameters_reads_as_its_formatted_text(lang: Language) -> None:
    t = Translator(lang)
    keys = [msgid for (context, msgid) in load_catalog(lang).messages if context is None]
    for key in keys + ["a {{literal}} brace", "not in the catalog"]:
        try:
            expected = Markup(escape(t.words.gettext(key))).format()
        except (KeyError, IndexError):
            continue  # a text with placeholders is always asked for with its parameters
        said = t(key)
        assert (type(said), str(said)) == (Markup, str(expected)), key


class Shown:
    """A value that is shown through ``__html__`` (as a date from the ``day`` filter or a name made markup)."""

    def __html__(self) -> str:
        return "<time>令和8年</time>"


VALUES = ["<b>&'\"", Markup("<em>済</em>"), 7, 3.5, date(2026, 11, 20), Shown(), None, Role.COORDINATOR]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("value", VALUES, ids=lambda value: type(value).__name__)
def test_every_screen_text_with_parameters_reads_as_markups_own_format(lang: Language, value: object) -> None:
    """Texts with bare fields take a short path (``str.format`` of escaped values): it must give what
    ``Markup.format`` gives, for every text of the catalog, with every kind of value a page passes."""
    t = Translator(lang)
    keys = [msgid for (context, msgid) in load_catalog(lang).messages if context is None]
    texts = [key for key in keys if "{" in t.words.gettext(key)]
    assert len(texts) > 50
    for key in texts + ["{who}・{when} {{literal}}", "{who!r} {n:>3}"]:
        fields = {name for _, name, _, _ in string.Formatter().parse(escape(t.words.gettext(key))) if name}
        params = {name: value for name in fields} | {"unused": "<x>"}
        try:
            expected = Markup(escape(t.words.gettext(key))).format(**params)
        except (ValueError, TypeError):
            continue  # a text whose format spec does not take this kind of value (``{month:02d}``)
        said = t(key, **params)
        assert (type(said), str(said)) == (Markup, str(expected)), key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_screen_text_with_parameters_reads_as_format_makes_it(lang: Language) -> None:
    """Plain {name} fields are filled without format(); the result is format()'s, escaping and all."""
    t = Translator(lang)
    keys = [msgid for (context, msgid) in load_catalog(lang).messages if context is None]
    odd = ["{a!r} {b}", "{a:>5}", "{a.real}", "{0}", "{{a}} {a}", "{a}{b}{a}"]
    compared = 0
    for key in keys + odd:
        text = escape(t.words.gettext(key))
        names = {name for _, name, _, _ in Formatter().parse(text) if name}
        if not names:
            continue
        for values in ("<b>&'\"", Markup("<i>x</i>"), 7):
            params = {name.split(".")[0].split("[")[0] or "_": values for name in names}
            try:
                expected = Markup(text).format(**params)
            except (KeyError, IndexError, ValueError, AttributeError):
                continue
            said = t(key, **params)
            assert (type(said), str(said)) == (Markup, str(expected)), (key, values)
            compared += 1
    assert compared > 50


@pytest.mark.parametrize(
    "query, cookie, chosen",
    [
        (None, None, "ja"),
        ("en", None, "en"),
        (None, "en", "en"),
        ("ja", "en", "ja"),
        ("fr", None, "ja"),
    ],
)
def test_the_language_is_the_query_then_the_cookie_then_japanese(
    query: str | None, cookie: str | None, chosen: str
) -> None:
    assert choose_language(query, cookie) == chosen


@pytest.mark.parametrize("lang, words", [("ja", "ケース一覧/受付/ケース一覧"), ("en", "Cases/Intake/Cases")])
def test_templates_have_jinjas_gettext_calls_in_the_readers_language(lang: str, words: str) -> None:
    source = '{{ _("nav_cases") }}/{{ pgettext("code:status", "intake") }}/{% trans %}nav_cases{% endtrans %}'
    speak(load_catalog(lang))
    try:
        assert build_templates().env.from_string(source).render() == words
    finally:
        speak(load_catalog("ja"))
