"""Provider accounts a user connects (IBM Quantum) and what Qraph imports from them."""
