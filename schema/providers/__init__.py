"""GraphQL types of the providers area: provider fields, the admin's list, and the accounts a
user connects (IBM Quantum) with what Qraph imports from them."""
