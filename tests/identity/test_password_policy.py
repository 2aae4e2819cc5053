"""The password policy refuses what a guesser tries first, also in disguise."""

from __future__ import annotations

import pytest

from jixiao.identity.passwords import PasswordPolicy

GUESSABLE = (
    "zxcvbnm1",  # a keyboard row and a digit
    "Qwerty123!",
    "P@ssw0rd2024",  # letters written as digits, a year behind
    "1qaz2wsx",  # a keyboard column walk
    "Admin@123",
    "woaini1314",
    "!@#$%^&*",
    "abcdefgh",
)
FINE = ("Ningxia-Yongning-2026", "Correct-Horse-Battery-9", "x9Kp2mQz", "Huanghe-flows-east")


@pytest.mark.parametrize("password", GUESSABLE)
def test_common_passwords_in_disguise_are_refused(password: str) -> None:
    problems = PasswordPolicy.for_account(administrator=False).problems(password, username="wang")
    assert "密码过于常见或有规律，容易被猜到" in problems


@pytest.mark.parametrize("password", FINE)
def test_passwords_nobody_guesses_first_are_taken(password: str) -> None:
    assert PasswordPolicy.for_account(administrator=False).problems(password, username="wang") == []
