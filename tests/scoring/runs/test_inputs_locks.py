"""A recompute never reads half of an import: readers and single-row writers hold a scheme's
inputs shared, a whole replacement holds them alone (PostgreSQL advisory locks)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
import pytest
from psycopg import errors as pg_errors
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import select

from jixiao.engine.formats import read_document
from jixiao.graphql.context import Context
from jixiao.platform.db import JixiaoSession
from jixiao.schemes import interchange
from jixiao.scoring.models import Adjustment, Score
from jixiao.scoring.runs import sources
from tests.factories import EXAMPLE, SCHEME, Jinfeng, everything


def in_a_thread(write: Any, work: Any) -> Any:
    """`context.write(work)` on an event loop of its own (the test's thread may have one)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(anyio.run, write, work).result()


def postgres_only(jinfeng: Jinfeng) -> None:
    if jinfeng.database.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers on the whole database")


def impatient(session: JixiaoSession) -> JixiaoSession:
    """A session that gives up after 300 ms instead of waiting for a lock."""
    session.connection().exec_driver_sql("SET LOCAL lock_timeout = '300ms'")
    return session


def waited(error: OperationalError) -> bool:
    return isinstance(error.orig, pg_errors.LockNotAvailable)


def replace_data(session: JixiaoSession, jinfeng: Jinfeng) -> None:
    data = read_document(EXAMPLE / "data.yaml")
    interchange.import_data(session, SCHEME, data, actor=everything(jinfeng.tenant))


def a_score(session: JixiaoSession) -> Score:
    score = session.exec(select(Score).where(Score.actual.is_not(None))).first()  # type: ignore[union-attr]
    assert score is not None
    return score


def test_a_recompute_waits_for_an_import_replacing_the_data(jinfeng: Jinfeng) -> None:
    postgres_only(jinfeng)
    db, tenant = jinfeng.database, jinfeng.tenant.id
    with db.tenant_session(tenant) as importing, db.tenant_session(tenant) as reading:
        replace_data(importing, jinfeng)  # not committed: the scheme is held alone
        with pytest.raises(OperationalError) as raised:
            sources.load_inputs(impatient(reading), SCHEME)
        assert waited(raised.value)
        importing.commit()
    with db.tenant_session(tenant) as reading:
        assert sources.load_inputs(reading, SCHEME).data.scores


def test_an_import_waits_for_a_recompute_reading_the_inputs(jinfeng: Jinfeng) -> None:
    postgres_only(jinfeng)
    db, tenant = jinfeng.database, jinfeng.tenant.id
    with db.tenant_session(tenant) as reading, db.tenant_session(tenant) as importing:
        sources.load_inputs(reading, SCHEME)  # the transaction is open: held shared
        with pytest.raises(OperationalError) as raised:
            replace_data(impatient(importing), jinfeng)
        assert waited(raised.value)


def test_single_row_writers_and_recomputes_do_not_wait_for_each_other(jinfeng: Jinfeng) -> None:
    postgres_only(jinfeng)
    db, tenant = jinfeng.database, jinfeng.tenant.id
    with db.tenant_session(tenant) as reading, db.tenant_session(tenant) as writing:
        sources.load_inputs(reading, SCHEME)
        score = a_score(impatient(writing))
        score.actual = score.actual / 2 if score.actual else score.actual
        writing.add(score)
        writing.commit()  # no lock timeout: a score change runs beside a recompute
        with db.tenant_session(tenant) as importing:
            with pytest.raises(OperationalError) as raised:
                replace_data(impatient(importing), jinfeng)
            assert waited(raised.value)  # the open recompute still holds it


def test_an_import_waits_for_an_uncommitted_new_adjustment(jinfeng: Jinfeng) -> None:
    postgres_only(jinfeng)
    db, tenant = jinfeng.database, jinfeng.tenant.id
    with db.tenant_session(tenant) as writing, db.tenant_session(tenant) as importing:
        old = writing.exec(select(Adjustment)).first()
        assert old is not None
        # A new row locks nothing the import's DELETE meets: only the scheme's hold does.
        writing.add(
            Adjustment(
                scheme_id=old.scheme_id,
                unit_id=old.unit_id,
                kind=old.kind,
                points=old.points,
                reason="新增的加分事由",
            )
        )
        writing.flush()  # the row went out: the scheme is held shared
        with pytest.raises(OperationalError) as raised:
            replace_data(impatient(importing), jinfeng)
        assert waited(raised.value)


def test_a_write_that_lost_a_race_runs_again_in_a_new_transaction(jinfeng: Jinfeng) -> None:
    tries: list[int] = []

    def work(session: JixiaoSession) -> str:
        tries.append(session.exec(text("SELECT 1")).one()[0])
        if len(tries) == 1:
            raise IntegrityError("INSERT …", {}, pg_errors.UniqueViolation("duplicate key"))
        return "done"

    context = Context(
        request=None,  # type: ignore[arg-type]
        response=None,  # type: ignore[arg-type]
        settings=jinfeng.database.settings,
        database=jinfeng.database,
        subject=everything(jinfeng.tenant),
        request_id="test",
    )
    assert in_a_thread(context.write, work) == "done"
    assert tries == [1, 1]

    def broken(session: JixiaoSession) -> str:
        raise IntegrityError("INSERT …", {}, pg_errors.NotNullViolation("null value"))

    with pytest.raises(IntegrityError):
        in_a_thread(context.write, broken)
