"""Experiments: the SynQc presets measured on real Qraph jobs, and the control profile."""
