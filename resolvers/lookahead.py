"""Look-ahead: what a query selects below the current field, so a read loads only that.

A selection is a tree of GraphQL field names, merged over aliases, fragment spreads and inline
fragments (whatever their type condition: reading a column too many is harmless, one too few
is not). Directives are ignored for the same reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from qraph.context import Context

Selected = Mapping[str, "Selected"]
NOTHING: Selected = {}


def selected(info: Any, *path: str) -> Selected:
    """The fields selected below this one, then down `path` (e.g. "edges", "node")."""
    tree = _merge(child for field in info.selected_fields for child in field.selections)
    for name in path:
        tree = tree.get(name, NOTHING)
    return tree


def selected_once(info: Any, *path: str) -> Selected:
    """`selected`, worked out once per request for each place in the query.

    For resolvers that run once per list item (a job's backend): the items of a list share one
    place, so the first item pays for the look-ahead and the others reuse it.
    """
    context: Context = info.context
    place = (*(key for key in info.path.as_list() if isinstance(key, str)), "/", *path)
    cache = context.loaders.selections
    found = cache.get(place)
    if found is None:
        found = cache[place] = selected(info, *path)
    return found


def _merge(selections: Iterable[Selection]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for selection in selections:
        if isinstance(selection, SelectedField):
            _add(tree, {selection.name: _merge(selection.selections)})
        elif isinstance(selection, FragmentSpread | InlineFragment):
            _add(tree, _merge(selection.selections))
    return tree


def _add(tree: dict[str, Any], more: dict[str, Any]) -> None:
    for name, subtree in more.items():
        if name in tree:
            _add(tree[name], subtree)
        else:
            tree[name] = subtree
