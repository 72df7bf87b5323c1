"""Experiment runs and the control profile in the graph."""
