"""GraphQL types of the audit log."""

from __future__ import annotations

from datetime import datetime

import strawberry

from jixiao.audit import models
from jixiao.audit.chain import ChainProblem, ChainVerification
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.relay import Connection, to_global_id

strawberry.enum(models.AuditOutcome, name="AuditOutcome", description="How an audited act ended.")
describe_values(
    "AuditOutcome",
    {
        "SUCCESS": "It was done.",
        "REFUSED": "Refused: no permission, or not signed in.",
        "FAILED": "Tried and failed: an expected error (see `reason`) or an unexpected one.",
    },
)
strawberry.enum(
    ChainProblem, name="AuditChainProblem", description="How the audit chain was found broken."
)
describe_values(
    "AuditChainProblem",
    {
        "EDITED": "An event (or the chain's head) no longer matches its hash: it was changed.",
        "DELETED": "Events are missing: a gap in `seq`, or the newest ones removed.",
        "REORDERED": "An event's `prevHash` is not its predecessor's hash: the order changed.",
    },
)
AuditOutcome = models.AuditOutcome


@strawberry.type(
    name="AuditEvent", description="Who did what to which target, when and how it ended."
)
class AuditEventType:
    id: strawberry.ID = strawberry.field(description="The event's global id.")
    seq: int = strawberry.field(description="Position in your government's chain: 1, 2, 3…")
    at: datetime = strawberry.field(description="When it happened.")
    actor_kind: str = strawberry.field(description="user, token, operator or system")
    actor_id: str | None = strawberry.field(
        description="The acting user's or operator's local id (not a global id); "
        "null for the system or an anonymous caller."
    )
    actor_name: str | None = strawberry.field(description="The actor's name at the time.")
    action: str = strawberry.field(
        description="What was done, e.g. `role.assign`, `tenant.setting.update`."
    )
    target_type: str | None = strawberry.field(
        description="What kind of thing it concerned, e.g. `user`, `scheme`, `unit`."
    )
    target_id: str | None = strawberry.field(
        description="Which one: its local id or key (not a global id)."
    )
    before: str | None = strawberry.field(description="The state before, as JSON text.")
    after: str | None = strawberry.field(
        description="The state after (or the attempted input), as JSON text."
    )
    outcome: AuditOutcome = strawberry.field(description="Whether it was done, refused or failed.")
    reason: str | None = strawberry.field(description="Why it was refused or failed.")
    client_address: str | None = strawberry.field(
        description="The IP address the request came from, when known."
    )
    request_id: str | None = strawberry.field(
        description="The request's X-Request-ID, as in the server's logs."
    )
    hash: str = strawberry.field(
        description="This event's chain hash (hex): covers its fields and `prevHash`."
    )
    prev_hash: str = strawberry.field(
        description="The previous event's hash (64 zeros for the first)."
    )

    @classmethod
    def of(cls, row: models.AuditEvent) -> AuditEventType:
        return cls(
            id=to_global_id("AuditEvent", row.id),
            seq=row.seq,
            at=row.at,
            actor_kind=row.actor_kind,
            actor_id=row.actor_id,
            actor_name=row.actor_name,
            action=row.action,
            target_type=row.target_type,
            target_id=row.target_id,
            before=row.before,
            after=row.after,
            outcome=row.outcome,
            reason=row.reason,
            client_address=row.client_address,
            request_id=row.request_id,
            hash=row.hash,
            prev_hash=row.prev_hash,
        )


AuditEventConnection = Connection[AuditEventType]


@strawberry.type(name="ChainVerification", description="The result of checking the audit chain.")
class ChainVerificationType:
    ok: bool = strawberry.field(description="The chain is whole: nothing edited, deleted or moved.")
    checked: int = strawberry.field(description="Events checked before the first break, if any.")
    first_broken_seq: int | None = strawberry.field(
        description="The `seq` where the chain first breaks; null when it is whole."
    )
    kind: ChainProblem | None = strawberry.field(
        description="How it breaks there; null when it is whole."
    )
    problem: str | None = strawberry.field(description="What is wrong, in Chinese.")
    checkpoint_seq: int = strawberry.field(
        default=0,
        description="Events up to this seq were archived and removed by retention; the chain "
        "is checked from there (0: from the first event).",
    )
    anchored_seq: int = strawberry.field(
        default=0,
        description="The chain matched the anchors kept outside the database (the file store) "
        "up to this seq (0: no anchor checked yet).",
    )

    @classmethod
    def of(cls, result: ChainVerification) -> ChainVerificationType:
        return cls(
            ok=result.ok,
            checked=result.checked,
            first_broken_seq=result.first_broken_seq,
            kind=result.kind,
            problem=result.problem,
            checkpoint_seq=result.checkpoint_seq,
            anchored_seq=result.anchored_seq,
        )
