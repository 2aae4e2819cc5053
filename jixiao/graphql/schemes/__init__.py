"""GraphQL for schemes: settings, structure, indicator tree, lifecycle, interchange."""
