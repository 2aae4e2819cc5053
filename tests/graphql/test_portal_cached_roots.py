"""The portal reads results by persisted GET: its list of cached roots is the server's.

portal/src/api/client.ts sends a query by GET when every root field is in its CACHED_ROOTS; the
server caches (and ETags) the answers of queries whose every root is in
jixiao/graphql/answers.py CACHED_ROOTS. A root added on one side only would either lose the
browser's 304s or send reads by GET that the server never caches.
"""

from __future__ import annotations

import re
from pathlib import Path

from jixiao.graphql.answers import CACHED_ROOTS

CLIENT = Path(__file__).resolve().parents[2] / "portal" / "src" / "api" / "client.ts"


def portal_cached_roots() -> set[str]:
    text = CLIENT.read_text(encoding="utf-8")
    found = re.search(
        r"export const CACHED_ROOTS: ReadonlySet<string> = new Set\(\[(.*?)\]\)", text, re.S
    )
    assert found, f"CACHED_ROOTS is not in {CLIENT}"
    names = re.findall(r"'([_A-Za-z][_0-9A-Za-z]*)'", found.group(1))
    assert names
    return set(names)


def test_the_portal_reads_by_get_exactly_the_roots_the_server_caches() -> None:
    assert portal_cached_roots() == set(CACHED_ROOTS)
