"""Audit events: append-only, hash-chained per tenant, searchable by the audit admin."""
