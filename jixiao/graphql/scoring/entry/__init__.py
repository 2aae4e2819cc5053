"""GraphQL for score entry (赋分): the workbench, bulk entry, submission and reopening."""
