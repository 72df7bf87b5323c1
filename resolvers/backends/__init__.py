"""The backend catalog: the resolvers of this area."""
