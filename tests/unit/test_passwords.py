"""The password rule, profile checks, throttle keys and mail settings: pure rules, no services."""

from __future__ import annotations

import logging
import uuid

import pytest

from domain.errors import InvalidInput
from domain.identity import profiles
from domain.identity.delivery import OutboxDelivery, SmtpServer
from domain.identity.models import OutboxMessage
from domain.identity.passwords import MAX_LENGTH, check_password, kinds_of
from domain.identity.throttle import account_key

EMAIL, USERNAME = "ada@example.org", "ada.l"


def _refusal(password: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        check_password(password, min_length=10, email=EMAIL, username=USERNAME)
    return caught.value


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "Tr0ub4dor&3xyz",
        "ABCDEFghij",
        "пароль-пароль",
        "1234567890a",
    ],
)
def test_passwords_that_follow_the_rule_pass(password):
    check_password(password, min_length=10, email=EMAIL, username=USERNAME)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("abc 12", "This password has 6 characters."),
        ("abcdefghijkl", "only one kind of character"),
        ("ABCDEFGHIJKL", "only one kind of character"),
        ("123456789012", "only one kind of character"),
        ("!!!!!!!!!!!!", "only one kind of character"),
        ("ADA@example.org", "may not be your email address or username"),
        ("Ada.L.Ada.L", None),  # not equal to the username: allowed
    ],
)
def test_each_refusal_says_what_is_wrong_and_states_the_rule(password, problem):
    if problem is None:
        check_password(password, min_length=10, email=EMAIL, username=USERNAME)
        return
    error = _refusal(password)
    assert error.field == "password"
    assert problem in error.message
    assert "Use at least 10 characters, mixing at least two of" in error.message


@pytest.mark.parametrize(
    ("password", "email", "username"),
    [
        ("ADA.L", EMAIL, USERNAME),  # the username
        ("Ada@Example.org", EMAIL, USERNAME),  # the email address
        ("GRACE.H", "grace.h@example.org", "gh"),  # the email's local part
    ],
)
def test_the_account_own_names_are_refused_in_any_case(password, email, username):
    with pytest.raises(InvalidInput, match="may not be your email address or username"):
        check_password(password, min_length=3, email=email, username=username)


def test_very_long_passwords_are_refused():
    assert "limited to" in _refusal("aA1" * (MAX_LENGTH // 3 + 1)).message


def test_kinds_of_counts_the_four_kinds():
    assert [kinds_of(p) for p in ("abc", "abC", "abC1", "abC1 ", "")] == [1, 2, 3, 4, 0]


def test_profile_changes_are_all_checked_before_any_is_written():
    class Row:
        organization = "Before"
        bio = None
        avatar_url = None
        links: list[dict[str, str]] = []  # noqa: RUF012

    row = Row()
    changes = profiles.ProfileChanges(
        organization="After", avatar_url="file:///etc/passwd", links=profiles.KEEP
    )
    with pytest.raises(InvalidInput) as caught:
        profiles.apply(row, changes)  # type: ignore[arg-type]
    assert caught.value.field == "avatarUrl"
    assert row.organization == "Before"


def test_unknown_logins_share_a_counter_whatever_their_case():
    assert account_key(" Nobody@Example.org") == account_key("nobody@example.org")
    assert account_key(uuid.UUID(int=1)).endswith(str(uuid.UUID(int=1)))
    assert "nobody" not in account_key("nobody@example.org")  # digested, never stored as typed


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mailer:p%40ss@mail.example.org", ("mail.example.org", 587, False, "p@ss")),
        ("smtps://u:p@mail.example.org", ("mail.example.org", 465, True, "p")),
        ("smtp://localhost:1025", ("localhost", 1025, False, None)),
    ],
)
def test_smtp_urls(url, expected):
    server = SmtpServer.from_url(url)
    assert (server.host, server.port, server.tls, server.password) == expected


def test_a_malformed_smtp_url_is_refused():
    with pytest.raises(ValueError, match="smtp://"):
        SmtpServer.from_url("http://mail.example.org")


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.mark.parametrize("production", [True, False])
async def test_mail_bodies_with_tokens_are_logged_only_outside_production(production):
    handler = _Records()
    logger = logging.getLogger("qraph.mail")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    message = OutboxMessage(
        id=uuid.uuid4(), kind="password_reset", recipient=EMAIL, subject="s", body="qt_secret"
    )
    try:
        await OutboxDelivery(log_bodies=not production).dispatch(None, [message])  # type: ignore[arg-type]
    finally:
        logger.removeHandler(handler)
    logged = " ".join(str(vars(r)) for r in handler.records)
    assert len(handler.records) == 1
    assert ("qt_secret" in logged) is not production
