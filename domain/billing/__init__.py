"""Money: plan subscriptions and keys, usage records, spending limits, bills and revenue."""
