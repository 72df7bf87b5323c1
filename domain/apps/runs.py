"""Running an app: pick the version, check the caller may run it, check the inputs against the
version's JSON Schema, and bind them into the template. What comes out is an ordinary job
request, submitted through the same service as submitJob (domain.jobs.submission), so shot
budgets, idempotency and typed refusals apply, and a refusal writes nothing.

Binding replaces each `input` declaration's uses by the value as a literal in the reference
AST (openqasm3), drops the declaration, and prints the program again: the job's circuit is
plain OpenQASM 3 that any backend runs, with no parameters left.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from typing import Any

import openqasm3
from jsonschema import Draft202012Validator
from openqasm3 import ast
from openqasm3.visitor import QASMTransformer
from sqlalchemy import select

from domain.apps import access, entitlements, version_reads
from domain.apps.errors import AppArchived, InvalidAppInputs
from domain.apps.models import AppVersion, QuantumApp
from domain.billing import subscription_keys
from domain.billing.accounts import SubscriptionKey
from domain.billing.models import PlanSubscription
from domain.circuits import sandbox
from domain.circuits.qasm3_antlr import parse_program
from domain.circuits.source import read_source
from domain.db import AsyncSession, dump_json
from domain.errors import InvalidInput, NotFound
from domain.identity.principal import Principal

MAX_INPUTS_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Target:
    """Which version to run: its ID, or the app's slug and a version (None: the default)."""

    version_id: uuid.UUID | None = None
    slug: str | None = None
    version: str | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """What a run goes under: a plan subscription (its cap and per-run price apply), and the
    subscription key it was presented with; both None for the owner's or a registry app's."""

    subscription: PlanSubscription | None = None
    key: SubscriptionKey | None = None


async def find(
    session: AsyncSession,
    *,
    principal: Principal,
    target: Target,
    subscription_key: str | None = None,
) -> tuple[QuantumApp, AppVersion, Plan]:
    """The app and version to run, and the plan it runs under, if the caller may run them;
    NotFound for what they cannot see. A subscription key entitles for its own app only."""
    if (target.version_id is None) == (target.slug is None):
        raise InvalidInput("Name the version by `versionId`, or by `appSlug` (and `version`).")
    if target.version_id is not None:
        found = (
            await session.execute(
                select(AppVersion, QuantumApp)
                .join(QuantumApp, QuantumApp.id == AppVersion.app_id)
                .where(AppVersion.id == target.version_id)
            )
        ).first()
        if found is None:
            raise NotFound("No such version.")
        version, app = found
    else:
        app_row = await session.scalar(
            select(QuantumApp).where(QuantumApp.slug == (target.slug or "")[:64])
        )
        if app_row is None:
            raise NotFound(f"No app is named '{(target.slug or '')[:64]}'.")
        app = app_row
        if target.version is None:
            [latest] = await version_reads.latest_many(session, app_ids=[app.id])
            if latest is None:
                raise NotFound(f"{app.slug} has no published version to run.")
            version = latest
        else:
            pinned = await version_reads.get_by_version(
                session, app_id=app.id, version=target.version
            )
            if pinned is None:
                raise NotFound(f"{app.slug} has no version {target.version[:64]}.")
            version = pinned
    plan = await _check_runnable(
        session, principal=principal, app=app, version=version, subscription_key=subscription_key
    )
    return app, version, plan


async def _check_runnable(
    session: AsyncSession,
    *,
    principal: Principal,
    app: QuantumApp,
    version: AppVersion,
    subscription_key: str | None = None,
) -> Plan:
    if not access.may_read_version(principal, app, version):
        # An archived app is hidden from others, but those who ran it learn why it won't run.
        ran = (
            app.archived_at is not None
            and principal.user_id is not None
            and await entitlements.has_run(session, user_id=principal.user_id, app_id=app.id)
        )
        if not ran:
            raise NotFound("No such version.")
    if app.archived_at is not None:
        raise AppArchived(f"{app.slug} is archived and takes no new runs.")
    if subscription_key is not None:
        key, subscription = await subscription_keys.authorise(
            session, secret=subscription_key, app_id=app.id
        )
        return Plan(subscription, key)
    return Plan(await entitlements.plan_for_run(session, principal=principal, app=app))


def check_inputs(schema: dict[str, Any], inputs: Any) -> dict[str, float]:
    """The inputs as numbers, or InvalidAppInputs with one error per failing path."""
    if not isinstance(inputs, dict):
        raise InvalidAppInputs(
            "The inputs are a JSON object keyed by input name.",
            errors=[("/", "is not an object")],
        )
    try:
        size = len(dump_json(inputs))
    except (TypeError, ValueError):
        size = MAX_INPUTS_BYTES + 1
    if size > MAX_INPUTS_BYTES:
        raise InvalidAppInputs(
            f"The inputs are larger than {MAX_INPUTS_BYTES:,} bytes.",
            errors=[("/", f"is larger than {MAX_INPUTS_BYTES:,} bytes")],
        )
    by_path: dict[str, str] = {}
    for error in Draft202012Validator(schema).iter_errors(inputs):
        path = "/" + "/".join(str(p) for p in error.absolute_path)
        by_path.setdefault(path, error.message)
    for name, value in inputs.items():
        if isinstance(value, float) and not math.isfinite(value):
            by_path.setdefault(f"/{name}", f"{value} is not a finite number")
    if by_path:
        errors = sorted(by_path.items())
        raise InvalidAppInputs(
            f"{len(errors)} input{'s' if len(errors) > 1 else ''} "
            f"{'do' if len(errors) > 1 else 'does'} not match the version's input schema.",
            errors=errors,
        )
    return {name: float(value) for name, value in inputs.items()}


class _Bind(QASMTransformer[None]):
    def __init__(self, values: dict[str, float]) -> None:
        self.values = values

    def visit_IODeclaration(self, node: ast.IODeclaration, context: None = None) -> Any:
        return None if node.identifier.name in self.values else node

    def visit_Identifier(self, node: ast.Identifier, context: None = None) -> Any:
        if node.name not in self.values:
            return node
        value = self.values[node.name]
        literal = ast.FloatLiteral(abs(value))
        return ast.UnaryExpression(ast.UnaryOperator["-"], literal) if value < 0 else literal


def bind(template: str, values: dict[str, float]) -> str:
    """The template with every input replaced by its value. Blocking: run it in the sandbox."""
    program = parse_program(read_source(template))
    return str(openqasm3.dumps(_Bind(values).visit(program)))


async def bind_bounded(template: str, values: dict[str, float]) -> str:
    return await sandbox.run_bounded(bind, template, values)
