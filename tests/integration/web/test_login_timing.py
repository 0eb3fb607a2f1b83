"""Every login attempt does the same work, so its duration does not tell whether a username exists.

The work of a login is one argon2 verification; the tests count the real
hasher's verifications per attempt (a count cannot be flaky, a stopwatch can)
and check that the dummy hash uses the same argon2 parameters as real ones.
"""

from __future__ import annotations

from typing import Literal

from argon2 import PasswordHasher, extract_parameters

from tests.integration.web.conftest import PASSWORD, Web


class CountingHasher(PasswordHasher):
    """The real argon2 hasher, counting how many times a hash is verified."""

    verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:  # noqa: A002 - argon2's own name
        type(self).verified += 1
        return super().verify(hash, password)


def verifications_for(web: Web, username: str, password: str) -> int:
    credentials = web.api.state.credentials
    real = credentials.hasher
    credentials.hasher = CountingHasher(time_cost=real.time_cost, memory_cost=real.memory_cost)
    CountingHasher.verified = 0
    try:
        web.client.post("/login", data={"username": username, "password": password}, follow_redirects=False)
    finally:
        credentials.hasher = real
    return CountingHasher.verified


def test_unknown_name_wrong_password_and_right_password_each_verify_one_hash(web: Web) -> None:
    web.logout()
    work = {
        case: verifications_for(web, name, password)
        for case, name, password in (
            ("right password", "sato", PASSWORD),
            ("wrong password", "sato", "wrong-password-1"),
            ("unknown name", "nobody-here", "wrong-password-1"),
            ("registered without a password", "kimura", "wrong-password-1"),
        )
    }
    assert work == dict.fromkeys(work, 1)


def test_a_locked_name_still_verifies_one_hash_whether_or_not_it_exists(web: Web) -> None:
    web.logout()
    for name in ("sato", "nobody-here"):
        for _ in range(5):
            web.client.post("/login", data={"username": name, "password": "wrong-password-x"})
    assert verifications_for(web, "sato", PASSWORD) == 1
    assert verifications_for(web, "nobody-here", PASSWORD) == 1


def test_the_dummy_hash_is_made_with_the_same_argon2_parameters_as_real_hashes(web: Web) -> None:
    credentials = web.api.state.credentials
    credentials.set_password("suzuki", PASSWORD)
    real = credentials.hasher.hash(PASSWORD)
    assert extract_parameters(credentials.dummy) == extract_parameters(real)
