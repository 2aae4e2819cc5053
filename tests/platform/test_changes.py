"""Word of committed changes (platform/changes.py): told after the commit only, once per
transaction, heads only forward, trusted without a subscription for LOCAL_TRUST seconds, and
carried between processes by Redis."""

from __future__ import annotations

import time
import uuid

import pytest
from sqlmodel import select

from jixiao.platform import changes
from jixiao.platform.changes import Change, ChangeBus, announce
from jixiao.platform.db import Database


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def heard_by(bus: ChangeBus) -> list[Change]:
    heard: list[Change] = []
    bus.listen(heard.append)
    return heard


def test_word_goes_out_after_the_commit_once_per_transaction(database: Database) -> None:
    heard = heard_by(database.changes)
    tenant = uuid.uuid4()
    with database.platform_session() as session:
        announce(session, "head", tenant, 7)
        announce(session, "head", tenant, 9)
        announce(session, "head", tenant, 8)
        announce(session, "principals", tenant)
        assert heard == []  # nothing before the commit
        session.commit()
    assert sorted(heard, key=lambda c: c.kind) == [
        Change("head", tenant, 9),
        Change("principals", tenant, 0),
    ]
    assert database.changes.head(tenant) == 9


def test_nothing_is_told_of_a_transaction_rolled_back(database: Database) -> None:
    heard = heard_by(database.changes)
    with database.platform_session() as session:
        session.exec(select(1))  # a transaction with work in it
        announce(session, "policy", uuid.uuid4())
        session.rollback()
        session.commit()
    assert heard == []


def test_heads_move_only_forward_and_are_trusted_for_a_while_without_redis() -> None:
    clock = Clock()
    bus = ChangeBus(clock=clock)
    tenant = uuid.uuid4()
    assert bus.head(tenant) is None
    bus.saw_head(tenant, 5)
    bus.saw_head(tenant, 3)  # an older read arriving late
    assert bus.head(tenant) == 5
    clock.now += changes.LOCAL_TRUST
    assert bus.head(tenant) is None  # read again: another process may have moved it


def test_a_listener_that_fails_stops_neither_the_others_nor_the_commit() -> None:
    bus = ChangeBus()
    heard: list[Change] = []

    def broken(_change: Change) -> None:
        raise RuntimeError("listener bug")

    bus.listen(broken)
    bus.listen(heard.append)
    bus.publish([Change("policy", uuid.uuid4())])
    assert len(heard) == 1


def test_messages_that_are_not_changes_are_ignored() -> None:
    tenant = uuid.uuid4()
    assert Change.decode(Change("head", tenant, 3).encode()) == Change("head", tenant, 3)
    for text in ("", "head", f"drop {tenant} 1", "head not-a-uuid 1", f"head {tenant} x"):
        assert Change.decode(text) is None


def test_another_process_hears_through_redis(redis_url: str) -> None:
    namespace = f"test-{uuid.uuid4().hex[:8]}"
    clock = Clock()
    listener = ChangeBus(redis_url, namespace, clock=clock)
    teller = ChangeBus(redis_url, namespace)
    heard = heard_by(listener)
    listener.start()
    try:
        assert listener.wait_subscribed()
        tenant = uuid.uuid4()
        teller.publish([Change("head", tenant, 42), Change("principals", tenant)])
        deadline = time.monotonic() + 5
        while len(heard) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert heard == [Change("head", tenant, 42), Change("principals", tenant)]
        clock.now += 3600  # subscribed: a head told stays vouched for, however old
        assert listener.head(tenant) == 42
    finally:
        listener.stop()
    assert not listener.subscribed
    assert listener.head(tenant) is None  # no longer subscribed, and learnt long ago


@pytest.mark.parametrize("kind", ["head", "principals", "policy"])
def test_every_kind_round_trips(kind: str) -> None:
    change = Change(kind, uuid.uuid4(), 1)  # type: ignore[arg-type]
    assert Change.decode(change.encode()) == change
