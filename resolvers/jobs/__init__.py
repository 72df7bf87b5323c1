"""Jobs and queues: the resolvers of this area."""
