"""Accounts over HTTP: registration, verification, password reset and change, the profile."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from domain.identity.models import AccountToken, OutboxMessage, User
from tests.identity import TEST_PASSWORD, make_user
from tests.integration.accounts_support import (
    ME,
    VERIFY,
    call,
    data,
    login,
    mailed_token,
    new_name,
    register,
    signed_up,
)

REQUEST_RESET = """
mutation Request($email: String!) {
  requestPasswordReset(email: $email) {
    __typename
    ... on RequestPasswordResetAccepted { message }
    ... on Error { code message }
  }
}
"""
RESET = """
mutation Reset($token: String!, $password: String!) {
  resetPassword(token: $token, newPassword: $password) {
    __typename
    ... on ResetPasswordSuccess { revokedSessions }
    ... on InvalidInputError { code message field }
    ... on Error { code message }
  }
}
"""
CHANGE = """
mutation Change($current: String!, $new: String!) {
  changePassword(currentPassword: $current, newPassword: $new) {
    __typename
    ... on ChangePasswordSuccess { revokedSessions }
    ... on InvalidInputError { code message field }
    ... on Error { code message }
  }
}
"""
UPDATE_PROFILE = """
mutation Update($input: UpdateProfileInput!) {
  updateProfile(input: $input) {
    __typename
    ... on UpdateProfileSuccess {
      user { profile { organization bio avatarUrl links { label url } } }
    }
    ... on InvalidInputError { code message field }
  }
}
"""
RESEND = "mutation Resend { resendVerificationEmail }"
NEW_PASSWORD = "a brand new passphrase 2"


async def _count(app, model, *where) -> int:
    async with app.state.services.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where)) or 0


async def test_registration_mails_a_link_with_the_token(client, app):
    # when someone registers
    name = new_name()
    result = await register(client, name)
    # then the account exists, unverified, as a consumer, and the outbox holds a link with a token
    assert result["user"] == {
        "id": result["user"]["id"],
        "username": name,
        "email": f"{name}@example.org",
        "emailVerified": False,
        "roles": ["CONSUMER"],
    }
    token = await mailed_token(app, f"{name}@example.org", "verify_email")
    async with app.state.services.sessionmaker() as session:
        body = await session.scalar(select(OutboxMessage.body))
        stored = await session.scalar(select(AccountToken.token_hash))
    assert f"http://127.0.0.1:8000/verify-email?token={token}" in (body or "")
    assert stored is not None and token not in stored  # only its SHA-256 is kept


async def test_a_verification_token_works_once(client, app):
    name = new_name()
    await register(client, name)
    token = await mailed_token(app, f"{name}@example.org", "verify_email")
    first = (await data(client, VERIFY, {"token": token}))["verifyEmail"]
    again = (await data(client, VERIFY, {"token": token}))["verifyEmail"]
    made_up = (await data(client, VERIFY, {"token": "qt_made_up"}))["verifyEmail"]
    assert first == {
        "__typename": "VerifyEmailSuccess",
        "user": {"username": name, "emailVerified": True},
    }
    assert again["code"] == made_up["code"] == "INVALID_CREDENTIALS"


async def test_resending_verification_is_paced_and_replaces_the_old_link(client, app):
    # given a registered user, signed in before verifying
    name = new_name()
    await register(client, name)
    old = await mailed_token(app, f"{name}@example.org", "verify_email")
    token = (await login(client, name))["accessToken"]
    # a link went out this minute, so no second one yet
    assert (await data(client, RESEND, token=token))["resendVerificationEmail"] is False
    # a minute later (simulated by backdating the token) a new link replaces the old one
    async with app.state.services.sessionmaker() as session, session.begin():
        await session.execute(
            update(AccountToken).values(created_at=AccountToken.created_at - timedelta(minutes=2))
        )
    assert (await data(client, RESEND, token=token))["resendVerificationEmail"] is True
    new = await mailed_token(app, f"{name}@example.org", "verify_email")
    assert new != old
    assert (await data(client, VERIFY, {"token": old}))["verifyEmail"]["code"] == (
        "INVALID_CREDENTIALS"
    )
    assert (await data(client, VERIFY, {"token": new}))["verifyEmail"]["user"]["emailVerified"]
    # and once verified, nothing more is sent
    assert (await data(client, RESEND, token=token))["resendVerificationEmail"] is False


@pytest.mark.parametrize(
    ("email", "username"),
    [
        ("SAME@example.org", "someone_else"),  # the email, in another case
        ("other@example.org", "TAKEN.NAME"),  # the username, in another case
    ],
)
async def test_duplicates_in_any_case_are_refused_and_write_nothing(client, app, email, username):
    # given an account
    await register(client, "taken.name", email="same@example.org")
    before = (
        await _count(app, User),
        await _count(app, OutboxMessage),
        await _count(app, AccountToken),
    )
    # when another registers the same email or username in another case
    result = await register(client, username, email=email)
    # then it is refused, naming the field, and no row was written
    field = "email" if email.startswith("SAME") else "username"
    assert (result["code"], result["field"]) == ("ALREADY_EXISTS", field)
    after = (
        await _count(app, User),
        await _count(app, OutboxMessage),
        await _count(app, AccountToken),
    )
    assert after == before


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("short 1", "This password has 7 characters."),
        ("onlyletterslong", "only one kind of character"),
        ("12345678901234", "only one kind of character"),
        ("Policy.Probe", "may not be your email address or username"),
        ("POLICY.PROBE@example.org", "may not be your email address or username"),
    ],
)
async def test_passwords_that_break_the_rule_are_refused_with_the_rule(client, app, password, says):
    result = await register(
        client, "policy.probe", email="policy.probe@example.org", password=password
    )
    assert (result["code"], result["field"]) == ("INVALID_INPUT", "password")
    assert says in result["message"]
    assert "at least 10 characters, mixing at least two of" in result["message"]
    assert await _count(app, User) == 0


@pytest.mark.parametrize(
    ("email", "username", "field"),
    [
        ("not-an-address", "fine_name", "email"),
        ("a@b@example.org", "fine_name", "email"),
        ("fine@example.org", "no", "username"),
        ("fine@example.org", "has space", "username"),
        ("fine@example.org", "at@sign", "username"),
        ("fine@example.org", "x" * 41, "username"),
    ],
)
async def test_malformed_emails_and_usernames_are_refused(client, email, username, field):
    result = await register(client, username, email=email)
    assert (result["code"], result["field"]) == ("INVALID_INPUT", field)


async def test_password_reset_answers_the_same_and_its_token_works_once(client, app):
    # given an account with two live sessions
    name = new_name()
    email = f"{name}@example.org"
    first = await signed_up(client, app, name)
    await login(client, name)
    # when a reset is asked for the account and for an address with no account
    known = (await data(client, REQUEST_RESET, {"email": email.upper()}))["requestPasswordReset"]
    unknown = (await data(client, REQUEST_RESET, {"email": "nobody@example.org"}))[
        "requestPasswordReset"
    ]
    # then both get the same answer, and only the account is mailed
    assert known == unknown and known["__typename"] == "RequestPasswordResetAccepted"
    assert await _count(app, OutboxMessage, OutboxMessage.kind == "password_reset") == 1
    token = await mailed_token(app, email, "password_reset")
    # and the token resets the password once, signing every session out
    done = (await data(client, RESET, {"token": token, "password": NEW_PASSWORD}))["resetPassword"]
    assert done == {"__typename": "ResetPasswordSuccess", "revokedSessions": 2}
    again = (await data(client, RESET, {"token": token, "password": NEW_PASSWORD + "x"}))[
        "resetPassword"
    ]
    assert again["code"] == "INVALID_CREDENTIALS"
    assert (await call(client, ME, token=first["accessToken"])).status_code == 401
    assert (await login(client, name))["code"] == "INVALID_CREDENTIALS"
    assert (await login(client, name, NEW_PASSWORD))["__typename"] == "LoginSuccess"


async def test_a_reset_with_a_weak_password_keeps_the_token(client, app):
    user = await make_user(app)
    await data(client, REQUEST_RESET, {"email": user.email})
    token = await mailed_token(app, user.email, "password_reset")
    weak = (await data(client, RESET, {"token": token, "password": "short"}))["resetPassword"]
    assert (weak["code"], weak["field"]) == ("INVALID_INPUT", "newPassword")
    done = (await data(client, RESET, {"token": token, "password": NEW_PASSWORD}))["resetPassword"]
    assert done["__typename"] == "ResetPasswordSuccess"


async def test_a_malformed_reset_address_is_invalid_input(client):
    result = (await data(client, REQUEST_RESET, {"email": "nope"}))["requestPasswordReset"]
    assert (result["__typename"], result["code"]) == ("InvalidInputError", "INVALID_INPUT")


async def test_change_password_checks_the_current_one_and_ends_other_sessions(client, app):
    # given a user signed in twice
    name = new_name()
    here = await signed_up(client, app, name)
    elsewhere = await login(client, name)
    # when they change their password with a wrong current one, then with the right one
    variables = {"current": "not my password 9", "new": NEW_PASSWORD}
    wrong = (await data(client, CHANGE, variables, here["accessToken"]))["changePassword"]
    weak = (
        await data(client, CHANGE, {"current": TEST_PASSWORD, "new": "weak"}, here["accessToken"])
    )["changePassword"]
    variables = {"current": TEST_PASSWORD, "new": NEW_PASSWORD}
    done = (await data(client, CHANGE, variables, here["accessToken"]))["changePassword"]
    # then the wrong one is refused, and the change signs out only the other session
    assert wrong["code"] == "INVALID_CREDENTIALS"
    assert (weak["code"], weak["field"]) == ("INVALID_INPUT", "newPassword")
    assert done == {"__typename": "ChangePasswordSuccess", "revokedSessions": 1}
    assert (await call(client, ME, token=elsewhere["accessToken"])).status_code == 401
    assert (await data(client, ME, token=here["accessToken"]))["me"]["username"] == name
    assert (await login(client, name, NEW_PASSWORD))["__typename"] == "LoginSuccess"


async def test_changing_a_password_needs_a_signed_in_caller(client):
    body = (await call(client, CHANGE, {"current": "a", "new": "b"})).json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_update_profile_saves_given_fields_and_keeps_the_rest(client, app):
    user = await make_user(app)
    links = [{"label": "GitHub", "url": "https://github.com/ada"}]
    first = {"organization": "  Analytical Engines  ", "bio": "Notes on G.", "links": links}
    saved = await data(client, UPDATE_PROFILE, {"input": first}, user.access_token)
    assert saved["updateProfile"]["user"]["profile"] == {
        "organization": "Analytical Engines",
        "bio": "Notes on G.",
        "avatarUrl": None,
        "links": links,
    }
    # omitted fields stay; null clears
    second = {"avatarUrl": "http://example.org/ada.png", "bio": None}
    profile = (await data(client, UPDATE_PROFILE, {"input": second}, user.access_token))[
        "updateProfile"
    ]["user"]["profile"]
    assert profile["organization"] == "Analytical Engines" and profile["bio"] is None
    assert profile["avatarUrl"] == "http://example.org/ada.png" and profile["links"] == links


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"avatarUrl": "javascript:alert(1)"}, "avatarUrl"),
        ({"avatarUrl": "ftp://example.org/a.png"}, "avatarUrl"),
        ({"organization": "x" * 201}, "organization"),
        ({"bio": "x" * 2001}, "bio"),
        ({"links": [{"label": "a", "url": "https://example.org"}] * 11}, "links"),
        ({"links": [{"label": "Home", "url": "example.org"}]}, "links[0].url"),
        ({"links": [{"label": " ", "url": "https://example.org"}]}, "links[0].label"),
        ({"links": [{"label": "x" * 51, "url": "https://example.org"}]}, "links[0].label"),
    ],
)
async def test_update_profile_refuses_bad_values_and_changes_nothing(client, app, change, field):
    user = await make_user(app)
    # a valid organization alongside the bad value must not be saved either
    variables = {"input": {"organization": "Kept Out", **change}}
    result = (await data(client, UPDATE_PROFILE, variables, user.access_token))["updateProfile"]
    assert (result["code"], result["field"]) == ("INVALID_INPUT", field)
    me = (await data(client, ME, token=user.access_token))["me"]
    assert me["profile"]["organization"] is None


async def test_emails_are_hidden_from_other_users(client, app):
    # given a user who can only reach another through its global ID
    from strawberry import relay

    owner = await make_user(app)
    other = await make_user(app)
    query = "query Node($id: ID!) { node(id: $id) { ... on User { email } } }"
    global_id = relay.to_base64("User", owner.id)
    # then that user reads null, and the owner reads their email
    assert (await data(client, query, {"id": global_id}, other.access_token))["node"] is None
    mine = (await data(client, query, {"id": global_id}, owner.access_token))["node"]
    assert mine == {"email": owner.email}


@pytest.fixture
async def strict_mutations_client(settings):
    """The app allowing 2 rate-limited mutations a minute per caller."""
    import httpx

    from qraph.app import create_app

    application = create_app(settings.model_copy(update={"mutation_rate_limit": 2}))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


async def test_mail_sending_mutations_are_rate_limited(strict_mutations_client):
    client = strict_mutations_client
    assert (await register(client, new_name()))["__typename"] == "RegisterSuccess"
    await data(client, REQUEST_RESET, {"email": "nobody@example.org"})
    limited = (await data(client, REQUEST_RESET, {"email": "nobody@example.org"}))[
        "requestPasswordReset"
    ]
    assert (limited["__typename"], limited["code"]) == ("RateLimitedError", "RATE_LIMITED")
