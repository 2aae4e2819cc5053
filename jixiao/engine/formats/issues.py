"""Structured validation issues: file, entry path and a message a clerk can act on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class IssueCode(StrEnum):
    """Machine-readable kind of an issue, for clients that map them to their own errors."""

    SYNTAX = "syntax"
    UNREADABLE = "unreadable"
    WRONG_FORMAT = "wrong_format"
    WRONG_TYPE = "wrong_type"
    UNKNOWN_KEY = "unknown_key"
    MISSING_FIELD = "missing_field"
    UNKNOWN_CODE = "unknown_code"
    DUPLICATE = "duplicate"
    OUT_OF_RANGE = "out_of_range"
    SUM_MISMATCH = "sum_mismatch"
    NOT_APPLICABLE = "not_applicable"
    SCHEME_MISMATCH = "scheme_mismatch"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in one entry of a file, e.g. `data.yaml: scores[17].unit: …`."""

    file: str
    path: str
    message: str
    code: IssueCode = IssueCode.INVALID

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.path}: {self.message}"
            if self.path
            else f"{self.file}: {self.message}"
        )


class FormatError(ValueError):
    """A scheme or data file (or mapping) was refused; `issues` lists every problem found."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


ValidationErrors = FormatError
