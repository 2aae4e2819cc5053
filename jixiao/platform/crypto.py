"""Field encryption for personal and secret data at rest, with the algorithm a deployment needs.

A `FieldCipher` turns a text into a self-describing token `<algorithm>$<base64url(nonce ‖
ciphertext ‖ tag)>` and back. Two authenticated ciphers are built in: AES-256-GCM and SM4-GCM
(GB/T 32907 with GCM, as GB/T 39786 asks of systems that must use 商用密码); both come from
OpenSSL through `cryptography`. The `context` (e.g. the table, column and row id) is bound in as
associated data, so a token copied onto another row does not decrypt. Tokens name their
algorithm, so a deployment can move from one to the other: new values are written with the
current cipher, old ones still read (`FieldCiphers`).

The key (`JIXIAO_FIELD_KEY`) comes from the secret store like the audit chain's key and never
from the database; each algorithm gets its own key derived from it (HKDF-SHA256).
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from jixiao.platform.config import Settings

_NONCE = 12
_TAG = 16


class CannotDecrypt(ValueError):
    """The token is damaged, was made with another key, or belongs to another context."""


class FieldCipher(Protocol):
    """One authenticated cipher for field values."""

    @property
    def name(self) -> str: ...

    def encrypt(self, plaintext: str, *, context: str) -> str: ...

    def decrypt(self, token: str, *, context: str) -> str: ...


class _Gcm:
    """An AEAD in GCM mode over a block cipher from `cryptography`."""

    name = ""
    key_bytes = 32

    def __init__(self, master_key: bytes) -> None:
        if len(master_key) < 32:
            raise ValueError("the field encryption key must have at least 32 bytes")
        self._key = HKDF(
            algorithm=hashes.SHA256(),
            length=self.key_bytes,
            salt=None,
            info=f"jixiao field cipher {self.name}".encode(),
        ).derive(master_key)

    def _algorithm(self) -> algorithms.AES | algorithms.SM4:
        raise NotImplementedError

    def encrypt(self, plaintext: str, *, context: str) -> str:
        nonce = os.urandom(_NONCE)
        encryptor = Cipher(self._algorithm(), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(context.encode())
        sealed = encryptor.update(plaintext.encode()) + encryptor.finalize()
        body = base64.urlsafe_b64encode(nonce + sealed + encryptor.tag).decode()
        return f"{self.name}${body}"

    def decrypt(self, token: str, *, context: str) -> str:
        name, _, body = token.partition("$")
        if name != self.name:
            raise CannotDecrypt(f"not a {self.name} token")
        try:
            raw = base64.urlsafe_b64decode(body.encode())
        except ValueError:
            raise CannotDecrypt("the token is not base64") from None
        if len(raw) < _NONCE + _TAG:
            raise CannotDecrypt("the token is too short")
        nonce, sealed, tag = raw[:_NONCE], raw[_NONCE:-_TAG], raw[-_TAG:]
        decryptor = Cipher(self._algorithm(), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(context.encode())
        try:
            return (decryptor.update(sealed) + decryptor.finalize()).decode()
        except InvalidTag:
            raise CannotDecrypt("wrong key or context, or the token was changed") from None

    def __repr__(self) -> str:  # never the key
        return f"{type(self).__name__}(<key>)"


class Aes256Gcm(_Gcm):
    name = "aes256gcm"
    key_bytes = 32

    def _algorithm(self) -> algorithms.AES:
        return algorithms.AES(self._key)


class Sm4Gcm(_Gcm):
    name = "sm4gcm"
    key_bytes = 16  # SM4 has 128-bit keys

    def _algorithm(self) -> algorithms.SM4:
        return algorithms.SM4(self._key)


CIPHERS: dict[str, Callable[[bytes], FieldCipher]] = {
    Aes256Gcm.name: Aes256Gcm,
    Sm4Gcm.name: Sm4Gcm,
}


class FieldCiphers:
    """Writes with the current algorithm and reads a token of any known one."""

    def __init__(self, master_key: bytes, current: str = Aes256Gcm.name) -> None:
        if current not in CIPHERS:
            known = ", ".join(sorted(CIPHERS))
            raise ValueError(f"unknown field cipher {current!r} (known: {known})")
        self.current = current
        self._ciphers = {name: make(master_key) for name, make in CIPHERS.items()}

    def encrypt(self, plaintext: str, *, context: str) -> str:
        return self._ciphers[self.current].encrypt(plaintext, context=context)

    def decrypt(self, token: str, *, context: str) -> str:
        name = token.partition("$")[0]
        cipher = self._ciphers.get(name)
        if cipher is None:
            raise CannotDecrypt(f"unknown cipher {name!r}")
        return cipher.decrypt(token, context=context)


def field_ciphers(settings: Settings) -> FieldCiphers:
    """The deployment's field ciphers: its key and its current algorithm."""
    return FieldCiphers(settings.effective_field_key(), settings.field_cipher)
