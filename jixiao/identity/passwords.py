"""Password hashing (Argon2id, OWASP parameters) and the password policy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from jixiao.platform.errors import InvalidInput

# OWASP Password Storage Cheat Sheet: Argon2id, m=19 MiB, t=2, p=1.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# A hash verified when the account does not exist, so both answers take the same time.
_DUMMY_HASH = HASHER.hash("not a real password, only for timing")

MIN_LENGTH = 8
ADMIN_MIN_LENGTH = 12
ADMIN_MAX_AGE_DAYS = 90  # graded protection: administrators change passwords periodically


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether the password matches; an absent account still costs one verification."""
    try:
        return HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than today's (rehash at sign-in)."""
    return HASHER.check_needs_rehash(password_hash)


@cache
def common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    return frozenset(
        line.strip().lower()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )


@dataclass(frozen=True)
class PasswordPolicy:
    """What a new password must satisfy; administrators have the stricter policy."""

    min_length: int
    require_classes: int  # of lower case, upper case, digits, symbols
    max_age_days: int | None

    @classmethod
    def for_account(cls, *, administrator: bool) -> PasswordPolicy:
        if administrator:
            return cls(
                min_length=ADMIN_MIN_LENGTH, require_classes=3, max_age_days=ADMIN_MAX_AGE_DAYS
            )
        return cls(min_length=MIN_LENGTH, require_classes=1, max_age_days=None)

    def problems(self, password: str, *, username: str) -> list[str]:
        """Everything wrong with the password, in words the user can act on."""
        found = []
        if len(password) < self.min_length:
            found.append(f"密码至少 {self.min_length} 位")
        if len(password) > 128:
            found.append("密码不能超过 128 位")
        classes = sum(
            bool(re.search(pattern, password))
            for pattern in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]")
        )
        if classes < self.require_classes:
            found.append(
                f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.require_classes} 类"
            )
        lowered = password.lower()
        if _guessable(lowered):
            found.append("密码过于常见或有规律，容易被猜到")
        if username and username.lower() in lowered:
            found.append("密码不能包含用户名")
        return found

    def check(self, password: str, *, username: str) -> None:
        problems = self.problems(password, username=username)
        if problems:
            raise InvalidInput("；".join(problems), field="newPassword")


# Keyboard rows and columns people walk along (and their reverses count too).
_KEYBOARD = (
    "1234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "1qaz2wsx3edc4rfv5tgb",
    "qazwsxedcrfvtgb",
    "!@#$%^&*()",
)
# What people write for letters: p@ssw0rd is password.
_LEET = str.maketrans("0134578@$!", "oieastbasi")
_DECORATION = re.compile(r"^[\d\W_]+|[\d\W_]+$")


def _guessable(lowered: str) -> bool:
    """A common password, a keyboard walk or a trivial run, also behind digits and symbols
    added at either end and letters written as digits (zxcvbnm1, P@ssw0rd2024, Qwerty123!)."""
    stripped = _DECORATION.sub("", lowered)
    candidates = {lowered, stripped, lowered.translate(_LEET), stripped.translate(_LEET)}
    common = common_passwords()
    return any(
        word in common or _trivial(word) or _keyboard_walk(word) for word in candidates if word
    )


def _keyboard_walk(word: str) -> bool:
    return len(word) >= 4 and any(word in row or word in row[::-1] for row in _KEYBOARD)


def _trivial(password: str) -> bool:
    """One repeated character, or a run of consecutive digits or letters."""
    if len(set(password)) <= 2:
        return True
    steps = {ord(b) - ord(a) for a, b in pairwise(password)}
    return steps in ({1}, {-1})
