"""The GraphQL API: one subpackage per domain, composed in `schema.py`; no SQL, no rules."""
