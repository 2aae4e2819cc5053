"""Imports every table module so that SQLModel.metadata is complete (migrations, tests), and the
session hooks that belong to the tables (`schemes.revision`: the inputs revision counter)."""

from jixiao.appeals import models as appeal_models
from jixiao.assignments import models as assignment_models
from jixiao.audit import models as audit_models
from jixiao.city import models as city_models
from jixiao.identity import models as identity_models
from jixiao.notices import models as notices_models
from jixiao.org import models as org_models
from jixiao.policies import models as policies_models
from jixiao.public_results import models as public_results_models
from jixiao.reports import models as report_models
from jixiao.schemes import import_job_model as scheme_import_models
from jixiao.schemes import models as schemes_models
from jixiao.schemes import revision as schemes_revision
from jixiao.schemes import template_models as scheme_template_models
from jixiao.scoring import form_models as scoring_form_models
from jixiao.scoring import models as scoring_models
from jixiao.scoring import records as record_models
from jixiao.scoring.runs import models as result_models
from jixiao.supervision import models as supervision_models
from jixiao.support import models as support_models
from jixiao.surveys import models as survey_models
from jixiao.tenants import models as tenants_models

__all__ = [
    "appeal_models",
    "assignment_models",
    "audit_models",
    "city_models",
    "identity_models",
    "notices_models",
    "org_models",
    "policies_models",
    "public_results_models",
    "record_models",
    "report_models",
    "result_models",
    "scheme_import_models",
    "scheme_template_models",
    "schemes_models",
    "schemes_revision",
    "scoring_form_models",
    "scoring_models",
    "supervision_models",
    "support_models",
    "survey_models",
    "tenants_models",
]
