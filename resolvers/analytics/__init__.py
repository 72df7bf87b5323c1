"""Resolvers for analytics, backend KPIs, systemStatus and the dashboard."""
