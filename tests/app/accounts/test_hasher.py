"""The password hasher: Argon2id at or above OWASP's minimum, old hashes still verify and move over once."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, get_hasher, make_password

from safepassage.accounts.hashers import Argon2idHasher

PRODUCTION = [
    "safepassage.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def test_the_production_hasher_is_argon2id_at_owasp_s_minimum_or_above() -> None:
    from safepassage.config import settings as production

    assert PRODUCTION == production.PASSWORD_HASHERS
    hasher = Argon2idHasher()
    params = hasher.params()
    assert "argon2" == hasher.algorithm and "ID" == params.type.name
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2 and params.parallelism >= 1


def test_a_hash_under_django_s_default_parameters_verifies_and_is_rehashed_once(settings: Any) -> None:
    settings.PASSWORD_HASHERS = PRODUCTION
    old = Argon2PasswordHasher().encode("a long and fictional passphrase 7", Argon2PasswordHasher().salt())
    rehashed: list[str] = []
    assert check_password("a long and fictional passphrase 7", old, setter=rehashed.append)
    # The setter stores the password again under the default hasher: once, at this sign-in.
    assert ["a long and fictional passphrase 7"] == rehashed
    new = make_password(rehashed[0])
    assert new.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    again: list[str] = []
    assert check_password("a long and fictional passphrase 7", new, setter=again.append)
    assert [] == again and "argon2" == get_hasher().algorithm


@pytest.mark.parametrize("wrong", ["", "a long and fictional passphrase 8"])
def test_a_wrong_password_fails(wrong: str, settings: Any) -> None:
    settings.PASSWORD_HASHERS = PRODUCTION
    assert not check_password(wrong, make_password("a long and fictional passphrase 7"))
