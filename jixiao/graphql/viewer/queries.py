"""The `viewer` query: public, answers for anonymous visitors too."""

from __future__ import annotations

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.viewer.types import Viewer
from jixiao.policies.guards import Public


@strawberry.type
class ViewerQueries:
    @strawberry.field(permission_classes=[Public], description="The signed-in subject, if any.")
    def viewer(self, info: Info) -> Viewer:
        return Viewer.of(info.context.subject)
