"""Random secrets for sessions and API tokens, stored only as digests."""

from __future__ import annotations

import hashlib
import secrets


def new_secret() -> str:
    """256 bits of randomness, URL-safe."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What is stored: a SHA-256 of a high-entropy secret (no salt or stretching needed)."""
    return hashlib.sha256(secret.encode()).hexdigest()
