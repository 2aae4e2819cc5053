"""GraphQL of the city domain: the parent's rankings, what a district received, the comparison."""
