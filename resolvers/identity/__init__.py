"""Identity: accounts, sessions, API keys, users, usage: the resolvers of this area."""
