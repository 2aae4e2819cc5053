"""Engine, sessions and the tenant context: the one place that scopes queries to a tenant.

Every session is either a *tenant* session (bound to one tenant id) or a *platform* session
(no tenant: platform tables only). Tenant-owned rows (`TenantScoped`) are filtered to the
session's tenant here, new ones are stamped with it, and on PostgreSQL each transaction also
sets `jixiao.tenant_id` for row-level security, the second wall.
"""

from __future__ import annotations

import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, literal_column, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import ORMExecuteState, SessionTransaction, sessionmaker, with_loader_criteria
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session

from jixiao.platform import liveness
from jixiao.platform.changes import CHANGES_KEY, ChangeBus
from jixiao.platform.config import Settings
from jixiao.platform.errors import TenantContextError
from jixiao.platform.orm import TenantScoped

TENANT_KEY = "tenant_id"
MAIL_KEY = "jixiao.mail"
SETTINGS_KEY = "jixiao.settings"  # what a service needs of the process's configuration (keys)
DATABASE_KEY = "jixiao.database"  # the session's `database_key`, worked out once
AFTER_COMMIT_KEY = "after_commit"
# PostgreSQL's codes for a transaction that lost a race with another one: serialization
# failure, deadlock, and a unique key another transaction inserted after this one looked.
_LOST_RACE = frozenset({"40001", "40P01", "23505"})


class JixiaoSession(Session):
    """A SQLModel session that knows its tenant (or that it has none)."""

    @property
    def tenant_id(self) -> uuid.UUID | None:
        value = self.info.get(TENANT_KEY)
        return value if isinstance(value, uuid.UUID) else None

    @property
    def can_mail(self) -> bool:
        """Whether this process can send e-mail (SMTP is configured): notifications made in
        this session are mailed too, as each user's settings allow."""
        return bool(self.info.get(MAIL_KEY, False))

    @property
    def settings(self) -> Settings | None:
        """The configuration of the process that opened the session (e.g. the audit chain's
        key), or None for a session not opened by `Database.session`."""
        value = self.info.get(SETTINGS_KEY)
        return value if isinstance(value, Settings) else None

    @property
    def database_key(self) -> str:
        """Which database the session reads: its URL, the password hidden. What a process keeps
        per tenant (parsed inputs, rules, enforcers) is kept per database too, since two
        databases can hold the same ids at the same revisions: copies of one another, as the
        browser tests' servers over one seeded file in one process (their caches once crossed,
        and a server computed from another's scores)."""
        key = self.info.get(DATABASE_KEY)
        if key is None:
            key = self.info[DATABASE_KEY] = self.get_bind().engine.url.render_as_string(
                hide_password=True
            )
        return str(key)

    def require_tenant(self) -> uuid.UUID:
        """The session's tenant; raises when this is a platform session."""
        tenant_id = self.tenant_id
        if tenant_id is None:
            raise TenantContextError("this operation needs a tenant session")
        return tenant_id


def on_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run `callback` after the session's current transaction commits; drop it on rollback."""
    session.info.setdefault(AFTER_COMMIT_KEY, []).append(callback)


@event.listens_for(JixiaoSession, "do_orm_execute")
def _scope_to_tenant(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.execution_options.get("include_all_tenants", False):
        return
    tenant_id = state.session.info.get(TENANT_KEY)
    if tenant_id is None:
        touched = [
            m.class_.__name__ for m in state.all_mappers if issubclass(m.class_, TenantScoped)
        ]
        if touched:
            raise TenantContextError(f"tenant data ({', '.join(touched)}) read without a tenant")
        return
    state.statement = state.statement.options(*_tenant_criteria(tenant_id))


# One option for every tenant model: `with_loader_criteria` given the (unmapped) TenantScoped base
# applies its rule to each mapped subclass wherever the statement names it, joins and subqueries
# included. It used to be one option per model (some 60): coercing them and adding them to the
# cache key took more than the rest of a small statement (profile: 88,900 `coercions.expect`
# calls for 1,100 statements). Built once per tenant and reused, as immutable options may be.
_CRITERIA: dict[uuid.UUID, tuple[Any, ...]] = {}
_CRITERIA_LOCK = threading.Lock()


def _tenant_column(cls: Any) -> Any:
    """A tenant model's (or alias's) `tenant_id`. SQLAlchemy also calls the rule once with the
    unmapped TenantScoped itself, to learn its shape: pydantic hides the field there."""
    try:
        return cls.tenant_id
    except AttributeError:
        if cls.__name__ != TenantScoped.__name__:
            raise  # a tenant model without its column: never a rule that filters nothing
        return literal_column("tenant_id")


def _tenant_criteria(tenant_id: uuid.UUID) -> tuple[Any, ...]:
    """The loader criteria that scope a statement's tenant models to one tenant."""
    found = _CRITERIA.get(tenant_id)
    if found is None:
        found = (
            with_loader_criteria(
                TenantScoped, lambda cls: _tenant_column(cls) == tenant_id, include_aliases=True
            ),
        )
        with _CRITERIA_LOCK:
            if len(_CRITERIA) >= 1024:  # tenants served by one process: a platform's worth
                _CRITERIA.clear()
            _CRITERIA[tenant_id] = found
    return found


@event.listens_for(JixiaoSession, "before_flush")
def _stamp_tenant(session: Session, _context: Any, _instances: Any) -> None:
    tenant_id = session.info.get(TENANT_KEY)
    for obj in session.new:
        if isinstance(obj, TenantScoped):
            if tenant_id is None:
                raise TenantContextError(f"new {type(obj).__name__} without a tenant session")
            if getattr(obj, "tenant_id", None) is None:
                obj.tenant_id = tenant_id
            elif obj.tenant_id != tenant_id:
                raise TenantContextError(f"{type(obj).__name__} belongs to another tenant")
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, TenantScoped) and obj.tenant_id != tenant_id:
            raise TenantContextError(f"{type(obj).__name__} of another tenant changed")


@event.listens_for(JixiaoSession, "after_begin")
def _set_rls_context(session: Session, _tx: SessionTransaction, connection: Connection) -> None:
    _set_rls_tenant(connection, session.info.get(TENANT_KEY))


def _set_rls_tenant(connection: Connection, tenant_id: uuid.UUID | None) -> None:
    if connection.dialect.name != "postgresql":
        return
    # `true`: local to this transaction, so a pooled connection never carries it further.
    connection.execute(
        text("SELECT set_config('jixiao.tenant_id', :tenant, true)"),
        {"tenant": str(tenant_id) if tenant_id else ""},
    )


@event.listens_for(JixiaoSession, "after_commit")
def _run_after_commit(session: Session) -> None:
    # SQLAlchemy fires after_commit when a SAVEPOINT (begin_nested) is released too: the
    # callbacks wait for the outermost transaction, or a job would run before its data exists.
    if session.in_nested_transaction():
        return
    callbacks: list[Callable[[], None]] = session.info.pop(AFTER_COMMIT_KEY, [])
    for callback in callbacks:
        callback()


@event.listens_for(JixiaoSession, "after_rollback")
def _drop_after_commit(session: Session) -> None:
    # A SAVEPOINT rolled back keeps the outer transaction's callbacks (jobs check their data).
    if session.in_nested_transaction():
        return
    session.info.pop(AFTER_COMMIT_KEY, None)


def lost_race(error: DBAPIError) -> bool:
    """Whether a write failed only because a concurrent transaction got there first: run
    again, it either succeeds or meets the other's row as the domain error it deserves."""
    return getattr(error.orig, "sqlstate", None) in _LOST_RACE


# Connections a PostgreSQL pool may open beyond its size at a peak (each process's at most:
# `JIXIAO_DB_POOL_SIZE` + this; infra/SCALING.md counts them).
POOL_OVERFLOW = 10


def create_db_engine(
    url: str,
    *,
    pool_size: int = 10,
    max_overflow: int = POOL_OVERFLOW,
    prepared_statements: bool = True,
) -> Engine:
    """An engine for the URL: WAL and foreign keys on SQLite, a sized pool on PostgreSQL.

    Without `prepared_statements` psycopg never prepares a statement on the server (its
    `prepare_threshold` None): what PgBouncer in transaction mode needs, where a transaction
    may run on another server connection than the one that prepared it."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    connect_args: dict[str, Any] = {} if prepared_statements else {"prepare_threshold": None}
    engine = create_engine(
        url, pool_size=pool_size, max_overflow=max_overflow, connect_args=connect_args
    )
    liveness.watch(engine)  # what pool_pre_ping's SELECT 1 told, without the round trip
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # pysqlite's own transaction handling commits a SAVEPOINT opened before its implicit BEGIN,
    # so a rolled-back transaction could keep a savepoint's writes: SQLAlchemy's documented
    # recipe is to switch that off and emit BEGIN ourselves (`_sqlite_begin`).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # IMMEDIATE: take the write lock up front. A deferred BEGIN that later writes must upgrade
    # its lock, and two such transactions fail at once with "database is locked" instead of
    # waiting out busy_timeout. The embedded database serialises its transactions this way.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


TABLES_MODULE = "jixiao.models"


def require_all_tables() -> None:
    """Refuse to work on a database before every table is loaded with the session hooks that
    come with them (the schemes' inputs revision moves at each commit that changes an input): a
    database is whole only with all of them. The composition roots (the app, the commands, the
    workers and scheduler, the tests) import `jixiao.models` first; the platform below them
    cannot import it, so it checks that they did."""
    if TABLES_MODULE not in sys.modules:
        raise RuntimeError(
            f"import {TABLES_MODULE} before opening the database: every table and the session"
            " hooks that come with them (the inputs revision) must be loaded"
        )


class Database:
    """The application's engine and its session factories."""

    def __init__(self, settings: Settings, engine: Engine | None = None) -> None:
        require_all_tables()
        self.settings = settings
        if engine is None:
            if not settings.is_postgres:
                settings.data_dir.mkdir(parents=True, exist_ok=True)
            engine = create_db_engine(
                settings.effective_database_url,
                pool_size=settings.db_pool_size,
                prepared_statements=settings.db_prepared_statements,
            )
        self.engine = engine
        self._factory = sessionmaker(engine, class_=JixiaoSession, expire_on_commit=False)
        # Word of commits that end what this process keeps (heads, subjects, enforcers).
        self.changes = ChangeBus(settings.redis_url, settings.queue_namespace)

    def session(self, tenant_id: uuid.UUID | None) -> JixiaoSession:
        """A new session for one tenant, or a platform session when `tenant_id` is None."""
        session = self._factory()
        session.info[TENANT_KEY] = tenant_id
        session.info[MAIL_KEY] = self.settings.smtp_host is not None
        session.info[SETTINGS_KEY] = self.settings
        session.info[CHANGES_KEY] = self.changes
        return session

    @contextmanager
    def tenant_session(self, tenant_id: uuid.UUID) -> Iterator[JixiaoSession]:
        """A session scoped to one tenant; the caller commits."""
        with self.session(tenant_id) as session:
            yield session

    @contextmanager
    def platform_session(self) -> Iterator[JixiaoSession]:
        """A session for platform tables only; tenant rows raise `TenantContextError`."""
        with self.session(None) as session:
            yield session

    def dispose(self) -> None:
        self.changes.stop()
        self.engine.dispose()


def migrate(settings: Settings) -> None:
    """Bring the schema up to date (as the owner role) and grant the app role on PostgreSQL."""
    from jixiao.platform.migrate import upgrade

    upgrade(settings)


@contextmanager
def acting_for_tenant(session: JixiaoSession, tenant_id: uuid.UUID) -> Iterator[JixiaoSession]:
    """Within the current transaction, act for one tenant (onboarding writes its first rows).

    Flushes on entry and exit so that every row is written under the right tenant, and keeps
    the PostgreSQL setting in step so RLS checks the same tenant.
    """
    previous = session.info.get(TENANT_KEY)
    if previous == tenant_id:  # the session's own tenant already: nothing to switch
        yield session
        return
    session.flush()
    _switch(session, tenant_id)
    try:
        yield session
        session.flush()
    finally:
        _switch(session, previous)


def _switch(session: JixiaoSession, tenant_id: uuid.UUID | None) -> None:
    session.info[TENANT_KEY] = tenant_id
    _set_rls_tenant(session.connection(), tenant_id)
