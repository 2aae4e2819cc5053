"""Users (system administrator) and your own API tokens."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import UserError, attempt
from jixiao.graphql.identity.types import (
    ApiTokenPayload,
    ApiTokenType,
    CreateApiTokenInput,
    CreateApiTokenPayload,
    CreateUserInput,
    UserConnection,
    UserPayload,
    UserType,
)
from jixiao.graphql.relay import connection, from_global_id
from jixiao.identity import queries, service, tokens
from jixiao.identity.models import AccountStatus, User
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import ErrorCode
from jixiao.policies import permissions as p
from jixiao.policies.guards import SignedIn, requires


@strawberry.type
class AccountQueries:
    @strawberry.field(permission_classes=[requires(p.USER_READ)], description="Users, by username.")
    async def users(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        search: str | None = None,
    ) -> UserConnection:
        page = await info.context.read(
            lambda s: queries.list_users(s, search=search, first=first, after=after)
        )
        return connection(page, UserType.of, after=after)

    @strawberry.field(permission_classes=[SignedIn], description="Your API tokens, newest first.")
    async def my_api_tokens(self, info: Info) -> list[ApiTokenType]:
        subject = info.context.subject
        if subject.tenant is None or subject.user_id is None:
            return []
        user_id = subject.user_id
        rows = await info.context.read(lambda s: queries.api_tokens_of(s, user_id))
        return [ApiTokenType.of(row) for row in rows]


@strawberry.type
class AccountMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.USER_WRITE)],
        description="Create a user with a one-time password; the security admin grants roles.",
        metadata={AUDIT_ACTION: "user.create"},
    )
    async def create_user(self, info: Info, input: CreateUserInput) -> UserPayload:
        made, errors = await attempt(
            lambda: info.context.write(
                lambda s: service.create_user(
                    s,
                    username=input.username,
                    display_name=input.display_name,
                    actor=info.context.subject,
                )
            )
        )
        if made is None:
            return UserPayload(errors=errors)
        user, password = made
        return UserPayload(user=UserType.of(user), one_time_password=password)

    @strawberry.mutation(
        permission_classes=[requires(p.USER_WRITE)],
        description="Disable; sessions end.",
        metadata={AUDIT_ACTION: "user.disable"},
    )
    async def disable_user(self, info: Info, id: strawberry.ID) -> UserPayload:
        return await _change_user(
            info,
            id,
            lambda s, u: service.set_status(
                s, u, AccountStatus.DISABLED, actor=info.context.subject
            ),
        )

    @strawberry.mutation(
        description="Enable a disabled user of the tenant again.",
        permission_classes=[requires(p.USER_WRITE)],
        metadata={AUDIT_ACTION: "user.enable"},
    )
    async def enable_user(self, info: Info, id: strawberry.ID) -> UserPayload:
        return await _change_user(
            info,
            id,
            lambda s, u: service.set_status(s, u, AccountStatus.ACTIVE, actor=info.context.subject),
        )

    @strawberry.mutation(
        permission_classes=[requires(p.USER_WRITE)],
        description="Issue a new one-time password; the user's sessions end.",
        metadata={AUDIT_ACTION: "user.password.reset"},
    )
    async def reset_user_password(self, info: Info, id: strawberry.ID) -> UserPayload:
        user_id = from_global_id(id, "User")

        def work(session: JixiaoSession) -> tuple[User, str]:
            user = service.get_user(session, user_id)
            return user, service.reset_password(session, user, actor=info.context.subject)

        made, errors = await attempt(lambda: info.context.write(work))
        if made is None:
            return UserPayload(errors=errors)
        return UserPayload(user=UserType.of(made[0]), one_time_password=made[1])

    @strawberry.mutation(
        permission_classes=[requires(p.USER_WRITE)],
        description="Sign a user out everywhere.",
        metadata={AUDIT_ACTION: "user.sessions.end"},
    )
    async def end_user_sessions(self, info: Info, id: strawberry.ID) -> UserPayload:
        return await _change_user(
            info, id, lambda s, u: service.end_sessions(s, u, actor=info.context.subject)
        )

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="A token for a third-party client with scopes you hold; secret shown once.",
        metadata={AUDIT_ACTION: "api_token.create"},
    )
    async def create_api_token(
        self, info: Info, input: CreateApiTokenInput
    ) -> CreateApiTokenPayload:
        subject = info.context.subject
        if subject.tenant is None or subject.user_id is None:
            refusal = UserError(code=ErrorCode.INVALID, message="平台运营账户不使用 API 令牌")
            return CreateApiTokenPayload(errors=[refusal])
        tenant_code, user_id = subject.tenant.code, subject.user_id
        issued, errors = await attempt(
            lambda: info.context.write(
                lambda s: tokens.create(
                    s,
                    tenant_code=tenant_code,
                    user_id=user_id,
                    name=input.name,
                    scopes=input.scopes,
                    allowed=subject.permissions,
                    days=input.expires_in_days,
                    actor=subject,
                )
            )
        )
        if issued is None:
            return CreateApiTokenPayload(errors=errors)
        return CreateApiTokenPayload(token=ApiTokenType.of(issued.token), secret=issued.secret)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Revoke one of your tokens, at once.",
        metadata={AUDIT_ACTION: "api_token.revoke"},
    )
    async def revoke_api_token(self, info: Info, id: strawberry.ID) -> ApiTokenPayload:
        subject = info.context.subject
        token_id = from_global_id(id, "ApiToken")
        owner = subject.user_id
        revoked, errors = await attempt(
            lambda: info.context.write(
                lambda s: tokens.revoke(s, token_id, owner=owner, actor=subject)
            )
        )
        return ApiTokenPayload(token=ApiTokenType.of(revoked) if revoked else None, errors=errors)


async def _change_user(
    info: Info, id: strawberry.ID, change: Callable[[JixiaoSession, User], User]
) -> UserPayload:
    user_id: uuid.UUID = from_global_id(id, "User")
    changed, errors = await attempt(
        lambda: info.context.write(lambda s: change(s, service.get_user(s, user_id)))
    )
    return UserPayload(user=UserType.of(changed) if changed else None, errors=errors)
