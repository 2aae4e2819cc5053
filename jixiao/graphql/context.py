"""The typed per-request context: subject, database access off the event loop, dataloaders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar, cast

import anyio.to_thread
from sqlalchemy.exc import DBAPIError
from starlette.requests import Request
from starlette.responses import Response
from strawberry.types import Info as StrawberryInfo

from jixiao.platform.auth import Subject
from jixiao.platform.config import Settings
from jixiao.platform.db import Database, JixiaoSession, lost_race
from jixiao.platform.storage import FileStore, file_store

T = TypeVar("T")
L = TypeVar("L")
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
    _loader_sets: dict[object, object] = field(default_factory=dict, init=False, repr=False)

    def loaders_of(self, kind: Callable[[Context], L]) -> L:
        """The request's dataloaders of one kind (`OrgLoaders`, `SchemeLoaders`, …), made on
        first use and kept with the request: each relation is read once per batch and per
        request, and nothing loaded is ever shared between requests."""
        found = self._loader_sets.get(kind)
        if found is None:
            found = self._loader_sets[kind] = kind(self)
        return cast(L, found)

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
