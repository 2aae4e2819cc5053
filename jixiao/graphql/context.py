"""The typed per-request context: subject, database access off the event loop, dataloaders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import anyio.to_thread
from sqlalchemy.exc import DBAPIError
from starlette.requests import Request
from starlette.responses import Response
from strawberry.types import Info as StrawberryInfo

from jixiao.graphql.loaders import Loaders
from jixiao.platform.auth import Subject
from jixiao.platform.config import Settings
from jixiao.platform.db import Database, JixiaoSession, lost_race
from jixiao.platform.storage import FileStore, file_store

T = TypeVar("T")
RACE_RETRIES = 2  # a write that lost a race runs again in a new transaction, twice at most


@dataclass
class Context:
    """What every resolver gets; all data access is in the subject's tenant, never an argument's."""

    request: Request
    response: Response
    settings: Settings
    database: Database
    subject: Subject
    request_id: str
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self)

    @property
    def files(self) -> FileStore:
        """The tenants' file store (local folder or S3-compatible bucket)."""
        return file_store(self.settings)

    async def read(self, work: Callable[[JixiaoSession], T]) -> T:
        """Run `work` in a worker thread with a session of the subject's tenant; no commit."""

        def run() -> T:
            with self.database.session(self.subject.tenant_id) as session:
                return work(session)

        return await anyio.to_thread.run_sync(run)

    async def write(self, work: Callable[[JixiaoSession], T]) -> T:
        """Run `work` in one transaction of the subject's tenant; commit if it returns. A
        transaction that lost a race with a concurrent one is rolled back and run again."""

        def run() -> T:
            for tried in range(RACE_RETRIES + 1):
                with self.database.session(self.subject.tenant_id) as session:
                    try:
                        result = work(session)
                        session.commit()
                        return result
                    except DBAPIError as error:
                        if tried == RACE_RETRIES or not lost_race(error):
                            raise
            raise AssertionError("unreachable")

        return await anyio.to_thread.run_sync(run)


Info = StrawberryInfo[Context, None]
