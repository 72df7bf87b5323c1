"""Experiment runs and the control profile: types, inputs and operations."""
