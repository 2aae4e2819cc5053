"""GraphQL of results: runs, rankings, unit drill-down, trends, bonus table."""
