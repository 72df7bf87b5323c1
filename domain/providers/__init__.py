"""Backend providers: adapters behind one interface (`base.BackendProvider`)."""
