"""GraphQL types of the audit log."""

from __future__ import annotations

from datetime import datetime

import strawberry

from jixiao.audit import models
from jixiao.audit.chain import ChainProblem, ChainVerification
from jixiao.graphql.relay import Connection, to_global_id

strawberry.enum(models.AuditOutcome, name="AuditOutcome")
strawberry.enum(ChainProblem, name="AuditChainProblem")
AuditOutcome = models.AuditOutcome


@strawberry.type(
    name="AuditEvent", description="Who did what to which target, when and how it ended."
)
class AuditEventType:
    model: strawberry.Private[models.AuditEvent]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return to_global_id("AuditEvent", self.model.id)

    @strawberry.field(description="Position in your government's chain: 1, 2, 3…")
    def seq(self) -> int:
        return self.model.seq

    @strawberry.field
    def at(self) -> datetime:
        return self.model.at

    @strawberry.field(description="user, token, operator or system")
    def actor_kind(self) -> str:
        return self.model.actor_kind

    @strawberry.field
    def actor_id(self) -> str | None:
        return self.model.actor_id

    @strawberry.field
    def actor_name(self) -> str | None:
        return self.model.actor_name

    @strawberry.field(description="What was done, e.g. `role.assign`, `tenant.setting.update`.")
    def action(self) -> str:
        return self.model.action

    @strawberry.field
    def target_type(self) -> str | None:
        return self.model.target_type

    @strawberry.field
    def target_id(self) -> str | None:
        return self.model.target_id

    @strawberry.field(description="The state before, as JSON text.")
    def before(self) -> str | None:
        return self.model.before

    @strawberry.field(description="The state after (or the attempted input), as JSON text.")
    def after(self) -> str | None:
        return self.model.after

    @strawberry.field
    def outcome(self) -> AuditOutcome:
        return self.model.outcome

    @strawberry.field(description="Why it was refused or failed.")
    def reason(self) -> str | None:
        return self.model.reason

    @strawberry.field
    def client_address(self) -> str | None:
        return self.model.client_address

    @strawberry.field
    def request_id(self) -> str | None:
        return self.model.request_id

    @strawberry.field
    def hash(self) -> str:
        return self.model.hash

    @strawberry.field
    def prev_hash(self) -> str:
        return self.model.prev_hash


AuditEventConnection = Connection[AuditEventType]


@strawberry.type(name="ChainVerification", description="The result of checking the audit chain.")
class ChainVerificationType:
    ok: bool
    checked: int = strawberry.field(description="Events checked before the first break, if any.")
    first_broken_seq: int | None
    kind: ChainProblem | None
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
