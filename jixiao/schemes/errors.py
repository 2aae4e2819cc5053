"""Expected failures of the schemes domain."""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.engine.formats import Issue
from jixiao.platform.errors import Conflict, InvalidInput

_SHOWN = 20


class SchemeInvalid(InvalidInput):
    """A scheme or data document (or a stored scheme) fails the engine's validation.

    `issues` lists every problem with its file and entry (`scores[17].unit`); the message
    shows the first ones.
    """

    def __init__(self, issues: Sequence[Issue], *, field: str | None = None) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        lines = [str(issue) for issue in self.issues[:_SHOWN]]
        if len(self.issues) > _SHOWN:
            lines.append(f"……另有 {len(self.issues) - _SHOWN} 处错误")
        summary = f"共 {len(self.issues)} 处错误，未做任何修改：\n" + "\n".join(lines)
        super().__init__(summary, field=field or (self.issues[0].path if self.issues else None))


class SchemeLocked(Conflict):
    """The scheme's rules are approved or published: changes need a new revision."""
