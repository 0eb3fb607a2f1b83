"""``url_for`` in templates, through an index of the app's routes by name.

Starlette's ``url_for`` asks every route of the app in turn whether it has the name (FastAPI's router builds
each route's context again for each call): with ~300 routes and a case page naming ~100 URLs (the timeline's
取消 / 訂正 links, the panels), that was a fifth of the page's time. The index keeps, per name, the routes that
have it, in the router's order, so the answer is the router's own; a name it does not know goes to the router,
which raises as before.

The index holds a plain Starlette route per named route (its full path, name and methods), not FastAPI's effective
route contexts: asking an included router for those builds every route's dependants and parameter models (~2.7 ms
of CPU a route, ~0.8 s for the app's ~300), work a request does only for the router it is routed through. A server
paid it once per process on its first page, but every test app paid it again: 0.8 s on the first page of each web
test. A URL needs only the path, and the route gives the same URL from it (``tests/unit/test_template_urls.py``).

Making each path absolute was the other half of the cost (``URLPath.make_absolute_url`` parses the request's base
URL and builds a ``URL`` from its parts, per call). The absolute prefix (scheme, host, root path) is the same for
every URL of one request, so it is made once per request, the router's way, and each URL is that prefix and the
route's path: the same string, as a ``URL`` (which parses itself only if asked, e.g. ``include_query_params``).

Filling the path in was the rest (a case page names ~80 URLs, ~50 of them in its timeline's rows): the router tries
each route of the name, comparing the sets of parameter names, and splits the route's path format with a regular
expression, per call. Which route of a name takes which parameter names does not change, so that answer is kept
(``PathFormat``, per router, name and parameter names), with the path format split once; a URL is then its pieces
joined with each value through the route's own convertor, as ``starlette.routing.replace_params`` joins them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from fastapi.routing import APIRoute
from jinja2.runtime import Context
from starlette.convertors import Convertor
from starlette.datastructures import URL, URLPath
from starlette.requests import Request
from starlette.routing import PARAM_FORMAT_REGEX, NoMatchFound, Route, Router

from web.http.template_environment import root_context

RouteIndex = dict[str, list[Any]]
T = TypeVar("T")
Formats = dict[tuple[str, frozenset[str]], "PathFormat | None"]
PLAIN_ROUTES = (Route, APIRoute)
"""Routes whose ``url_path_for`` is Starlette's ``Route.url_path_for`` (a mount or a host answers its own way)."""


def kept_on(router: Router, name: str, make: Callable[[], T]) -> T:
    """What ``make`` makes of ``router``'s routes, kept on the router under ``name`` and made again only if routes
    were added since (kept on the router itself, not in a dict keyed by routers, which would hold them alive)."""
    kept: tuple[int, T] | None = getattr(router, name, None)
    if kept is None or kept[0] != len(router.routes):
        kept = (len(router.routes), make())
        setattr(router, name, kept)
    return kept[1]


def route_index(router: Router) -> RouteIndex:
    """The router's routes (FastAPI: their effective contexts) by name, in the router's order; built once per
    router and again only if routes were added since."""
    return kept_on(router, "_kasane_route_index", lambda: _index(router))


def _index(router: Router) -> RouteIndex:
    index: RouteIndex = defaultdict(list)
    for route in _candidates(router.routes):
        name = getattr(getattr(route, "original_route", route), "name", None)
        if name is not None:
            index[name].append(route)
    return dict(index)


def _candidates(routes: list[Any], include: Any = None) -> Iterator[Any]:
    """Each route in the router's order; an included router (FastAPI) stands for its routes, each at its full path
    (the prefixes of every include it is under, as FastAPI combines them)."""
    for route in routes:
        included, context = getattr(route, "original_router", None), getattr(route, "include_context", None)
        if included is not None and context is not None:
            yield from _candidates(included.routes, context if include is None else include.combine(context))
        elif include is not None and isinstance(route, Route):  # an APIRoute is a Route too
            yield Route(include.path_for(route), route.endpoint, methods=list(route.methods or ()), name=route.name)
        else:
            yield route


@dataclass(frozen=True)
class PathFormat:
    """A plain route's path format, split at its parameters once: the pieces between them, and each parameter's
    place and convertor (a parameter named twice is filled at its first place only, as ``replace_params`` does)."""

    pieces: tuple[str, ...]
    fields: tuple[tuple[int, str, Convertor[Any]], ...]

    @classmethod
    def of(cls, route: Route) -> PathFormat:
        pieces = PARAM_FORMAT_REGEX.split(route.path_format)
        fields, seen = [], set()
        for place in range(1, len(pieces), 2):
            name = pieces[place]
            if name in seen:
                pieces[place] = "{" + name + "}"
            else:
                seen.add(name)
                fields.append((place, name, route.param_convertors[name]))
        return cls(tuple(pieces), tuple(fields))

    def path(self, params: dict[str, Any]) -> str:
        pieces = list(self.pieces)
        for place, name, convertor in self.fields:
            pieces[place] = convertor.to_string(params[name])
        return "".join(pieces)


def path_format(router: Router, name: str, params: frozenset[str]) -> PathFormat | None:
    """The path format of the route ``name`` that takes exactly these parameters (the first in the router's order,
    the one ``url_path_for`` would answer with), if it is a plain route; None for the router to answer."""
    formats: Formats = kept_on(router, "_kasane_formats", dict)
    key = (name, params)
    if key not in formats:
        route = next(
            (r for r in route_index(router).get(name, ()) if set(getattr(r, "param_convertors", ())) == params), None
        )
        plain = isinstance(route, Route) and type(route) in PLAIN_ROUTES and route.name == name
        formats[key] = PathFormat.of(route) if plain and isinstance(route, Route) else None
    return formats[key]


@root_context
def url_for(context: Context, name: str, /, **path_params: Any) -> URL:
    """The absolute URL of the route ``name``, as ``request.url_for`` gives it."""
    request: Request = context["request"]
    router: Router = request.scope.get("router") or request.app.router
    known = path_format(router, name, frozenset(path_params))
    if known is not None:
        return URL(_absolute_prefix(request, "http") + known.path(path_params))
    for route in route_index(router).get(name, ()):
        try:
            path: URLPath = route.url_path_for(name, **path_params)
        except NoMatchFound:
            continue
        if path.host:
            return path.make_absolute_url(base_url=request.base_url)
        return URL(_absolute_prefix(request, path.protocol) + path)
    return request.url_for(name, **path_params)


def _absolute_prefix(request: Request, protocol: Literal["http", "websocket", ""]) -> str:
    """What ``make_absolute_url`` puts before a host-less path (scheme, host, the app's root path), once per
    request: the router's own answer for "/", without its final slash."""
    key = f"kasane.url_prefix.{protocol}"
    prefix: str | None = request.scope.get(key)
    if prefix is None:
        prefix = str(URLPath("/", protocol=protocol).make_absolute_url(base_url=request.base_url))[:-1]
        request.scope[key] = prefix
    return prefix
