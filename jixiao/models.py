"""Imports every table module so that SQLModel.metadata is complete (migrations, tests)."""

from jixiao.audit import models as audit_models
from jixiao.identity import models as identity_models
from jixiao.policies import models as policies_models
from jixiao.tenants import models as tenants_models

__all__ = ["audit_models", "identity_models", "policies_models", "tenants_models"]
