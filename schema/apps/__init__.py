"""The apps area of the graph: projects, apps, tags and versions."""
