"""A schema check of Prometheus alert rule files, for machines without `promtool`.

It checks what `promtool check rules` checks first: the file's shape (groups with unique
names, each rule an `alert` or a `record`, never both, with an `expr`), the types of `for`,
`labels` and `annotations`, and that each expression at least balances its brackets and quotes
and names a series. promtool parses PromQL fully; this does not, and says so in its name.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

_DURATION = re.compile(r"^([0-9]+(ms|s|m|h|d|w|y))+$")
_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
_SERIES = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
_RULE_KEYS = {"alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations"}


def _balanced(expr: str) -> bool:
    pairs = {")": "(", "]": "[", "}": "{"}
    stack: list[str] = []
    quote: str | None = None
    for char in expr:
        if quote:
            if char == quote:
                quote = None
            continue
        if char in "\"'`":
            quote = char
        elif char in "([{":
            stack.append(char)
        elif char in pairs and (not stack or stack.pop() != pairs[char]):
            return False
    return not stack and quote is None


def _rule_problems(where: str, rule: Any) -> list[str]:
    if not isinstance(rule, dict):
        return [f"{where}: a rule is a mapping"]
    problems = [f"{where}: unknown key {k!r}" for k in rule if k not in _RULE_KEYS]
    if ("alert" in rule) == ("record" in rule):
        problems.append(f"{where}: a rule has exactly one of `alert` and `record`")
    name = rule.get("alert", rule.get("record"))
    if not isinstance(name, str) or not _NAME.match(name):
        problems.append(f"{where}: {name!r} is not a valid rule name")
    expr = rule.get("expr")
    if not isinstance(expr, str) or not expr.strip():
        problems.append(f"{where}: `expr` is a non-empty string")
    elif not _balanced(expr) or not _SERIES.search(expr):
        problems.append(f"{where}: `expr` does not parse: {expr.strip()!r}")
    for key in ("for", "keep_firing_for"):
        if key in rule and (not isinstance(rule[key], str) or not _DURATION.match(rule[key])):
            problems.append(f"{where}: `{key}` is a duration such as 5m")
    for key in ("labels", "annotations"):
        value = rule.get(key, {})
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            problems.append(f"{where}: `{key}` maps names to strings")
    if "record" in rule and ("annotations" in rule or "for" in rule):
        problems.append(f"{where}: a recording rule has no `for` or `annotations`")
    return problems


def problems(text: str) -> list[str]:
    """What is wrong with a rules file; empty when it passes."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        return [f"not YAML: {error}"]
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        return ["the file is a mapping with a `groups` list"]
    found: list[str] = []
    names: set[str] = set()
    for i, group in enumerate(data["groups"]):
        if not isinstance(group, dict) or not isinstance(group.get("name"), str):
            found.append(f"group {i}: a group has a `name`")
            continue
        if group["name"] in names:
            found.append(f"group {group['name']!r}: names are unique")
        names.add(group["name"])
        rules = group.get("rules")
        if not isinstance(rules, list) or not rules:
            found.append(f"group {group['name']!r}: `rules` is a non-empty list")
            continue
        for j, rule in enumerate(rules):
            found += _rule_problems(f"{group['name']}[{j}]", rule)
    return found


def check_file(path: Path) -> list[str]:
    return problems(path.read_text())
