"""GraphQL types of identity: users, API tokens, sign-in payloads."""

from __future__ import annotations

from datetime import datetime

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import UserError
from jixiao.graphql.relay import Connection, to_global_id
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
class UserType:
    model: strawberry.Private[models.User]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return to_global_id("User", self.model.id)

    @strawberry.field
    def username(self) -> str:
        return self.model.username

    @strawberry.field
    def display_name(self) -> str:
        return self.model.display_name

    @strawberry.field
    def status(self) -> AccountStatus:
        return self.model.status

    @strawberry.field
    def must_change_password(self) -> bool:
        return self.model.must_change_password

    @strawberry.field(description="Whether the user signs in with an authenticator code.")
    def second_factor_enabled(self) -> bool:
        return self.model.totp_enabled_at is not None

    @strawberry.field(description="Role codes held in this tenant.")
    async def roles(self, info: Info) -> list[str]:
        return await info.context.loaders.roles_by_user.load(self.model.id)

    @strawberry.field
    def last_sign_in_at(self) -> datetime | None:
        return self.model.last_sign_in_at

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at


UserConnection = Connection[UserType]


@strawberry.type(name="ApiToken", description="A credential for a third-party client.")
class ApiTokenType:
    model: strawberry.Private[models.ApiToken]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return to_global_id("ApiToken", self.model.id)

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field(description="The first characters of the token, to recognise it.")
    def prefix(self) -> str:
        return self.model.prefix

    @strawberry.field
    def scopes(self) -> list[str]:
        return sorted(self.model.scope_set)

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field
    def expires_at(self) -> datetime:
        return self.model.expires_at

    @strawberry.field
    def revoked_at(self) -> datetime | None:
        return self.model.revoked_at

    @strawberry.field
    def last_used_at(self) -> datetime | None:
        return self.model.last_used_at

    @strawberry.field
    def last_used_address(self) -> str | None:
        return self.model.last_used_address


@strawberry.input
class SignInInput:
    tenant: str | None = strawberry.field(
        default=None, description="Tenant code, e.g. `jinfeng`; empty for platform operators."
    )
    username: str
    password: str


@strawberry.type
class SignInPayload:
    viewer: Viewer | None = None
    second_factor_required: bool = strawberry.field(
        default=False,
        description="The password was right; send the authenticator code to verifySecondFactor.",
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class ChangePasswordInput:
    current_password: str
    new_password: str


@strawberry.input
class CreateApiTokenInput:
    name: str
    scopes: list[str]
    expires_in_days: int = 90


@strawberry.type
class CreateApiTokenPayload:
    token: ApiTokenType | None = None
    secret: str | None = strawberry.field(default=None, description="Shown this once only.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ApiTokenPayload:
    token: ApiTokenType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class CreateUserInput:
    username: str
    display_name: str


@strawberry.type
class UserPayload:
    user: UserType | None = None
    one_time_password: str | None = strawberry.field(
        default=None, description="Set when a password was issued; shown this once only."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)
