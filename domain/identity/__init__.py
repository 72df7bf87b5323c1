"""Identity and access: accounts, sessions, API keys, roles, and who may see what."""
