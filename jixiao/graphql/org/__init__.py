"""GraphQL for the organisation: units and their links."""
