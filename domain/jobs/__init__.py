"""Jobs: circuits submitted to a backend, queued, run by workers, with every transition kept."""
