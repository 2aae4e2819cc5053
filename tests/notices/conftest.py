"""Fixtures of the notices tests: the GraphQL client, and a database that mails through a test
SMTP server."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.workers.broker import inprocess_worker, setup_broker
from tests.notices.smtp import SmtpServer


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


@pytest.fixture
def mail_database(settings: Settings, smtp: SmtpServer) -> Iterator[Database]:
    """The app's database (each backend) in a process whose e-mail goes to the test server."""
    mailing = settings.with_changes(
        smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_from="jixiao@jinfeng.gov.cn"
    )
    db = Database(mailing)
    with inprocess_worker(setup_broker(mailing, db, mode="inprocess")) as drain:
        db.info_drain = drain  # type: ignore[attr-defined]
        yield db
    db.dispose()


@pytest.fixture
def mail_drain(mail_database: Database) -> Callable[[], None]:
    result: Callable[[], None] = mail_database.info_drain  # type: ignore[attr-defined]
    return result
