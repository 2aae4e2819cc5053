"""The sign-in log, and exports of the audit and sign-in logs (CSV or XLSX, base64)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from jixiao.audit import search
from jixiao.audit.export import ExportFormat, export_audit_events, export_sign_ins
from jixiao.graphql.audit.types import AuditOutcome
from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import attempt
from jixiao.graphql.exports import ExportPayload
from jixiao.graphql.relay import Connection, connection, from_global_id, to_global_id
from jixiao.identity.models import SignInLog, SignInOutcome
from jixiao.identity.queries import SignInFilter, search_sign_ins
from jixiao.platform.db import JixiaoSession
from jixiao.platform.pagination import Page
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires

strawberry.enum(SignInOutcome, name="SignInOutcome", description="How a sign-in attempt ended.")
describe_values(
    "SignInOutcome",
    {
        "SUCCESS": "Signed in: the session was opened.",
        "FAILED": "Wrong username, password or authenticator code (counted towards a lock).",
        "LOCKED": "Refused unchecked: too many failures for the account or the address.",
        "REFUSED": "Right password, but the account is disabled or the tenant suspended.",
        "PENDING": "Right password; the second factor is still to come.",
    },
)
strawberry.enum(ExportFormat, name="ExportFormat", description="The file type of a log export.")
describe_values(
    "ExportFormat",
    {"CSV": "Comma-separated text, UTF-8.", "XLSX": "An Excel workbook."},
)


@strawberry.type(name="SignInAttempt", description="One sign-in attempt (登录日志).")
class SignInAttemptType:
    id: strawberry.ID = strawberry.field(description="The attempt's global id.")
    at: datetime = strawberry.field(description="When it was made.")
    username: str = strawberry.field(description="The username tried (whether or not it exists).")
    outcome: SignInOutcome = strawberry.field(description="How it ended.")
    reason: str | None = strawberry.field(
        description="The server's note in English, e.g. `bad credentials`, `account disabled`."
    )
    client_address: str | None = strawberry.field(
        description="The IP address the attempt came from, when known."
    )
    user_agent: str | None = strawberry.field(
        description="The browser's or client's User-Agent header, when sent."
    )
    user_id: strawberry.ID | None = strawberry.field(
        description="The user's global id, when the username was one."
    )

    @classmethod
    def of(cls, row: SignInLog) -> SignInAttemptType:
        return cls(
            id=to_global_id("SignInAttempt", row.id),
            at=row.at,
            username=row.username,
            outcome=row.outcome,
            reason=row.reason,
            client_address=row.client_address,
            user_agent=row.user_agent,
            user_id=to_global_id("User", row.user_id) if row.user_id else None,
        )


SignInAttemptConnection = Connection[SignInAttemptType]


@strawberry.input(description="What to export from the audit log (as `auditEvents` filters).")
class AuditEventFilter:
    action: str | None = strawberry.field(
        default=None, description="A prefix: `role` finds `role.assign`, `role.create`…"
    )
    actor_name: str | None = strawberry.field(default=None, description="Part of the actor's name.")
    actor_id: str | None = strawberry.field(
        default=None, description="Exactly this actor (an event's `actorId`)."
    )
    unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="Done by the unit's people, or to the unit itself."
    )
    target_type: str | None = strawberry.field(
        default=None, description="Exactly this kind of target, e.g. `user`, `scheme`."
    )
    target_id: str | None = strawberry.field(
        default=None, description="Exactly this target (an event's `targetId`)."
    )
    outcome: AuditOutcome | None = strawberry.field(
        default=None, description="Only events that ended so."
    )
    since: datetime | None = strawberry.field(
        default=None, description="From this moment, inclusive (with a time zone)."
    )
    until: datetime | None = strawberry.field(
        default=None, description="Before this moment (with a time zone)."
    )

    def to_domain(self) -> search.AuditFilter:
        return search.AuditFilter(
            action=self.action or None,
            actor_name=self.actor_name,
            target_type=self.target_type,
            target_id=self.target_id,
            outcome=self.outcome,
            since=self.since,
            until=self.until,
            actor_id=self.actor_id or None,
            unit_id=from_global_id(self.unit_id, "Unit", field="unitId") if self.unit_id else None,
        )


@strawberry.input(description="What to search or export from the sign-in log.")
class SignInLogFilter:
    username: str | None = strawberry.field(default=None, description="Part of the username tried.")
    outcome: SignInOutcome | None = strawberry.field(
        default=None, description="Only attempts that ended so."
    )
    client_address: str | None = strawberry.field(
        default=None, description="A prefix of the address: `10.1.` finds a subnet."
    )
    user_id: strawberry.ID | None = strawberry.field(
        default=None, description="Attempts at this user's account (a User's global id)."
    )
    since: datetime | None = strawberry.field(
        default=None, description="From this moment, inclusive (with a time zone)."
    )
    until: datetime | None = strawberry.field(
        default=None, description="Before this moment (with a time zone)."
    )

    def to_domain(self) -> SignInFilter:
        return SignInFilter(
            username=self.username,
            outcome=self.outcome,
            client_address=self.client_address,
            user_id=from_global_id(self.user_id, "User", field="userId") if self.user_id else None,
            since=self.since,
            until=self.until,
        )


@strawberry.type
class SignInLogQueries:
    @strawberry.field(
        permission_classes=[requires(p.AUDIT_READ)],
        description="Your government's sign-in attempts, newest first.",
    )
    async def sign_in_log(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: SignInLogFilter | None = None,
    ) -> SignInAttemptConnection:
        def work(session: JixiaoSession) -> Page[SignInLog]:
            filters = (filter or SignInLogFilter()).to_domain()
            return search_sign_ins(session, filters, first=first, after=after)

        page = await info.context.read(work)
        return connection(page, SignInAttemptType.of, after=after)


@strawberry.type
class AuditExportMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.AUDIT_EXPORT)],
        description="Export matching audit events (at most 10,000) as CSV or XLSX.",
        metadata={AUDIT_ACTION: "audit.export"},
    )
    async def export_audit_events(
        self, info: Info, format: ExportFormat, filter: AuditEventFilter | None = None
    ) -> ExportPayload:
        subject = info.context.subject
        exported, errors = await attempt(
            lambda: info.context.write(
                lambda s: export_audit_events(
                    s, (filter or AuditEventFilter()).to_domain(), format, actor=subject
                )
            )
        )
        return ExportPayload.of(exported, errors)

    @strawberry.mutation(
        permission_classes=[requires(p.AUDIT_EXPORT)],
        description="Export matching sign-in attempts (at most 10,000) as CSV or XLSX.",
        metadata={AUDIT_ACTION: "audit.export"},
    )
    async def export_sign_in_log(
        self, info: Info, format: ExportFormat, filter: SignInLogFilter | None = None
    ) -> ExportPayload:
        subject = info.context.subject
        exported, errors = await attempt(
            lambda: info.context.write(
                lambda s: export_sign_ins(
                    s, (filter or SignInLogFilter()).to_domain(), format, actor=subject
                )
            )
        )
        return ExportPayload.of(exported, errors)
