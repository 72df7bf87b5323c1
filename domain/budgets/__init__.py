"""Budgets charged before work runs: shots per user over a rolling period, query-cost points."""
