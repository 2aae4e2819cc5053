"""Time-based one-time passwords (RFC 6238) and recovery codes: pure functions, no database.

Authenticator apps (Google/Microsoft Authenticator, FreeOTP, 企业微信 and the like) expect
HMAC-SHA-1, 30-second steps and 6 digits, so those are fixed rather than configurable. A code is
accepted for the step before and after the current one as well (a phone's clock drifts);
the caller remembers the last step accepted so that no code is accepted twice.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1  # steps accepted either side of the current one
ISSUER = "绩效考评 Jixiao"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def new_secret() -> str:
    """A 160-bit secret in base32 without padding, as authenticator apps take it."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii").rstrip("=")


def step_at(moment: float | None = None) -> int:
    """The time step of a moment (Unix seconds; now when None)."""
    return int((time.time() if moment is None else moment) // STEP_SECONDS)


def code_at(secret: str, step: int) -> str:
    """The code of a step (RFC 4226 HOTP with the step as counter)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**DIGITS).zfill(DIGITS)


def matching_step(
    secret: str, code: str, *, after: int | None, moment: float | None = None
) -> int | None:
    """The step whose code `code` is, within the drift and later than `after`; else None.

    Every candidate is compared in constant time, so timing tells nothing about which failed.
    """
    code = normalise_code(code)
    if len(code) != DIGITS or not code.isdigit():
        return None
    now = step_at(moment)
    found = None
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(code_at(secret, step), code) and found is None:
            found = step
    if found is None or (after is not None and found <= after):
        return None
    return found


def normalise_code(code: str) -> str:
    """What a person typed, without the spaces and dashes apps and people put in."""
    return "".join(code.split()).replace("-", "").lower()


def provisioning_uri(secret: str, account: str) -> str:
    """The otpauth:// URI an app scans (Key Uri Format): issuer in the label and the query."""
    label = quote(f"{ISSUER}:{account}", safe="")
    query = urlencode(
        {
            "secret": secret,
            "issuer": ISSUER,
            "algorithm": "SHA1",
            "digits": DIGITS,
            "period": STEP_SECONDS,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}"


def new_recovery_codes(count: int = RECOVERY_CODES) -> list[str]:
    """Codes of 16 characters (about 78 bits) in groups of four, e.g. `k3m9-…`."""
    codes = []
    for _ in range(count):
        body = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
        codes.append("-".join(body[i : i + 4] for i in range(0, 16, 4)))
    return codes


def recovery_digest(code: str) -> str:
    """What is stored of a recovery code: high-entropy, so a plain SHA-256 suffices."""
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def looks_like_recovery_code(code: str) -> bool:
    return len(normalise_code(code)) == 16
