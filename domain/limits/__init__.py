"""Guardrails that are counted, not stored: request and mutation rates per principal."""
