"""Two-step verification: the code after the password, enrolment, disabling and reset."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import ERRORS, UserError, attempt
from jixiao.graphql.identity.session import answer_sign_in
from jixiao.graphql.identity.types import SignInPayload, UserPayload, UserType
from jixiao.graphql.relay import from_global_id
from jixiao.graphql.viewer.types import Viewer
from jixiao.identity import challenge, second_factor, service, sessions
from jixiao.identity.authenticate import client_address, subject_of_account
from jixiao.platform.auth import CSRF_COOKIE, SESSION_COOKIE, Subject, request_cookies
from jixiao.platform.csrf import csrf_verified
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import ErrorCode
from jixiao.policies import permissions as p
from jixiao.policies.guards import Public, SignedIn, requires
from jixiao.tenants.service import tenant_of

TOTP_CODE = "The 6-digit code your authenticator app shows now, or one unused recovery code."


@strawberry.type(
    description="Your two-step verification (两步验证): whether it is on and required."
)
class SecondFactorStatus:
    enabled: bool = strawberry.field(description="You sign in with an authenticator code.")
    required: bool = strawberry.field(
        description="Your roles or your government's setting require it; it cannot be disabled."
    )
    enabled_at: datetime | None = strawberry.field(
        description="When it was turned on; null if off."
    )
    recovery_codes_left: int = strawberry.field(
        description="Recovery codes not yet used (each works once instead of a code)."
    )


@strawberry.type(description="The authenticator secret to confirm with confirmTotpEnrolment.")
class TotpEnrolmentPayload:
    secret: str | None = strawberry.field(
        default=None, description="Base32, for typing into an authenticator app."
    )
    uri: str | None = strawberry.field(default=None, description="The otpauth:// URI to scan.")
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="Two-step verification turned on, with the recovery codes.")
class RecoveryCodesPayload:
    recovery_codes: list[str] = strawberry.field(
        default_factory=list, description="Each usable once instead of a code; shown this once."
    )
    viewer: Viewer | None = strawberry.field(
        default=None,
        description="You, now with the permissions that waited for the second factor.",
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="Your two-step verification after the change.")
class SecondFactorPayload:
    status: SecondFactorStatus | None = strawberry.field(
        default=None, description="As it is now; null when refused."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


def _status(session: JixiaoSession, subject: Subject) -> SecondFactorStatus:
    account = sessions.account_of(session, subject)
    tenant = tenant_of(session, subject)
    return SecondFactorStatus(
        enabled=second_factor.enabled(account),
        required=second_factor.required(session, tenant, account, subject.roles),
        enabled_at=account.totp_enabled_at,
        recovery_codes_left=second_factor.recovery_codes_left(account),
    )


@strawberry.type
class SecondFactorQueries:
    @strawberry.field(permission_classes=[SignedIn], description="Your two-step verification.")
    async def my_second_factor(self, info: Info) -> SecondFactorStatus:
        subject = info.context.subject
        return await info.context.read(lambda s: _status(s, subject))


@strawberry.type
class SecondFactorMutations:
    @strawberry.mutation(
        permission_classes=[Public],
        description="The code of your authenticator app (or a recovery code) after the password.",
        metadata={AUDIT_ACTION: "auth.sign_in"},
    )
    async def verify_second_factor(
        self, info: Info, code: Annotated[str, strawberry.argument(description=TOTP_CODE)]
    ) -> SignInPayload:
        context = info.context
        request = context.request
        if not csrf_verified(request):  # as signIn: against login CSRF
            message = f"缺少 CSRF 令牌（{CSRF_COOKIE}），请刷新页面"
            return SignInPayload(errors=[UserError(code=ErrorCode.FORBIDDEN, message=message)])
        code_request = challenge.CodeRequest(
            cookie=request_cookies(request).get(SESSION_COOKIE),
            code=code,
            address=client_address(request),
            user_agent=request.headers.get("user-agent"),
        )

        def work(session: JixiaoSession) -> tuple[service.SignInResult, Subject | None]:
            result = challenge.verify(session, context.settings, code_request)
            if not result.ok or result.account is None:
                return result, None
            subject = subject_of_account(session, result.tenant, result.account, result.session_id)
            return result, subject

        result, subject = await context.write(work)
        return await answer_sign_in(context, result, subject)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="A new authenticator secret for you; it counts once confirmed with a code.",
        metadata={AUDIT_ACTION: "user.second_factor.start"},
    )
    async def start_totp_enrolment(self, info: Info) -> TotpEnrolmentPayload:
        context = info.context
        subject = context.subject
        tenant_code = subject.tenant.code if subject.tenant else None
        made, errors = await attempt(
            lambda: context.write(
                lambda s: second_factor.start_enrolment(
                    s, context.settings, sessions.account_of(s, subject), tenant_code=tenant_code
                )
            )
        )
        if made is None:
            return TotpEnrolmentPayload(errors=errors)
        return TotpEnrolmentPayload(secret=made.secret, uri=made.uri)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Turn two-step verification on with a code from the new secret.",
        metadata={AUDIT_ACTION: "user.second_factor.enable"},
    )
    async def confirm_totp_enrolment(
        self,
        info: Info,
        code: Annotated[
            str, strawberry.argument(description="The 6-digit code the app shows for the secret.")
        ],
    ) -> RecoveryCodesPayload:
        context = info.context
        subject = context.subject

        def work(session: JixiaoSession) -> tuple[list[str], Subject]:
            account = sessions.account_of(session, subject)
            codes = second_factor.confirm_enrolment(
                session, context.settings, account, code, actor=subject
            )
            # The same session, now with the rights that waited for the second factor.
            fresh = subject_of_account(
                session, tenant_of(session, subject), account, subject.session_id
            )
            return codes, fresh

        made, errors = await attempt(lambda: context.write(work))
        if made is None:
            return RecoveryCodesPayload(errors=errors)
        return RecoveryCodesPayload(recovery_codes=made[0], viewer=Viewer.of(made[1]))

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Turn two-step verification off (only where it is optional).",
        metadata={AUDIT_ACTION: "user.second_factor.disable"},
    )
    async def disable_totp(
        self,
        info: Info,
        password: Annotated[str, strawberry.argument(description="Your password, to confirm.")],
    ) -> SecondFactorPayload:
        context = info.context
        subject = context.subject

        def work(session: JixiaoSession) -> SecondFactorStatus:
            account = sessions.account_of(session, subject)
            tenant = tenant_of(session, subject)
            second_factor.disable(
                session,
                account,
                password,
                is_required=second_factor.required(session, tenant, account, subject.roles),
                actor=subject,
            )
            return _status(session, subject)

        status, errors = await attempt(lambda: context.write(work))
        return SecondFactorPayload(status=status, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.USER_WRITE)],
        description="Clear a user's two-step verification (a lost phone); their sessions end.",
        metadata={AUDIT_ACTION: "user.second_factor.reset"},
    )
    async def reset_user_second_factor(self, info: Info, id: strawberry.ID) -> UserPayload:
        user_id = from_global_id(id, "User")
        actor = info.context.subject
        changed, errors = await attempt(
            lambda: info.context.write(
                lambda s: second_factor.reset(s, service.get_user(s, user_id), actor=actor)
            )
        )
        return UserPayload(user=UserType.of(changed) if changed else None, errors=errors)
