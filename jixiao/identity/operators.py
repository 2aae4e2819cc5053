"""Platform operators outside the demo: created by someone at the server's console."""

from __future__ import annotations

import logging

from jixiao.identity.models import Operator
from jixiao.identity.passwords import PasswordPolicy, hash_password
from jixiao.identity.queries import operator_by_username
from jixiao.identity.service import USERNAME_CHARS
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, InvalidInput
from jixiao.platform.orm import utcnow

log = logging.getLogger(__name__)


def create_operator(
    session: JixiaoSession, *, username: str, display_name: str, password: str
) -> Operator:
    """A new platform operator with the password they typed (the administrators' policy).

    The password was chosen by the operator, so no change is asked at first sign-in; the
    second factor is, as of every operator (`identity.authenticate`)."""
    name = username.strip().lower()
    if not 2 <= len(name) <= 64 or not set(name) <= USERNAME_CHARS:
        raise InvalidInput("用户名须为 2–64 位小写字母、数字、点、下划线或连字符", field="username")
    display = display_name.strip()
    if not display or len(display) > 100:
        raise InvalidInput("姓名不能为空，且不超过 100 个字", field="displayName")
    if operator_by_username(session, name) is not None:
        raise Conflict(f"平台运营账号「{name}」已存在", field="username")
    problems = PasswordPolicy.for_account(administrator=True).problems(password, username=name)
    if problems:
        raise InvalidInput("；".join(problems), field="password")
    operator = Operator(
        username=name,
        display_name=display,
        password_hash=hash_password(password),
        must_change_password=False,
        password_changed_at=utcnow(),  # else it counts as expired (administrators' maximum age)
    )
    session.add(operator)
    session.flush()
    log.info("platform operator %s created at the console", name)
    return operator
