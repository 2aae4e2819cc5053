"""Running a walk and judging its answers: leaks, crashes, refusals, and the victim's rows."""

from __future__ import annotations

import base64
import html
import io
import itertools
import json
import re
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import ahocorasick
from graphql import GraphQLObjectType, GraphQLSchema
from strawberry import Schema

from jixiao.graphql.schema import build_schema
from jixiao.platform.config import Settings
from jixiao.policies.permissions import BY_CODE
from tests.isolation.walk import Operation, decoded_ids
from tests.isolation.world import Client, Snapshot, all_rows, diff, values

VIEWER = "{ viewer { authenticated kind permissions } }"
REFUSALS = frozenset({"FORBIDDEN", "UNAUTHENTICATED"})
MIN_LENGTH = 6  # shorter texts (`en`, `180`, `用户`) are not telling enough to be searched for


def schemas() -> tuple[Schema, GraphQLSchema]:
    schema = build_schema(Settings())
    return schema, schema._schema


def permissions_of(schema: Schema) -> dict[str, frozenset[str]]:
    """Root field → what its guards ask for (permission codes, `signed-in`, `public`…)."""
    found: dict[str, frozenset[str]] = {}
    for kind in ("Query", "Mutation"):
        graphql_type = schema._schema.get_type(kind)
        assert isinstance(graphql_type, GraphQLObjectType)
        for name, graphql_field in graphql_type.fields.items():
            definition = graphql_field.extensions["strawberry-definition"]
            found[name] = frozenset(c.permission for c in definition.permission_classes)
    return found


def refused_for(subject: str, guards: frozenset[str]) -> bool:
    """Whether guards refuse a walker: "user" (cookie, every tenant code), "token" (Bearer,
    every tenant scope) or "operator" (cookie, platform codes)."""
    for guard in guards:
        if guard in {"public", "authenticated"}:
            continue
        if guard == "signed-in":
            if subject == "token":
                return True
            continue
        codes = guard.split(" | ")  # `requires_any`: one of several tenant codes
        for code in codes:
            assert code in BY_CODE, f"unknown guard {guard!r}: teach refused_for about it"
        platform = {BY_CODE[code].platform for code in codes}
        assert len(platform) == 1, f"guard {guard!r} mixes tenant and platform codes"
        if platform.pop() != (subject == "operator"):
            return True
    return False


def leaves(value: Any) -> Iterator[str]:
    """Every text in a JSON value (keys excluded): what a response says."""
    if isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item)
    elif value is not None:
        yield str(value)


def told(value: Any) -> str:
    """What an answer (or a request) says: its texts, and the texts inside any file it carries
    in base64 (a workbook as `unitsWorkbook` answers, a CSV export), where a leak would
    otherwise pass unread."""
    texts = list(leaves(value))
    return "\n".join([*texts, *filter(None, map(_unpacked, texts))])


def _unpacked(text: str) -> str | None:
    """The text inside base64: a zip's parts (.xlsx: XML, unescaped) or UTF-8 text; None for
    anything else. Short texts are left alone (a global id is base64 too, and says nothing
    its sender did not know)."""
    if len(text) < 80:
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        return None
    if raw.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as book:
                parts = [book.read(n).decode("utf-8", "replace") for n in book.namelist()]
        except zipfile.BadZipFile:
            return None
        return html.unescape("\n".join(parts))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_HEX_RUN = re.compile(r"[0-9a-f]{32,}")
_TOKEN = re.compile(r"[A-Za-z0-9+/_-]{8,}=*")  # a global id, as a whole


def _id_forms(said: str) -> Iterator[str]:
    """What in a text may be a row id: uuids in both spellings, and base64 tokens."""
    yield from _UUID.findall(said)
    for run in _HEX_RUN.findall(said):  # every 32 digits, inside longer runs too
        yield from (run[start : start + 32] for start in range(len(run) - 31))
    yield from _TOKEN.findall(said)


@dataclass
class Secrets:
    """What the attacker must not see: the victim's texts, ids and settings."""

    texts: dict[str, str]  # text → where it comes from
    settings: dict[str, str]  # setting key → the victim's (non-default) value
    # The victim's row ids, raw (both spellings) and global (as every id-bearing type): looked
    # up by the tokens of an answer, as there are far too many to search for one by one.
    ids: frozenset[str] = frozenset()
    marker: str | None = None
    plain: tuple[str, ...] = field(init=False, default=())  # the texts but ids
    # The plain texts, searched for all at once: a walk's answers run to megabytes (its own
    # audit trail, exported), and searching one text at a time took a fifth of a walk.
    _automaton: ahocorasick.Automaton = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.plain = tuple(t for t in self.texts if t not in self.ids)
        self._automaton = ahocorasick.Automaton()
        for index, text in enumerate(self.plain):
            # As a str compares (an enum's value, not its name).
            self._automaton.add_word(str.__str__(text), index)
        if self.plain:
            self._automaton.make_automaton()

    def within(self, said: str) -> list[str]:
        """The secrets an answer holds (ids as whole tokens, other texts anywhere in it), in
        the order of `plain`."""
        hits = {index for _, index in self._automaton.iter(said)} if self.plain else set()
        found = [self.plain[index] for index in sorted(hits)]
        found.extend(dict.fromkeys(t for t in _id_forms(said) if t in self.ids and t in self.texts))
        return found

    def distinctive(self, text: str) -> bool:
        """Whether no other tenant can have the text by chance: the victim's row ids and texts
        with its marker (audit action names, enum values, defaults: any tenant has those)."""
        return text in self.ids or (self.marker is not None and self.marker in text)

    @classmethod
    def of(
        cls,
        victim: Snapshot,
        *,
        extra: dict[str, str],
        global_ids: Iterable[str],
        settings: dict[str, str],
        allowed: Iterable[str] = (),
        marker: str | None = None,
    ) -> Secrets:
        texts: dict[str, str] = {}
        ids: set[str] = set()
        for table, rows in victim.items():
            for row in rows.values():
                for column, value in row.items():
                    for text in values([{column: value}]):
                        if len(text) >= MIN_LENGTH:
                            texts.setdefault(text, f"{table}.{column}")
                    if isinstance(value, uuid.UUID):
                        ids.update(values([{column: value}]))
        texts.update(extra)
        for gid in global_ids:
            texts.setdefault(gid, "global id of a victim row")
            ids.add(gid)
        for text in allowed:
            texts.pop(text, None)
        return cls(texts=texts, settings=settings, ids=frozenset(ids), marker=marker)


@dataclass
class Outcome:
    op: Operation
    status: int
    body: Any
    client: str  # which client ran it ("main" or "session")


@dataclass
class Walk:
    """Runs operations in order and judges each answer against what the attacker knew.

    `twins` maps some of the victim's global ids to ids of the same type that exist nowhere:
    the first operation of each field that sends such an id is run again with its twin, and the
    two answers must be the same but for the id itself (an answer that differs tells the
    attacker the victim's row exists).
    """

    secrets: Secrets
    known: list[str]  # texts the attacker had or sent (its own tenant's data, its requests)
    twins: dict[str, str] = field(default_factory=dict)
    # The texts of the walker's own tenant as they are now: its data made during the walk is
    # its own to see too (an export of its audit trail lists the walk's own events). Read only
    # when an answer holds a victim's text the walker neither had nor sent.
    own: Callable[[], Iterable[str]] | None = None
    owned: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    twinned: set[tuple[str, str]] = field(default_factory=set)
    _seen: set[str] = field(default_factory=set)
    # Per secret text, how many of `known` it was searched in without being found (-1: found).
    _searched: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._seen.update(self.known)

    def run(self, client: Client, ops: Sequence[Operation], name: str) -> None:
        for op in ops:
            outcome = self._send(client, op, name)
            self.judge(outcome)
            sent = [gid for gid in self.twins if gid in set(leaves(op.variables))]
            if len(sent) == 1 and (op.field, type_of(sent[0])) not in self.twinned:
                self.twinned.add((op.field, type_of(sent[0])))
                self._compare(client, outcome, sent[0], name)

    def _learn(self, texts: Iterable[str]) -> None:
        """Adds what the walker sent to what it knows, once each: a document is sent again
        with each set of variables, and searching a text that repeats it thousands of times
        was a fifth of the walk."""
        for text in texts:
            if text not in self._seen:
                self._seen.add(text)
                self.known.append(text)

    def knows(self, text: str) -> bool:
        """Whether the walker had or sent `text`, inside anything it knew. Each known text is
        searched for a given one once: `known` only grows (a module's second walker starts out
        knowing the first one's audit trail, its own tenant's), and joining all of it again
        after every operation that learnt something grew with the walk."""
        start = self._searched.get(text, 0)
        if start < 0:
            return True
        if any(text in known for known in itertools.islice(self.known, start, None)):
            self._searched[text] = -1
            return True
        self._searched[text] = len(self.known)
        return False

    def _send(self, client: Client, op: Operation, name: str) -> Outcome:
        # With what the files it uploads say.
        self._learn([op.document, told(op.variables), *decoded_ids(op.variables)])
        response = client.post(op.document, op.variables)
        try:
            body = response.json()
        except ValueError:
            body = None
        outcome = Outcome(op, response.status_code, body, name)
        self.outcomes.append(outcome)
        return outcome

    def _compare(self, client: Client, outcome: Outcome, victim_id: str, name: str) -> None:
        twin_id = self.twins[victim_id]
        op = outcome.op
        swapped = json.loads(json.dumps(op.variables).replace(victim_id, twin_id))
        twin = self._send(client, Operation(op.kind, op.field, op.document, swapped), name)
        self.judge(twin)
        ours = _normalised(outcome.body, victim_id, decoded_ids([victim_id]))
        theirs = _normalised(twin.body, twin_id, decoded_ids([twin_id]))
        if ours != theirs:
            self.problems.append(
                f"EXISTENCE ORACLE: {op.label} answers {ours} for the victim's id but {theirs} "
                "for an id that exists nowhere"
            )

    def conflicts(self, identifiers: Iterable[str], own_text: str) -> list[str]:
        """CONFLICT answers about the victim's identifiers the attacker's tenant never had."""
        found = []
        for outcome in self.outcomes:
            codes = {e.get("code") for e in _user_errors(outcome.body)}
            if "CONFLICT" not in codes:
                continue
            sent = set(leaves(outcome.op.variables))
            for identifier in identifiers:
                if identifier in sent and identifier not in own_text:
                    found.append(
                        f"EXISTENCE ORACLE: CONFLICT for {outcome.op.label}, though "
                        f"{identifier!r} is only the victim's"
                    )
        return found

    def judge(self, outcome: Outcome) -> None:
        op, body = outcome.op, outcome.body
        if outcome.status != 200 or not isinstance(body, dict):
            self.problems.append(f"HTTP {outcome.status} for {op.label}: {body}")
            return
        for error in body.get("errors") or []:
            code = (error.get("extensions") or {}).get("code")
            if code == "INTERNAL":
                self.problems.append(f"CRASH (masked INTERNAL error) for {op.label}: {error}")
            elif code == "QUERY_TOO_COSTLY":
                self.problems.append(f"NOT RUN (query cost) for {op.label}: it attacked nothing")
            elif code == "GRAPHQL_VALIDATION" or code is None:
                self.problems.append(
                    f"UNTYPED error (an invalid walk operation, or an unmasked server error) "
                    f"for {op.label}: {error}"
                )
        said = self.secrets.within(told(body))
        unknown = [t for t in said if not self.knows(t) and t not in self.owned]
        if unknown and self.own is not None:
            self.owned.update(self.own())
            # Inside its own texts too: a figure of its own drill-down is one number of the
            # JSON array its result row keeps (the same example data gives both tenants some).
            mine = "\n".join(self.owned)
            unknown = [t for t in unknown if t not in mine]
        for text in unknown:
            origin = self.secrets.texts[text]
            self.problems.append(f"LEAK of {origin} {text!r} in the answer to {op.label}")
        for key, value in _settings_in(body):
            if self.secrets.settings.get(key) == value:
                self.problems.append(
                    f"LEAK of the victim's setting {key}={value} in the answer to {op.label}"
                )

    def landed(self, own: Iterable[str]) -> list[str]:
        """The victim's distinctive texts among the walker's own rows that the walker never had
        nor sent: victim data copied into the attacker's tenant."""
        found = self.secrets.within("\n".join(own))
        return [
            f"LEAK of {self.secrets.texts[text]} {text!r} into the walker's own tenant's rows"
            for text in found
            if self.secrets.distinctive(text) and not self.knows(text)
        ]

    def unreached(self) -> set[str]:
        """Root fields whose every operation was refused by a guard."""
        reached: set[str] = set()
        ran: set[str] = set()
        for outcome in self.outcomes:
            ran.add(outcome.op.field)
            errors = (outcome.body or {}).get("errors") or []
            refused = any(
                (e.get("extensions") or {}).get("code") in REFUSALS
                and (e.get("path") or [None])[0] == outcome.op.field
                for e in errors
            )
            if not refused:
                reached.add(outcome.op.field)
        return ran - reached


def type_of(global_id: str) -> str:
    return base64.urlsafe_b64decode(global_id).decode().partition(":")[0]


def _normalised(body: Any, global_id: str, raw: list[str]) -> str:
    """The answer without its request id and with the sent id (and its raw forms) blanked."""
    text = json.dumps(body, ensure_ascii=False, sort_keys=True)
    text = re.sub(r'"requestId": "[^"]*"', '"requestId": "-"', text)
    # An export's file name tells the second it was made (审计日志-20261127-145934.csv).
    text = re.sub(r'("fileName": "[^"]*-)\d{8}-\d{6}(\.\w+")', r"\1<time>\2", text)
    for form in (global_id, *raw):
        text = text.replace(form, "<id>")
    return text


def _user_errors(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if isinstance(value.get("errors"), list):
            yield from (e for e in value["errors"] if isinstance(e, dict))
        for item in value.values():
            yield from _user_errors(item)
    elif isinstance(value, list):
        for item in value:
            yield from _user_errors(item)


def _settings_in(value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        if isinstance(value.get("key"), str) and isinstance(value.get("value"), str):
            yield value["key"], value["value"]
        for item in value.values():
            yield from _settings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _settings_in(item)


def unexpected_changes(
    before: Snapshot, after: Snapshot, *, sign_in_addresses: set[str]
) -> list[str]:
    """Every difference in the victim's rows but failed sign-ins from the walk's addresses.

    A failed sign-in attempt against the victim's realm is written to the victim's sign-in log
    and, as `auth.sign_in` refused, to its audit chain, by design (the victim's security staff
    must see who tries its accounts). Those rows, and the chain's head moving over exactly
    them, are allowed; nothing else is.
    """
    problems = []
    appended: list[dict[str, Any]] = []
    head: list[tuple[Any, Any]] = []
    for table, change, key, detail in diff(before, after):
        from_walk = change == "added" and detail.get("client_address") in sign_in_addresses
        outcome = _plain(detail.get("outcome")) if change == "added" else None
        if table == "sign_in_log" and from_walk and outcome in {"failed", "locked"}:
            continue
        if (
            table == "audit_event"
            and from_walk
            and detail.get("action") == "auth.sign_in"
            and outcome == "refused"
        ):
            appended.append(detail)
            continue
        if table == "audit_chain_head" and change == "changed":
            head.append((key, detail))
            continue
        problems.append(f"victim's {table} row {change}: {key} {detail}")
    for key, detail in head:
        last = max(appended, key=lambda e: e["seq"], default=None)
        moved = detail.get("seq", (0, 0))
        if (
            last is None
            or moved[1] - moved[0] != len(appended)
            or set(detail) - {"seq", "hash"}
            or detail.get("hash", (None, last["hash"]))[1] != last["hash"]
        ):
            problems.append(f"victim's audit_chain_head row changed: {key} {detail}")
    return problems


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)


def known_texts(snapshot: Snapshot) -> list[str]:
    """The texts of a tenant's own rows (the attacker may see its own data)."""
    return list(values(all_rows(snapshot)))


def hex_forms(ids: Iterable[uuid.UUID]) -> list[str]:
    return [form for i in ids for form in (str(i), i.hex)]
