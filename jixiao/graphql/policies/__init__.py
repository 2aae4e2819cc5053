"""GraphQL of roles and permissions (the security admin's work)."""
