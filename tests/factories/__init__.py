"""The builders shared across test folders: tenants (one with the jinfeng-2015 example),
subjects by permission or role, real people and operators, the GraphQL client and the browser,
and 金凤区's appraisal with its result workflow. A folder's own builders stay in its `support`
modules; what two folders need lives here. The fixtures of 金凤区's appraisal are in
`tests.factories.fixtures`, imported by the conftests of the folders that use them."""

from tests.factories.appraisal import Jinfeng, Office, compute, publish
from tests.factories.browser import Browser
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
    "Browser",
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
