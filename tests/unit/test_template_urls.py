"""The templates' ``url_for`` (``web.http.urls``) gives, for every named route, the router's own URL."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from starlette.requests import Request

from web.app import create_app
from web.http.rendering import build_templates
from web.http.urls import path_format, route_index
from web.storage.settings import Settings

SAMPLES: dict[str, Any] = {
    "uuid": UUID("0aa6d57e-3f1d-4c53-9a3b-5b2f3c1d2e4f"),
    "int": 7,
    "path": "css/app.css",
    "string": "FY2025",
}
"""A value per path convertor (``{case_id:uuid}``, ``{version:int}`` …)."""

ORIGINS = [
    ("http", ("127.0.0.1", 8000), b"127.0.0.1:8000", ""),
    ("https", ("10.0.0.5", 443), b"kasane.example.lg.jp", "/kasane"),
    ("http", ("10.0.0.5", 80), None, "/sub/"),
]
"""(scheme, server, Host header, root path): behind a TLS proxy, under a prefix, without a Host header."""


def request_for(app: Any, scheme: str, server: tuple[str, int], host: bytes | None, root_path: str) -> Request:
    headers = [(b"host", host)] if host is not None else []
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": scheme,
        "server": server,
        "path": root_path.rstrip("/") + "/cases",
        "root_path": root_path,
        "query_string": b"",
        "headers": headers,
        "app": app,
        "router": app.router,
    }
    return Request(scope)


def params_of(route: Any) -> dict[str, Any]:
    convertors = getattr(route, "param_convertors", {})
    return {name: SAMPLES[type(c).__name__.removesuffix("Convertor").lower()] for name, c in convertors.items()}


@pytest.mark.parametrize("origin", ORIGINS, ids=["plain", "tls-proxy-prefix", "no-host-header"])
def test_every_named_route_reads_as_the_routers_own_url(tmp_path: Any, origin: tuple[Any, ...]) -> None:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'kasane.db'}"))
    request = request_for(app, *origin)
    template = build_templates().env.from_string("{{ url_for(name, **params) }}")
    checked = 0
    for name, routes in route_index(app.router).items():
        params = params_of(routes[0]) if name != "static" else {"path": "app.css"}
        expected = str(request.url_for(name, **params))
        assert template.render(request=request, name=name, params=params) == expected, name
        checked += 1
    assert checked > 100


def test_a_template_url_still_takes_query_parameters(tmp_path: Any) -> None:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'kasane.db'}"))
    request = request_for(app, *ORIGINS[1])
    template = build_templates().env.from_string("{{ url_for('case_list').include_query_params(status='open') }}")
    assert template.render(request=request) == "https://kasane.example.lg.jp/kasane/cases?status=open"


def test_every_named_route_but_the_static_mount_is_filled_in_from_its_kept_path_format(tmp_path: Any) -> None:
    """The test above then compares the kept path formats' URLs, not the router's fallback, with the router's own."""
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'kasane.db'}"))
    unformatted = [
        name
        for name, routes in route_index(app.router).items()
        if path_format(app.router, name, frozenset(params_of(routes[0]))) is None
    ]
    assert unformatted == ["static"]
