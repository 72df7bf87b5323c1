"""Notifications: what a user is told (in the app always, by email when they opt in)."""
