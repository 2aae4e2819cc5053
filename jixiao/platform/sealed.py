"""Secrets stored encrypted at rest (AES-256-GCM), keyed from the application's secret key.

For values the server must read back in clear (a TOTP secret), unlike passwords and tokens,
which are only ever compared and so stored as hashes. A database dump or backup then does not
hand out second factors. The key is derived from `JIXIAO_SECRET_KEY`: changing that key makes
sealed values unreadable, and their owners enrol again (an administrator resets them).
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from jixiao.platform.config import Settings

_PREFIX = "v1:"


class Unsealable(Exception):
    """A sealed value was made with another key, or was altered."""


def _key(settings: Settings, purpose: str) -> bytes:
    # One key per purpose, so that a value sealed for one use cannot be passed off as another.
    material = f"jixiao.sealed.{purpose}\x00{settings.effective_secret_key()}"
    return hashlib.sha256(material.encode()).digest()


def seal(settings: Settings, purpose: str, plain: str, *, context: str) -> str:
    """`plain` encrypted; `context` (e.g. the owner's id) is bound in, not stored."""
    nonce = secrets.token_bytes(12)
    box = AESGCM(_key(settings, purpose)).encrypt(nonce, plain.encode(), context.encode())
    return _PREFIX + base64.urlsafe_b64encode(nonce + box).decode("ascii")


def unseal(settings: Settings, purpose: str, sealed: str, *, context: str) -> str:
    """The plain text of a sealed value, given the same purpose and context."""
    if not sealed.startswith(_PREFIX):
        raise Unsealable("unknown format")
    raw = base64.urlsafe_b64decode(sealed[len(_PREFIX) :])
    try:
        plain = AESGCM(_key(settings, purpose)).decrypt(raw[:12], raw[12:], context.encode())
    except InvalidTag as error:
        raise Unsealable("wrong key or altered") from error
    return plain.decode()
