"""GraphQL types of identity: users, API tokens, sign-in payloads."""

from __future__ import annotations

from datetime import datetime

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import ERRORS, UserError
from jixiao.graphql.loaders import TenantLoaders
from jixiao.graphql.relay import Connection, Node, to_global_id
from jixiao.graphql.viewer.types import Viewer
from jixiao.identity import models

strawberry.enum(
    models.AccountStatus, name="AccountStatus", description="Whether an account may sign in."
)
describe_values(
    "AccountStatus",
    {
        "ACTIVE": "The account may sign in and use its roles.",
        "DISABLED": "Disabled by an administrator: no sign-in, sessions and tokens refused.",
    },
)
AccountStatus = models.AccountStatus


@strawberry.type(name="User", description="A person of your government.")
class UserType(Node):
    model: strawberry.Private[models.User]
    id: strawberry.ID = strawberry.field(description="The user's global id.")
    username: str = strawberry.field(
        description="The sign-in name: 2–64 lowercase letters, digits, `.`, `_` or `-`."
    )
    display_name: str = strawberry.field(description="The person's name as shown, e.g. 张三.")
    status: AccountStatus = strawberry.field(description="Whether the account may sign in.")
    must_change_password: bool = strawberry.field(
        description="A one-time or expired password: nothing else until it is changed."
    )
    second_factor_enabled: bool = strawberry.field(
        description="Whether the user signs in with an authenticator code."
    )

    # A relation declared in place (`resolver=`): its field keeps its place in the schema.
    async def _roles(self, info: Info) -> list[str]:
        return await info.context.loaders_of(TenantLoaders).roles_by_user.load(self.model.id)

    roles: list[str] = strawberry.field(
        resolver=_roles, description="Role codes held in this tenant."
    )
    last_sign_in_at: datetime | None = strawberry.field(
        description="When the user last signed in fully; null if never."
    )
    created_at: datetime = strawberry.field(description="When the account was created.")

    @classmethod
    def of(cls, row: models.User) -> UserType:
        return cls(
            model=row,
            id=to_global_id("User", row.id),
            username=row.username,
            display_name=row.display_name,
            status=row.status,
            must_change_password=row.must_change_password,
            second_factor_enabled=row.totp_enabled_at is not None,
            last_sign_in_at=row.last_sign_in_at,
            created_at=row.created_at,
        )


UserConnection = Connection[UserType]


@strawberry.type(name="ApiToken", description="A credential for a third-party client.")
class ApiTokenType:
    id: strawberry.ID = strawberry.field(description="The token's global id, for revokeApiToken.")
    name: str = strawberry.field(description="What its owner called it, e.g. the client's name.")
    prefix: str = strawberry.field(
        description="The first characters of the token, to recognise it."
    )
    scopes: list[str] = strawberry.field(
        description="The permission codes the token may use, sorted."
    )
    created_at: datetime = strawberry.field(description="When it was issued.")
    expires_at: datetime = strawberry.field(
        description="When it stops working: 1 to 365 days after issue."
    )
    revoked_at: datetime | None = strawberry.field(
        description="When it was revoked; null while it was not."
    )
    last_used_at: datetime | None = strawberry.field(
        description="When a request last used it (noted at most once a minute); null if never."
    )
    last_used_address: str | None = strawberry.field(
        description="The client address of that request."
    )

    @classmethod
    def of(cls, row: models.ApiToken) -> ApiTokenType:
        return cls(
            id=to_global_id("ApiToken", row.id),
            name=row.name,
            prefix=row.prefix,
            scopes=sorted(row.scope_set),
            created_at=row.created_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
            last_used_at=row.last_used_at,
            last_used_address=row.last_used_address,
        )


@strawberry.input(description="A username and password, and the tenant they belong to.")
class SignInInput:
    tenant: str | None = strawberry.field(
        default=None, description="Tenant code, e.g. `jinfeng`; empty for platform operators."
    )
    username: str = strawberry.field(description="The sign-in name, e.g. `admin`.")
    password: str = strawberry.field(description="The password, as typed.")


@strawberry.type(
    description="The answer to a sign-in step: the viewer, a second factor to send, or errors."
)
class SignInPayload:
    viewer: Viewer | None = strawberry.field(
        default=None,
        description="Who is now signed in; null on failure or while a second factor is due.",
    )
    second_factor_required: bool = strawberry.field(
        default=False,
        description="The password was right; send the authenticator code to verifySecondFactor.",
    )
    errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why it was refused: `UNAUTHENTICATED` for a wrong name, password or code, "
        "`FORBIDDEN` without the CSRF token.",
    )


@strawberry.input(description="Your current password and the new one.")
class ChangePasswordInput:
    current_password: str = strawberry.field(description="The password you signed in with.")
    new_password: str = strawberry.field(
        description="At least 8 characters (administrators: 12 and three kinds of character), "
        "not common, not containing your username."
    )


@strawberry.input(description="A new API token: its name, scopes and lifetime.")
class CreateApiTokenInput:
    name: str = strawberry.field(description="What you call it, e.g. the client's name.")
    scopes: list[str] = strawberry.field(
        description="Permission codes (`resource:action`) the token may use: at least one, each "
        "one you hold."
    )
    expires_in_days: int = strawberry.field(
        default=90, description="Days until it stops working: 1 to 365."
    )


@strawberry.type(description="The new token, with its secret shown this once.")
class CreateApiTokenPayload:
    token: ApiTokenType | None = strawberry.field(
        default=None, description="The token made; null when refused."
    )
    secret: str | None = strawberry.field(default=None, description="Shown this once only.")
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="The token as it is after the change.")
class ApiTokenPayload:
    token: ApiTokenType | None = strawberry.field(
        default=None, description="The token changed; null when refused."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.input(description="A new user of your government.")
class CreateUserInput:
    username: str = strawberry.field(
        description="2–64 lowercase letters, digits, `.`, `_` or `-`; unique in the tenant."
    )
    display_name: str = strawberry.field(description="The person's name, at most 100 characters.")


@strawberry.type(description="The user as it is after the change.")
class UserPayload:
    user: UserType | None = strawberry.field(
        default=None, description="The user changed; null when refused."
    )
    one_time_password: str | None = strawberry.field(
        default=None, description="Set when a password was issued; shown this once only."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)
