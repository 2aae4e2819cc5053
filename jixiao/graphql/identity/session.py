"""Sign-in, sign-out and password change: the mutations that set or clear the session cookie."""

from __future__ import annotations

import anyio
import strawberry

from jixiao.audit.service import record
from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Context, Info
from jixiao.graphql.errors import UserError, attempt
from jixiao.graphql.identity.types import ChangePasswordInput, SignInInput, SignInPayload
from jixiao.graphql.viewer.types import Viewer
from jixiao.identity import service, sessions
from jixiao.identity.authenticate import client_address, subject_of_account
from jixiao.identity.models import Operator, User
from jixiao.platform.auth import CSRF_COOKIE, SESSION_COOKIE, Subject
from jixiao.platform.csrf import csrf_verified
from jixiao.platform.db import JixiaoSession, acting_for_tenant
from jixiao.platform.errors import ErrorCode
from jixiao.policies.guards import Public, SignedIn
from jixiao.tenants.models import Tenant
from jixiao.tenants.service import tenant_of

MAX_DELAY_MS = 4000


def _set_cookie(context: Context, value: str) -> None:
    context.response.set_cookie(
        SESSION_COOKIE,
        value,
        max_age=context.settings.session_absolute_hours * 3600,
        path="/",
        httponly=True,
        samesite="lax",
        secure=context.settings.secure_cookies,
    )


async def answer_sign_in(
    context: Context, result: service.SignInResult, subject: Subject | None
) -> SignInPayload:
    """The payload of a sign-in step: refused after a growing delay, or the cookie and viewer."""
    if not result.ok or subject is None:
        extra = max(0, result.failures - 2) * context.settings.sign_in_backoff_ms
        if extra:
            await anyio.sleep(min(extra, MAX_DELAY_MS) / 1000)
        return SignInPayload(
            errors=[UserError(code=ErrorCode.UNAUTHENTICATED, message=result.message)]
        )
    assert result.cookie_value is not None
    _set_cookie(context, result.cookie_value)
    if result.second_factor_pending:  # the cookie is of a session that waits for the code
        return SignInPayload(second_factor_required=True)
    return SignInPayload(viewer=Viewer.of(subject))


@strawberry.type
class SessionMutations:
    @strawberry.mutation(
        permission_classes=[Public],
        description="Sign in; sets the session cookie.",
        metadata={AUDIT_ACTION: "auth.sign_in"},
    )
    async def sign_in(self, info: Info, input: SignInInput) -> SignInPayload:
        context = info.context
        request = context.request
        # Against login CSRF: the middleware's verdict (a session-bound or double-submitted token).
        if not csrf_verified(request):
            return SignInPayload(
                errors=[
                    UserError(
                        code=ErrorCode.FORBIDDEN,
                        message=f"缺少 CSRF 令牌（{CSRF_COOKIE}），请刷新页面",
                    )
                ]
            )
        attempt_request = service.SignInRequest(
            tenant_code=input.tenant,
            username=input.username,
            password=input.password,
            address=client_address(request),
            user_agent=request.headers.get("user-agent"),
        )

        def work(session: JixiaoSession) -> tuple[service.SignInResult, Subject | None]:
            result = service.sign_in(session, context.settings, attempt_request)
            if not result.ok or result.account is None:
                return result, None
            if result.second_factor_pending:
                return result, Subject(kind="anonymous")
            subject = subject_of_account(session, result.tenant, result.account, result.session_id)
            return result, subject

        result, subject = await context.write(work)
        return await answer_sign_in(context, result, subject)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="End this session.",
        metadata={AUDIT_ACTION: "auth.sign_out"},
    )
    async def sign_out(self, info: Info) -> bool:
        context = info.context
        subject = context.subject

        def work(session: JixiaoSession) -> None:
            row = sessions.session_of(session, subject)
            if row is not None:
                sessions.revoke(session, row, "signed out")
            if subject.tenant is not None:
                record(
                    session,
                    actor=subject,
                    action="auth.sign_out",
                    target_type="user",
                    target_id=subject.user_id,
                )

        await context.write(work)
        context.response.delete_cookie(SESSION_COOKIE, path="/")
        return True

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Change your password; every session of yours ends and this one is renewed.",
        metadata={AUDIT_ACTION: "user.password.change"},
    )
    async def change_password(self, info: Info, input: ChangePasswordInput) -> SignInPayload:
        context = info.context
        subject = context.subject

        def work(session: JixiaoSession) -> tuple[str, Subject]:
            account = sessions.account_of(session, subject)
            tenant = tenant_of(session, subject)
            administrator = tenant is None or bool(service.ADMIN_ROLES & subject.roles)
            service.change_password(
                session,
                account,
                current=input.current_password,
                new=input.new_password,
                administrator=administrator,
                actor=subject,
            )
            return _renew(session, context, tenant, account)

        renewed, errors = await attempt(lambda: context.write(work))
        if renewed is None:
            return SignInPayload(errors=errors)
        cookie, fresh = renewed
        _set_cookie(context, cookie)
        return SignInPayload(viewer=Viewer.of(fresh))


def _renew(
    session: JixiaoSession, context: Context, tenant: Tenant | None, account: User | Operator
) -> tuple[str, Subject]:
    """End every session of the account and open a fresh one for this browser."""
    realm = tenant.code if tenant else sessions.OPERATOR_REALM
    request = context.request
    if tenant is None:
        sessions.revoke_operator_sessions(session, account.id, "password changed")
        issued = sessions.open_session(
            session,
            realm=realm,
            owner_id=account.id,
            settings=context.settings,
            address=client_address(request),
            user_agent=request.headers.get("user-agent"),
        )
    else:
        with acting_for_tenant(session, tenant.id):
            sessions.revoke_user_sessions(session, account.id, "password changed")
            issued = sessions.open_session(
                session,
                realm=realm,
                owner_id=account.id,
                settings=context.settings,
                address=client_address(request),
                user_agent=request.headers.get("user-agent"),
            )
    return issued.cookie_value, subject_of_account(session, tenant, account, issued.row.id)
