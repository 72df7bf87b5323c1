"""Notifications: the Notification node, its list, preferences, and the live feed."""
