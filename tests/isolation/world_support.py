"""金凤区's support grants for the isolation world: its security admin grants an operator (not
the walking one) read-only access, revokes it and grants it again, so that the grant table holds
a live and an ended row whose reasons carry the marker."""

from __future__ import annotations

from typing import Any

from jixiao.platform.db import Database
from tests.factories import make_operator_account

GRANT = (
    "mutation($i: GrantSupportInput!) { grantSupportAccess(input: $i)"
    " { grant { id } errors { message } } }"
)
REVOKE = "mutation($id: ID!) { revokeSupportAccess(id: $id) { errors { message } } }"


def build_support(database: Database, security_admin: Any, ident: str, marker: str) -> None:
    """`security_admin` is a signed-in `world.Client` of 金凤区's security administrator."""
    username = f"op{ident}-jf"
    make_operator_account(
        database, username, display_name="金凤区驻场运维", password="Support-Operator-Jinfeng-7"
    )
    for hours in (2, 24):
        payload = security_admin.ok(
            GRANT,
            {"i": {"operatorUsername": username, "hours": hours, "reason": f"{marker} 工单"}},
        )["grantSupportAccess"]
        assert payload["errors"] == [], payload
        if hours == 2:
            revoked = security_admin.ok(REVOKE, {"id": payload["grant"]["id"]})
            assert revoked["revokeSupportAccess"]["errors"] == [], revoked
