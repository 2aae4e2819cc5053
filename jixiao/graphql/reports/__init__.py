"""GraphQL of PDF reports: request one, list a run's reports, download one (files.py)."""
