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

    @strawberry.field(description="The user's global id.")
    def id(self) -> strawberry.ID:
        return to_global_id("User", self.model.id)

    @strawberry.field(
        description="The sign-in name: 2–64 lowercase letters, digits, `.`, `_` or `-`."
    )
    def username(self) -> str:
        return self.model.username

    @strawberry.field(description="The person's name as shown, e.g. 张三.")
    def display_name(self) -> str:
        return self.model.display_name

    @strawberry.field(description="Whether the account may sign in.")
    def status(self) -> AccountStatus:
        return self.model.status

    @strawberry.field(
        description="A one-time or expired password: nothing else until it is changed."
    )
    def must_change_password(self) -> bool:
        return self.model.must_change_password

    @strawberry.field(description="Whether the user signs in with an authenticator code.")
    def second_factor_enabled(self) -> bool:
        return self.model.totp_enabled_at is not None

    @strawberry.field(description="Role codes held in this tenant.")
    async def roles(self, info: Info) -> list[str]:
        return await info.context.loaders_of(TenantLoaders).roles_by_user.load(self.model.id)

    @strawberry.field(description="When the user last signed in fully; null if never.")
    def last_sign_in_at(self) -> datetime | None:
        return self.model.last_sign_in_at

    @strawberry.field(description="When the account was created.")
    def created_at(self) -> datetime:
        return self.model.created_at


UserConnection = Connection[UserType]


@strawberry.type(name="ApiToken", description="A credential for a third-party client.")
class ApiTokenType:
    model: strawberry.Private[models.ApiToken]

    @strawberry.field(description="The token's global id, for revokeApiToken.")
    def id(self) -> strawberry.ID:
        return to_global_id("ApiToken", self.model.id)

    @strawberry.field(description="What its owner called it, e.g. the client's name.")
    def name(self) -> str:
        return self.model.name

    @strawberry.field(description="The first characters of the token, to recognise it.")
    def prefix(self) -> str:
        return self.model.prefix

    @strawberry.field(description="The permission codes the token may use, sorted.")
    def scopes(self) -> list[str]:
        return sorted(self.model.scope_set)

    @strawberry.field(description="When it was issued.")
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field(description="When it stops working: 1 to 365 days after issue.")
    def expires_at(self) -> datetime:
        return self.model.expires_at

    @strawberry.field(description="When it was revoked; null while it was not.")
    def revoked_at(self) -> datetime | None:
        return self.model.revoked_at

    @strawberry.field(
        description="When a request last used it (noted at most once a minute); null if never."
    )
    def last_used_at(self) -> datetime | None:
        return self.model.last_used_at

    @strawberry.field(description="The client address of that request.")
    def last_used_address(self) -> str | None:
        return self.model.last_used_address


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
