"""Business rules and persistence. Nothing in here imports Strawberry."""
