"""The money area's types."""
