"""Password hashing for UI logins, with the standard library's scrypt.

A stored hash reads ``scrypt$<n>$<r>$<p>$<salt>$<hash>`` (salt and hash in
URL-safe base64), so that the cost can be raised later without invalidating
the hashes already stored. Verification compares in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from laborscreen.errors import ServiceError

#: scrypt's cost: 2**14 blocks of 8 x 128 bytes (16 MB, ~50 ms), one lane.
N, R, P = 2**14, 8, 1
_SALT_BYTES = 16
_KEY_BYTES = 32
MIN_LENGTH = 10


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        maxmem=2 * 128 * n * r + (1 << 20),
        dklen=_KEY_BYTES,
    )


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise ServiceError(
            400,
            "invalid_password",
            f"a password has at least {MIN_LENGTH} characters",
            [{"field": "password", "message": "too short"}],
        )
    salt = secrets.token_bytes(_SALT_BYTES)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(_derive(password, salt, N, R, P))}"


def verify_password(password: str, stored: str | None) -> bool:
    """True when ``password`` is the one ``stored`` was made from (False for no hash)."""
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        derived = _derive(password, _unb64(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(derived, _unb64(digest))
