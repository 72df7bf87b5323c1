"""The alert rules in deploy/prometheus pass `promtool check rules` where promtool is installed
(`.ci/run` installs Debian's prometheus package), and always pass the schema check, which a
broken rule fails."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.alert_rules import check_file, problems

RULES = Path(__file__).resolve().parents[2] / "deploy" / "prometheus" / "alerts.yml"
NEEDED = {
    "QraphQueueBacklog",
    "QraphOldestQueuedJob",
    "QraphNoLiveWorker",
    "QraphRedisDisconnected",
    "QraphErrorRateSpike",
}
BROKEN = """
groups:
  - name: broken
    rules:
      - alert: Bad Name
        expr: sum(rate(qraph_http_requests_total[5m]
        for: five minutes
        labels: {severity: [1]}
"""


def test_the_rules_pass_the_schema_check_and_cover_each_alert():
    import yaml

    assert check_file(RULES) == []
    names = {r["alert"] for g in yaml.safe_load(RULES.read_text())["groups"] for r in g["rules"]}
    assert names >= NEEDED


def test_a_broken_rule_fails_the_schema_check():
    found = problems(BROKEN)
    assert any("not a valid rule name" in p for p in found)
    assert any("does not parse" in p for p in found)
    assert any("duration" in p for p in found)
    assert any("`labels`" in p for p in found)
    assert problems("groups: [") and problems("rules: []")


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool is not installed here")
def test_promtool_checks_the_rules(tmp_path):
    done = subprocess.run(
        ["promtool", "check", "rules", str(RULES)], check=False, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN)
    failed = subprocess.run(
        ["promtool", "check", "rules", str(broken)], check=False, capture_output=True
    )
    assert failed.returncode != 0
