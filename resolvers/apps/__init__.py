"""Resolvers of the apps area."""
