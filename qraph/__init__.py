"""Qraph's composition root: settings, the ASGI app, the CLI and the embedded services."""
