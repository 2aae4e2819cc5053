"""The schema, composed from the domains' query and mutation classes."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import strawberry
from graphql import GraphQLError
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext
from strawberry.types.base import get_object_definition
from strawberry.utils.logging import StrawberryLogger

from jixiao.graphql.appeals.exports import AppealExportMutations
from jixiao.graphql.appeals.mutations import AppealMutations
from jixiao.graphql.appeals.queries import AppealQueries
from jixiao.graphql.assignments.mutations import AssignmentMutations
from jixiao.graphql.assignments.queries import AssignmentQueries
from jixiao.graphql.audit.archives import AuditArchiveQueries
from jixiao.graphql.audit.logs import AuditExportMutations, SignInLogQueries
from jixiao.graphql.audit.queries import AuditQueries
from jixiao.graphql.audit_extension import audit_mutations
from jixiao.graphql.city.operations import CityMutations, CityQueries
from jixiao.graphql.enum_docs import apply_value_descriptions
from jixiao.graphql.extensions import Limits, schema_extensions, should_mask
from jixiao.graphql.identity.accounts import AccountMutations, AccountQueries
from jixiao.graphql.identity.second_factor import SecondFactorMutations, SecondFactorQueries
from jixiao.graphql.identity.session import SessionMutations
from jixiao.graphql.node import NodeQueries
from jixiao.graphql.notices.mutations import NoticeMutations, NotificationMutations
from jixiao.graphql.notices.queries import NoticeQueries
from jixiao.graphql.org.mutations import OrgMutations
from jixiao.graphql.org.queries import OrgQueries
from jixiao.graphql.plain import read_plain_fields_directly
from jixiao.graphql.policies.mutations import AccessMutations
from jixiao.graphql.policies.queries import AccessQueries
from jixiao.graphql.public_results.operations import PublicResultsMutations, PublicResultsQueries
from jixiao.graphql.relay import describe_connections
from jixiao.graphql.reports.schema import ReportMutations, ReportQueries
from jixiao.graphql.scalars import SCALAR_OVERRIDES
from jixiao.graphql.schemes.data_import import DataImportQueries
from jixiao.graphql.schemes.import_jobs import ImportJobMutations, ImportJobQueries
from jixiao.graphql.schemes.interchange_mutations import InterchangeMutations
from jixiao.graphql.schemes.mutations import SchemeMutations
from jixiao.graphql.schemes.queries import SchemeQueries
from jixiao.graphql.schemes.templates import TemplateMutations, TemplateQueries
from jixiao.graphql.schemes.tree_mutations import TreeMutations
from jixiao.graphql.scoring.entry.city_items import CityItemMutations, CityItemQueries
from jixiao.graphql.scoring.entry.corrections import CorrectionMutations
from jixiao.graphql.scoring.entry.mutations import ScoringMutations
from jixiao.graphql.scoring.entry.other_mutations import OtherInputMutations
from jixiao.graphql.scoring.entry.problems import ProblemMutations, ProblemQueries
from jixiao.graphql.scoring.entry.queries import ScoringQueries
from jixiao.graphql.scoring.entry.rating_forms import RatingFormMutations, RatingFormQueries
from jixiao.graphql.scoring.entry.self_assessment import (
    SelfAssessmentMutations,
    SelfAssessmentQueries,
)
from jixiao.graphql.scoring.records.mutations import InspectionMutations
from jixiao.graphql.scoring.records.queries import InspectionQueries
from jixiao.graphql.scoring.runs.across import AcrossQueries
from jixiao.graphql.scoring.runs.exports import ResultExportMutations
from jixiao.graphql.scoring.runs.fairness import FairnessQueries
from jixiao.graphql.scoring.runs.mutations import ResultMutations
from jixiao.graphql.scoring.runs.publicity import PublicityMutations, PublicityQueries
from jixiao.graphql.scoring.runs.queries import ResultQueries
from jixiao.graphql.supervision.dashboard import DashboardQueries
from jixiao.graphql.supervision.mutations import SupervisionMutations
from jixiao.graphql.supervision.periods import PeriodMutations, PeriodQueries
from jixiao.graphql.supervision.queries import SupervisionQueries
from jixiao.graphql.support.guard import SupportReads, refuse_support_writes
from jixiao.graphql.support.mutations import SupportMutations
from jixiao.graphql.support.queries import SupportQueries
from jixiao.graphql.surveys.exports import SurveyExportMutations
from jixiao.graphql.surveys.mutations import SurveyMutations
from jixiao.graphql.surveys.queries import SurveyQueries
from jixiao.graphql.tenants.mutations import TenantMutations
from jixiao.graphql.tenants.queries import TenantQueries
from jixiao.graphql.viewer.queries import ViewerQueries
from jixiao.platform.config import Settings

SDL_PATH = Path(__file__).with_name("schema.graphql")

Query = merge_types(
    "Query",
    (
        ViewerQueries,
        NodeQueries,
        TenantQueries,
        AccountQueries,
        SecondFactorQueries,
        AccessQueries,
        AuditQueries,
        SignInLogQueries,
        AuditArchiveQueries,
        NoticeQueries,
        OrgQueries,
        SchemeQueries,
        TemplateQueries,
        ImportJobQueries,
        DataImportQueries,
        ResultQueries,
        AcrossQueries,
        AssignmentQueries,
        ScoringQueries,
        CityItemQueries,
        CityQueries,
        ProblemQueries,
        FairnessQueries,
        ReportQueries,
        RatingFormQueries,
        SelfAssessmentQueries,
        InspectionQueries,
        SupervisionQueries,
        DashboardQueries,
        PeriodQueries,
        AppealQueries,
        SurveyQueries,
        SupportQueries,
        PublicityQueries,
        PublicResultsQueries,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        SessionMutations,
        SecondFactorMutations,
        TenantMutations,
        AccountMutations,
        AccessMutations,
        AuditExportMutations,
        NoticeMutations,
        NotificationMutations,
        OrgMutations,
        SchemeMutations,
        TemplateMutations,
        TreeMutations,
        InterchangeMutations,
        ImportJobMutations,
        ResultMutations,
        ResultExportMutations,
        AssignmentMutations,
        ScoringMutations,
        OtherInputMutations,
        CityItemMutations,
        CityMutations,
        ProblemMutations,
        CorrectionMutations,
        ReportMutations,
        RatingFormMutations,
        SelfAssessmentMutations,
        InspectionMutations,
        SupervisionMutations,
        PeriodMutations,
        AppealMutations,
        AppealExportMutations,
        SurveyMutations,
        SupportMutations,
        SurveyExportMutations,
        PublicityMutations,
        PublicResultsMutations,
    ),
)
ERRORS_LOG = logging.getLogger("jixiao.graphql.errors")
# merge_types takes no description: the root types get theirs here.
_ROOT_DESCRIPTIONS = {
    Query: "Every read of the API: answers hold only what your permissions and data scope let "
    "you see.",
    Mutation: "Every change of the API: expected failures come in the payload's `errors` "
    "(nothing kept), and each call leaves an audit event.",
}
for _root, _text in _ROOT_DESCRIPTIONS.items():
    get_object_definition(_root, strict=True).description = _text
# An operator reading a tenant under a support grant changes nothing (refused inside the audit).
refuse_support_writes(Mutation)
# Every root mutation leaves an audit event, refused and failed attempts included.
audit_mutations(Mutation)


def build_schema(settings: Settings) -> strawberry.Schema:
    """The executable schema with the limits of these settings. Built once per process and
    limits (0.05 to 0.3 s a build, measured here): the apps of a process share it, as they
    share the validation cache that is keyed by it."""
    return _built(Limits.of(settings))


class JixiaoSchema(strawberry.Schema):
    """Logs what an operator must look at: an unexpected error (masked as INTERNAL for the
    client), with its traceback. A refusal, a domain error or an invalid document is the
    client's answer, not the server's trouble: strawberry logged each at ERROR with a
    traceback, which buried the real crashes and cost a third of a refused request's time."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if should_mask(error):
                StrawberryLogger.error(error, execution_context)
            else:
                ERRORS_LOG.debug("answered with an error: %s", error.message)


@functools.lru_cache(maxsize=8)
def _built(limits: Limits) -> strawberry.Schema:
    schema = JixiaoSchema(
        query=Query,
        mutation=Mutation,
        extensions=[*schema_extensions(limits), SupportReads],
        scalar_overrides=SCALAR_OVERRIDES,
    )
    read_plain_fields_directly(schema)
    apply_value_descriptions(schema._schema)
    describe_connections(schema)
    return schema


def sdl() -> str:
    """The schema's SDL as committed in `schema.graphql`."""
    return build_schema(Settings()).as_str() + "\n"
