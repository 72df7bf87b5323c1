"""Resolvers of the providers area: provider fields of backends and jobs, the admin's list,
and the accounts a user connects."""
