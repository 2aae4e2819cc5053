"""Every service names a scheme by its code the same way (`schemes.lookup`): blanks a person
typed around the code are ignored, and an unknown code is refused with the code and the field."""

from __future__ import annotations

import pytest

from jixiao.platform.errors import NotFound
from jixiao.schemes import periods
from jixiao.schemes.lookup import find_scheme, get_scheme
from jixiao.scoring.entry.owned import scheme_by_code
from jixiao.supervision.board import scheme_period
from tests.factories import SCHEME, Jinfeng


def test_blanks_around_a_code_are_ignored_everywhere(jinfeng: Jinfeng) -> None:
    padded = f"  {SCHEME}\t"
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        found = find_scheme(session, padded)
        assert found is not None
        assert get_scheme(session, padded).id == found.id
        assert scheme_by_code(session, padded).id == found.id
        assert scheme_period(session, padded, "Q1").id == found.id
        assert periods.require_open_by_code(session, padded, None, what="录入").id == found.id


@pytest.mark.parametrize("lookup", [get_scheme, scheme_by_code])
def test_an_unknown_code_is_refused_by_name(jinfeng: Jinfeng, lookup: object) -> None:
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        with pytest.raises(NotFound, match="没有代码为「nope-2015」的考评方案") as refused:
            lookup(session, "nope-2015")  # type: ignore[operator]
        assert refused.value.field == "schemeCode"
