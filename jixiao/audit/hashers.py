"""The hash functions of the audit chain, keyed with a secret the database does not hold.

An unkeyed hash can be recomputed by anyone who can write the tables (the owner role, a DBA, a
restored backup): edit an event, recompute every following hash with the public function, move
the head, and the chain verifies again. An HMAC keyed with `JIXIAO_AUDIT_CHAIN_KEY`, which comes
from the secret store and is never written to the database, cannot be recomputed without it.

Each event names the algorithm of its hash (`audit_event.hash_alg`): events written before the
key existed have none and stay verifiable as `sha256` (unkeyed); the first keyed event seals
them, since its HMAC covers the last of them. A deployment that must use SM3-HMAC (GB/T 39786)
sets JIXIAO_AUDIT_CHAIN_ALGORITHM=hmac-sm3 (built in, `HmacSm3`); other algorithms are added
with `register`. Events already written keep the algorithm they name, so a switch breaks
nothing.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from jixiao.platform.config import Settings
from jixiao.platform.db import JixiaoSession


class ChainHasher(Protocol):
    """One algorithm of the chain: `digest` of an event's canonical bytes after `previous`."""

    @property
    def name(self) -> str: ...

    @property
    def keyed(self) -> bool: ...

    def digest(self, previous: str, payload: bytes) -> str:
        """The hex digest of `payload` following the hash `previous`."""
        ...


class LegacySha256:
    """The unkeyed sha256 of events written before the key (their payload holds `prev_hash`)."""

    name = "sha256"
    keyed = False

    def digest(self, previous: str, payload: bytes) -> str:
        return hashlib.sha256(payload).hexdigest()


class _KeyedHmac:
    """An HMAC with the chain's key over the previous hash, a newline and the payload (the
    previous hash is bound in explicitly as well as through the payload)."""

    name = ""
    keyed = True

    def __init__(self, key: bytes) -> None:
        if not key:
            raise ValueError("the audit chain key is empty")
        self._key = key

    def digest(self, previous: str, payload: bytes) -> str:
        return self._mac(previous.encode("utf-8") + b"\n" + payload)

    def _mac(self, message: bytes) -> str:
        raise NotImplementedError

    def __repr__(self) -> str:  # never the key
        return f"{type(self).__name__}(<key>)"


class HmacSha256(_KeyedHmac):
    """HMAC-SHA256, the default."""

    name = "hmac-sha256"

    def _mac(self, message: bytes) -> str:
        return hmac.new(self._key, message, digestmod=hashlib.sha256).hexdigest()


class HmacSm3(_KeyedHmac):
    """HMAC-SM3 (GB/T 32905 hash, GB/T 39786 for systems that must use 商用密码), from OpenSSL
    through `cryptography`; chosen with JIXIAO_AUDIT_CHAIN_ALGORITHM=hmac-sm3."""

    name = "hmac-sm3"

    def _mac(self, message: bytes) -> str:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives import hmac as crypto_hmac

        mac = crypto_hmac.HMAC(self._key, hashes.SM3())
        mac.update(message)
        return mac.finalize().hex()


LEGACY = LegacySha256()
FACTORIES: dict[str, Callable[[bytes], ChainHasher]] = {
    HmacSha256.name: HmacSha256,
    HmacSm3.name: HmacSm3,
}
CURRENT = HmacSha256.name  # what new events and anchors are hashed with


def register(name: str, factory: Callable[[bytes], ChainHasher], *, current: bool = False) -> None:
    """Make a keyed algorithm known (e.g. SM3-HMAC): events naming it can then be verified;
    `current` writes new events and anchors with it from now on."""
    global CURRENT
    if name == LEGACY.name:
        raise ValueError(f"{name} is the unkeyed legacy algorithm")
    FACTORIES[name] = factory
    if current:
        CURRENT = name
    chain_hashers.cache_clear()


@dataclass(frozen=True)
class ChainHashers:
    """The algorithms this process can verify, and the one it writes with."""

    current: ChainHasher
    known: Mapping[str, ChainHasher]

    def named(self, name: str | None) -> ChainHasher | None:
        """The algorithm an event names (none: legacy), or None when this process lacks it."""
        return LEGACY if name is None else self.known.get(name)


@functools.cache
def chain_hashers(settings: Settings) -> ChainHashers:
    """The chain's algorithms keyed with the configured key (one set per settings)."""
    key = settings.effective_audit_chain_key()
    known: dict[str, ChainHasher] = {LEGACY.name: LEGACY}
    known.update((name, factory(key)) for name, factory in FACTORIES.items())
    current = settings.audit_chain_algorithm or CURRENT
    if current not in known or current == LEGACY.name:
        raise ValueError(f"unknown audit chain algorithm {current!r}")
    return ChainHashers(known[current], known)


def session_hashers(session: JixiaoSession) -> ChainHashers:
    """The chain's algorithms for the process that opened the session."""
    if session.settings is None:
        raise RuntimeError("the audit chain needs a session opened by Database.session")
    return chain_hashers(session.settings)
