"""The builders shared across test folders: tenants, subjects, the GraphQL client, and 金凤区's
appraisal with its result workflow. A folder's own builders stay in its `support` modules; what two folders need
lives here. The fixtures of 金凤区's appraisal are in `tests.factories.fixtures`."""

from tests.factories.appraisal import Jinfeng, Office, compute, publish
from tests.factories.graphql import GraphQLClient, ok, root
from tests.factories.people import (
    PASSWORD,
    add_user,
    make_operator_account,
    notification_titles,
    person,
)
from tests.factories.subjects import as_role, everything, operator, subject, tenant_user, with_scope
from tests.factories.tenants import EXAMPLE, SCHEME, import_example, make_tenant, unique_code

__all__ = [
    "EXAMPLE",
    "PASSWORD",
    "SCHEME",
    "GraphQLClient",
    "Jinfeng",
    "Office",
    "add_user",
    "as_role",
    "compute",
    "everything",
    "import_example",
    "make_operator_account",
    "make_tenant",
    "notification_titles",
    "ok",
    "operator",
    "person",
    "publish",
    "root",
    "subject",
    "tenant_user",
    "unique_code",
    "with_scope",
]
