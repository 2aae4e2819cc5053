"""Result answers from a cache, and persisted queries (a hash sent by GET) with ETags.

A result answer (rankings, a unit's result, a trend, a comparison, the bonus table, the run
history, a unit across years, an indicator across units) is a function of the tenant's stored
data, the query and its variables, and who asks. The tenant's audit chain head moves in the
same transaction as every change of its data (each write is audited, a recompute too), so the
key of an answer is

    tenant · chain head seq · what the viewer may see · document · operation · variables

and an answer under a key never goes stale: a change moves the head and the next request asks
under a new key. "What the viewer may see" is the subject's permission codes, its result scope
(drafts or published only, which units) and the flags that hold it back (a password to change,
a second factor to enrol): two leaders with the same roles share answers, a unit's reporter
never sees another unit's (tests/graphql/test_answer_cache.py). The head is read before the
answer is computed, so an answer computed while a change commits is kept under the older key.

Only documents whose every root field is a result read are cached (`CACHED_ROOTS`): anything
else, mutations, errors and platform subjects go through as before.

Persisted queries follow Apollo's protocol (automatic persisted queries): a client sends
`extensions.persistedQuery.sha256Hash` (GET or POST) without the query; an unknown hash is
answered `PERSISTED_QUERY_NOT_FOUND`, and the client sends the query once with its hash by POST.
GET carries queries only (a mutation by GET is refused: GET is not checked for CSRF). Every
cached answer carries an `ETag`; `If-None-Match` with it is answered 304 without running the
query. `Cache-Control: private, no-cache`: an answer depends on the viewer, so a shared proxy
must not keep it, and a browser revalidates each time.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

import orjson
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    parse,
)

from jixiao.platform.auth import Subject
from jixiao.platform.metrics import cache_lookup
from jixiao.platform.recent import Recent
from jixiao.scoring.runs.scope import ResultScope

CACHED_ROOTS = frozenset(
    {
        "rankings",
        "unitResult",
        "unitTrend",
        "compareUnits",
        "bonusTable",
        "resultRuns",
        "unitAcrossYears",
        "indicatorAcrossUnits",
    }
)
NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"


@dataclass(frozen=True)
class Document:
    """A query document as received: its hash, whether it is a query, whether it is cached."""

    text: str
    sha256: str
    operations: dict[str | None, OperationType]
    cached_operations: frozenset[str | None]

    def is_query(self, operation: str | None) -> bool:
        """Whether the operation run for this name is a query (not a mutation)."""
        found, name = self.pick(operation)
        return found and self.operations[name] is OperationType.QUERY

    def cached(self, operation: str | None) -> bool:
        """Whether the answer of the operation run for this name may come from the cache."""
        found, name = self.pick(operation)
        return found and name in self.cached_operations

    def pick(self, operation: str | None) -> tuple[bool, str | None]:
        if operation is not None:
            return operation in self.operations, operation
        if len(self.operations) == 1:
            return True, next(iter(self.operations))
        return False, None  # several operations and none named: GraphQL refuses it


def read_document(text: str, digest: str) -> Document | None:
    """The document's operations and which of them are cached; None if it does not parse
    (GraphQL itself then answers with the syntax error)."""
    try:
        tree = parse(text, no_location=True)
    except GraphQLError:
        return None
    fragments = {
        node.name.value: node
        for node in tree.definitions
        if isinstance(node, FragmentDefinitionNode)
    }
    operations: dict[str | None, OperationType] = {}
    cached: set[str | None] = set()
    for node in tree.definitions:
        if not isinstance(node, OperationDefinitionNode):
            continue
        name = node.name.value if node.name else None
        operations[name] = node.operation
        roots = _root_fields(node.selection_set, fragments, set())
        if node.operation is OperationType.QUERY and roots and roots <= CACHED_ROOTS:
            cached.add(name)
    return Document(text, digest, operations, frozenset(cached))


def _root_fields(
    selections: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    seen: set[str],
) -> set[str] | None:
    """The names of the root fields an operation selects (through fragments); None when a
    fragment is unknown (GraphQL refuses the document anyway)."""
    names: set[str] = set()
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            names.add(selection.name.value)
            continue
        if isinstance(selection, InlineFragmentNode):
            inner = selection.selection_set
        else:
            assert isinstance(selection, FragmentSpreadNode)
            name = selection.name.value
            if name not in fragments or name in seen:
                return None
            seen.add(name)
            inner = fragments[name].selection_set
        found = _root_fields(inner, fragments, seen)
        if found is None:
            return None
        names |= found
    return names


def viewer_key(subject: Subject) -> str:
    """What decides which answers a subject may read (see the module): equal for subjects
    who may see the same, different otherwise."""
    scope = ResultScope.of(subject)
    units = None if scope.unit_ids is None else sorted(map(str, scope.unit_ids))
    parts = [
        subject.kind,
        str(subject.tenant_id),
        sorted(subject.permissions),
        units,
        scope.drafts,
        scope.computes,
        subject.must_change_password,
        subject.must_enrol_second_factor,
    ]
    return hashlib.sha256(orjson.dumps(parts)).hexdigest()


def answer_key(
    subject: Subject, head: int, document: Document, operation: str | None, variables: object
) -> str:
    """The key (and ETag) of an answer; see the module."""
    _, name = document.pick(operation)  # one key whether or not the name is sent
    parts = [
        str(subject.tenant_id),
        head,
        viewer_key(subject),
        document.sha256,
        name,
        variables or {},
    ]
    return hashlib.sha256(orjson.dumps(parts, option=orjson.OPT_SORT_KEYS)).hexdigest()


class Documents:
    """Documents by hash: those persisted by clients (automatic persisted queries) and those
    seen in a request, parsed once; the least recently used forgotten past `size`."""

    def __init__(self, size: int = 2000) -> None:
        self._by_hash: Recent[str, Document] = Recent(size)

    def by_hash(self, digest: str) -> Document | None:
        return self._by_hash.get(digest)

    def of_text(self, text: str) -> Document | None:
        """The document of a query text (parsed on first sight); None if it does not parse."""
        digest = hashlib.sha256(text.encode()).hexdigest()
        found = self._by_hash.get(digest)
        if found is not None:
            return found
        document = read_document(text, digest)
        if document is not None:
            self._by_hash.put(digest, document)
        return document


class Answers:
    """Answer bodies by key, at most `max_bytes` of them, the least recently used dropped."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is None:
                self.misses += 1
                cache_lookup("answers", hit=False)
                return None
            self.hits += 1
            cache_lookup("answers", hit=True)
            self._items.move_to_end(key)
            return body

    def put(self, key: str, body: bytes) -> None:
        if len(body) > self.max_bytes // 4:
            return  # one answer may not push out most of the others
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old)
            self._items[key] = body
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped)
