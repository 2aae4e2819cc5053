"""The public answering endpoints of a survey (no account; JSON next to GraphQL).

- `GET /public/surveys/<key>`: the questionnaire (title, introduction, questions, scale, the
  units' Chinese names by position) and, for an open link, a one-time ticket.
- `POST /public/surveys/<key>/answers`: `{"code" | "ticket", "answers": [{"unit": <position>,
  "values": [<one per question>]}]}` → 201.

The tenant comes from the key alone and the work runs in a session of that tenant (row-level
security on). Each address is throttled per survey in the rate limiter's one-minute windows
(in Redis or memory, never in the database); nothing of the request (address, user agent) is
stored. Errors are `{"error": {"code", "message", "field"}}` with 400/404/409/429.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from jixiao.platform.db import Database, JixiaoSession
from jixiao.platform.errors import DomainError, ErrorCode, NotFound
from jixiao.platform.ratelimit import Limiter
from jixiao.surveys import public, tokens
from jixiao.tenants.service import tenants_by_id

T = TypeVar("T")
PAGES_PER_MINUTE = 60  # questionnaire loads (each issues a ticket) per address and survey
ANSWERS_PER_MINUTE = 20  # answers per address and survey: a hall behind one address still fits
MAX_BODY = 256 * 1024
_STATUS = {
    ErrorCode.INVALID: 400,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.FORBIDDEN: 403,
}


def _error(code: str, message: str, status: int, field: str | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "field": field}},
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )


def _failed(error: DomainError) -> JSONResponse:
    return _error(error.code.value, error.message, _STATUS.get(error.code, 400), error.field)


def survey_public_routes(database: Database, limiter: Limiter, secret: str) -> list[Route]:
    """The routes respondents use."""

    def in_tenant_of(key: str, work: Callable[[JixiaoSession], T], *, commit: bool) -> T:
        tenant_id = tokens.tenant_of_key(key)
        if tenant_id is None:
            raise NotFound(public.UNKNOWN, field="key")
        with database.platform_session() as platform:
            tenant = tenants_by_id(platform, [tenant_id]).get(tenant_id)
            if tenant is None or not tenant.is_active:
                raise NotFound(public.UNKNOWN, field="key")
        with database.tenant_session(tenant_id) as session:
            found = work(session)
            if commit:
                session.commit()
            return found

    async def throttled(request: Request, kind: str, limit: int) -> JSONResponse | None:
        address = request.client.host if request.client else "-"
        verdict = await limiter.hit(f"survey:{kind}:{request.path_params['key']}:{address}", limit)
        if verdict.allowed:
            return None
        response = _error("THROTTLED", f"提交过于频繁，请 {verdict.retry_after_s} 秒后再试", 429)
        response.headers["Retry-After"] = str(verdict.retry_after_s)
        return response

    async def questionnaire(request: Request) -> Response:
        key = request.path_params["key"]
        refused = await throttled(request, "page", PAGES_PER_MINUTE)
        if refused is not None:
            return refused
        try:
            found = await run_in_threadpool(
                in_tenant_of, key, lambda s: public.questionnaire(s, key, secret), commit=False
            )
        except DomainError as failed:
            return _failed(failed)
        body = {
            "title": found.title,
            "intro": found.intro,
            "questions": found.questions,
            "scale": found.scale,
            "options": [{"label": o.label, "value": str(o.value)} for o in found.options],
            "units": [{"position": position, "name": name} for position, name in found.units],
            "access": found.access,
            "ticket": found.ticket,
        }
        return JSONResponse(body, headers={"Cache-Control": "no-store"})

    async def answer(request: Request) -> Response:
        key = request.path_params["key"]
        refused = await throttled(request, "answer", ANSWERS_PER_MINUTE)
        if refused is not None:
            return refused
        body = await request.body()
        if len(body) > MAX_BODY:
            return _error("INVALID", "答卷内容过大", 413)
        try:
            wanted = _parse(body)
            units = await run_in_threadpool(
                in_tenant_of,
                key,
                lambda s: public.submit(
                    s, key, secret, wanted.answers, code=wanted.code, ticket=wanted.ticket
                ),
                commit=True,
            )
        except DomainError as failed:
            return _failed(failed)
        return JSONResponse(
            {"units": units, "message": "提交成功，感谢您的参与！"},
            status_code=201,
            headers={"Cache-Control": "no-store"},
        )

    return [
        Route("/public/surveys/{key}", questionnaire, methods=["GET"]),
        Route("/public/surveys/{key}/answers", answer, methods=["POST"]),
    ]


class _Submission:
    def __init__(self, answers: list[public.UnitAnswer], code: str | None, ticket: str | None):
        self.answers, self.code, self.ticket = answers, code, ticket


def _parse(body: bytes) -> _Submission:
    from jixiao.platform.errors import InvalidInput

    bad = InvalidInput("答卷格式有误，请刷新页面后重新作答", field="answers")
    try:
        data: Any = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise bad from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), list):
        raise bad
    answers = []
    for item in data["answers"]:
        if not isinstance(item, dict) or not isinstance(item.get("unit"), int):
            raise bad
        values = item.get("values")
        if not isinstance(values, list) or len(values) > 100:
            raise bad
        try:
            numbers = [Decimal(str(v)) for v in values if not isinstance(v, bool)]
        except InvalidOperation:
            raise bad from None
        if len(numbers) != len(values):
            raise bad
        answers.append(public.UnitAnswer(item["unit"], numbers))
    code, ticket = data.get("code"), data.get("ticket")
    return _Submission(
        answers,
        code if isinstance(code, str) else None,
        ticket if isinstance(ticket, str) else None,
    )
