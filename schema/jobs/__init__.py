"""Jobs and queues: the GraphQL types of this area."""
