"""GraphQL of score entry (entry), the records of adjustments, inspections and awards
(records), and result runs (runs)."""
