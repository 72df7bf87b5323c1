"""The money area's resolvers."""
