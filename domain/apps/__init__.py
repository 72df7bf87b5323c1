"""Apps: projects, quantum apps, their tags and versions."""
