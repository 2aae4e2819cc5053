"""The secrets of a survey's public side: its public key, invitation codes and open-link tickets.

- The public key names the tenant and, with random bytes, the survey: the public page finds
  its tenant from the key alone and reads the survey under that tenant's row-level security.
- An invitation code (邀请码) is 10 letters and digits without look-alikes (about 50 bits),
  shown once when issued and kept only as its hash.
- A ticket is issued when the open-link page loads: a random nonce, its issue time and an HMAC
  under the app's secret, bound to the survey. It is redeemed once (its nonce's hash kept).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
import uuid

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 10
TICKET_TTL_S = 6 * 3600


def new_public_key(tenant_id: uuid.UUID) -> str:
    raw = tenant_id.bytes + secrets.token_bytes(12)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def tenant_of_key(key: str) -> uuid.UUID | None:
    """The tenant a public key names; None for anything that is not a key."""
    if not 30 <= len(key) <= 40:
        return None
    try:
        raw = base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(raw) != 28:
        return None
    return uuid.UUID(bytes=raw[:16])


def new_code() -> str:
    """An invitation code as printed: XXXXX-XXXXX."""
    letters = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{letters[:5]}-{letters[5:]}"


def normalise_code(code: str) -> str:
    """What a respondent typed, as issued: upper case, no spaces or dashes, O→0 is not needed
    (the alphabet has neither O nor 0)."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(survey_id: uuid.UUID, code: str) -> str:
    data = f"{survey_id}:{normalise_code(code)}".encode()
    return hashlib.sha256(data).hexdigest()


def _mac(secret: str, survey_id: uuid.UUID, nonce: str, issued: int) -> str:
    key = hmac.new(secret.encode(), b"jixiao survey ticket", hashlib.sha256).digest()
    message = f"{survey_id}|{nonce}|{issued}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def issue_ticket(secret: str, survey_id: uuid.UUID, now: float | None = None) -> str:
    nonce = secrets.token_urlsafe(18)
    issued = int(time.time() if now is None else now)
    return f"{nonce}.{issued}.{_mac(secret, survey_id, nonce, issued)}"


def ticket_nonce(
    secret: str, survey_id: uuid.UUID, ticket: str, now: float | None = None
) -> str | None:
    """The hash of a ticket's nonce if the ticket is this survey's, genuine and unexpired."""
    parts = ticket.split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    nonce, issued, mac = parts[0], int(parts[1]), parts[2]
    if not hmac.compare_digest(_mac(secret, survey_id, nonce, issued), mac):
        return None
    moment = time.time() if now is None else now
    if not issued - 60 <= moment <= issued + TICKET_TTL_S:
        return None
    return hashlib.sha256(nonce.encode()).hexdigest()
