"""Resolvers for connected provider accounts."""
