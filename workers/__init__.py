"""arq workers: run jobs, sync providers, reconcile, roll up KPIs."""
