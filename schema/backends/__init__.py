"""The backend catalog: the GraphQL types of this area."""
