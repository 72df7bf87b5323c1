"""Which bucket a caller draws from, at what limit, and how a refusal reads (no Redis needed;
the bucket itself is exercised against real Redis in tests/integration/test_rate_limits.py)."""

from __future__ import annotations

import uuid

from domain.identity.principal import Principal, Role, scopes_of
from domain.limits import rate

LIMITS = rate.RateLimits(
    anonymous=60,
    roles={Role.CONSUMER: 300, Role.DEVELOPER: 600, Role.ADMIN: 3000},
    mutations=20,
)


def _user(*roles: Role, **extra: object) -> Principal:
    granted = frozenset(roles)
    return Principal(user_id=uuid.uuid4(), roles=granted, scopes=scopes_of(granted), **extra)


def test_anonymous_callers_share_a_bucket_per_address():
    anonymous = Principal()
    assert LIMITS.for_principal(anonymous) == 60
    bucket = rate.request_bucket(anonymous, client_ip="1.2.3.4", limits=LIMITS)
    assert bucket.key == "qraph:rate:requests:ip:1.2.3.4"
    assert rate.caller_key(anonymous, None) == "ip:unknown"


def test_a_user_gets_the_highest_of_their_roles():
    assert LIMITS.for_principal(_user(Role.CONSUMER)) == 300
    assert LIMITS.for_principal(_user(Role.CONSUMER, Role.DEVELOPER)) == 600
    assert LIMITS.for_principal(_user(Role.ADMIN, Role.CONSUMER)) == 3000


def test_an_api_key_has_its_own_bucket_apart_from_its_owners_sessions():
    key_id = uuid.uuid4()
    session = _user(Role.CONSUMER)
    key = Principal(user_id=session.user_id, roles=session.roles, api_key_id=key_id)
    assert rate.caller_key(session, "1.2.3.4") == f"user:{session.user_id}"
    assert rate.caller_key(key, "1.2.3.4") == f"key:{key_id}"
    mutations = rate.mutation_bucket(key, client_ip=None, limits=LIMITS)
    assert mutations.key == f"qraph:rate:mutations:key:{key_id}"
    assert (mutations.limit, mutations.unit) == (20, "mutations")


def test_a_keys_own_limit_can_lower_its_owners_never_raise_it():
    assert LIMITS.for_principal(_user(Role.CONSUMER, rate_limit=10)) == 10
    assert LIMITS.for_principal(_user(Role.CONSUMER, rate_limit=5000)) == 300


def test_a_refusal_names_the_limit_its_unit_and_when_to_retry():
    hourly = rate.owned_bucket("jobs", "u1", limit=100, unit="jobs", period_s=3600)
    refused = rate.Decision(bucket=hourly, allowed=False, remaining=0, retry_after=36)
    error = refused.refusal()
    assert error.message == "Rate limit exceeded: 100 jobs per hour. Retry after 36 s."
    assert (error.code, error.retry_after) == ("RATE_LIMITED", 36)
