"""GraphQL of the audit log (the audit admin's work)."""
