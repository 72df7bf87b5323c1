"""Quiet logs by default, and mailed links that name the server's own host and port."""

from __future__ import annotations

import logging

import pytest

from qraph import catalog_status
from qraph.observability import configure_logging
from qraph.settings import Settings


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def _emit_samples() -> None:
    logging.getLogger("qiskit.passmanager.base_tasks").info("Pass: BasisTranslator - 0.02 (ms)")
    logging.getLogger("alembic.runtime.migration").info("Running upgrade 0001 -> 0002")
    logging.getLogger("arq.worker").info("  0.52s → cron:reconcile_jobs()")
    logging.getLogger("arq.worker").info("recording health: Dec-06 j_complete=3")
    logging.getLogger("arq.worker").info("  0.01s → run-job:abc()")
    logging.getLogger("arq.worker").warning("  0.52s ! cron:reconcile_jobs failed")
    logging.getLogger("qiskit.transpiler").warning("a real problem")
    logging.getLogger("qraph.worker.reconciler").warning("reconciled jobs")


def test_default_logs_drop_sdk_chatter_and_idle_cron_runs(restore_logging, capsys):
    # given the default settings
    configure_logging(Settings(QRAPH_LOG_LEVEL="INFO"))  # type: ignore[call-arg]
    # when the SDKs and arq log what they log on every start and every few seconds
    _emit_samples()
    err = capsys.readouterr().err
    # then their INFO lines are gone, and warnings and the job lines stay
    assert "BasisTranslator" not in err and "Running upgrade" not in err
    assert "→ cron:reconcile_jobs" not in err and "recording health" not in err
    assert "run-job:abc" in err
    assert "cron:reconcile_jobs failed" in err and "a real problem" in err
    assert "reconciled jobs" in err


def test_verbose_logs_keep_everything(restore_logging, capsys):
    configure_logging(Settings(QRAPH_LOG_LEVEL="INFO", QRAPH_LOG_VERBOSE=True))  # type: ignore[call-arg]
    _emit_samples()
    err = capsys.readouterr().err
    assert "BasisTranslator" in err and "→ cron:reconcile_jobs" in err and "Running upgrade" in err


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        ("127.0.0.1", 8000, "http://127.0.0.1:8000"),
        ("0.0.0.0", 8123, "http://127.0.0.1:8123"),
        ("::", 9000, "http://[::1]:9000"),
        ("::1", 9001, "http://[::1]:9001"),
        ("qraph.internal", 80, "http://qraph.internal:80"),
    ],
)
def test_the_public_url_defaults_to_the_served_host_and_port(monkeypatch, host, port, expected):
    monkeypatch.delenv("QRAPH_PUBLIC_URL", raising=False)
    settings = Settings(QRAPH_HOST=host, QRAPH_PORT=port)  # type: ignore[call-arg]
    assert settings.public_url == expected


def test_a_configured_public_url_wins(monkeypatch):
    monkeypatch.setenv("QRAPH_PUBLIC_URL", "https://qraph.example.org")
    assert Settings(QRAPH_PORT=8123).public_url == "https://qraph.example.org"  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (None, "ready"),
        (b"not json", "ready"),
        (b'["loading"]', "ready"),
        (b'{"status": "weird"}', "ready"),
        (catalog_status.loading_marker().encode(), "loading"),
        (catalog_status.failed_marker("boom" * 500).encode(), "failed"),
    ],
)
def test_the_catalog_status_reads_only_what_it_wrote(raw, status):
    parsed = catalog_status.parse(raw)
    assert parsed["status"] == status
    if status == "loading":
        assert parsed["loading_for_s"] >= 0
    if status == "failed":
        assert len(parsed["error"]) <= 500
