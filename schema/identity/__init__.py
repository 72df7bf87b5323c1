"""Identity: accounts, sessions, API keys, users, usage: the GraphQL types of this area."""
