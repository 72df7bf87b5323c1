"""GraphQL types of the providers area."""
