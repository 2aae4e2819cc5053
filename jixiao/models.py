"""Imports every table module so that SQLModel.metadata is complete (migrations, tests)."""

from jixiao.tenants import models as tenants_models

__all__ = ["tenants_models"]
