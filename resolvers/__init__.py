"""Thin resolvers: unpack arguments, authorise, call one domain service, map to types."""
