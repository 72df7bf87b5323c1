"""One settings object, read from the environment (and `.env`) once per process."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """Every knob Qraph reads. Names are the environment variables, upper-cased."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    env: Environment = Field(Environment.DEVELOPMENT, alias="QRAPH_ENV")
    host: str = Field("127.0.0.1", alias="QRAPH_HOST")
    port: int = Field(8000, alias="QRAPH_PORT")
    # API processes `serve` runs on the one port; 0: one per core.
    api_processes: int = Field(0, alias="QRAPH_API_PROCESSES", ge=0)
    data_dir: Path = Field(Path(".qraph"), alias="QRAPH_DATA_DIR")
    database_url: str | None = Field(None, alias="DATABASE_URL")
    redis_url: str | None = Field(None, alias="REDIS_URL")
    log_level: str = Field("INFO", alias="QRAPH_LOG_LEVEL")
    # Off: the SDKs' INFO chatter (Qiskit's passes, alembic, arq's per-run lines for the
    # reconciler's idle passes) is dropped; on: everything at `log_level`.
    log_verbose: bool = Field(False, alias="QRAPH_LOG_VERBOSE")
    graphiql: bool | None = Field(
        None,
        alias="QRAPH_GRAPHIQL",
        description="Serve GraphiQL; on by default outside production.",
    )
    introspection: bool | None = Field(
        None,
        alias="QRAPH_INTROSPECTION",
        description="Allow introspection; on by default outside production.",
    )
    db_pool_size: int = Field(10, alias="QRAPH_DB_POOL_SIZE")
    max_page_size: int = Field(100, alias="QRAPH_MAX_PAGE_SIZE")
    default_page_size: int = Field(20, alias="QRAPH_DEFAULT_PAGE_SIZE")
    max_query_depth: int = Field(12, alias="QRAPH_MAX_QUERY_DEPTH")
    max_aliases: int = Field(30, alias="QRAPH_MAX_ALIASES")
    max_tokens: int = Field(5000, alias="QRAPH_MAX_TOKENS")
    max_body_bytes: int = Field(1_000_000, alias="QRAPH_MAX_BODY_BYTES")
    # Server-Sent Events and multipart subscription streams one caller may hold open at once,
    # per API process (a WebSocket holds up to 20 subscriptions on one connection).
    max_streams_per_caller: int = Field(20, alias="QRAPH_MAX_STREAMS_PER_CALLER", ge=1)
    # Automatic persisted queries (Apollo's protocol), kept in Redis: a document's size bound,
    # how long an unused one is kept, and how long HTTP caches may keep a GET's answer.
    persisted_queries: bool = Field(True, alias="QRAPH_PERSISTED_QUERIES")
    persisted_query_max_bytes: int = Field(32_768, alias="QRAPH_PERSISTED_QUERY_MAX_BYTES")
    persisted_query_ttl_s: int = Field(7 * 86400, alias="QRAPH_PERSISTED_QUERY_TTL_S")
    persisted_query_max_age_s: int = Field(10, alias="QRAPH_PERSISTED_QUERY_MAX_AGE_S", ge=0)
    # Trusted documents: a manifest ({sha256: document}, as codegen's client preset writes it);
    # when set, only the operations in it run, on every transport. Off by default.
    trusted_documents: Path | None = Field(None, alias="QRAPH_TRUSTED_DOCUMENTS")
    worker_heartbeat_s: int = Field(10, alias="QRAPH_WORKER_HEARTBEAT_S")
    # arq polls Redis this often; 0.5 s (arq's default) put every job's p50 at ~500 ms, 0.05 s
    # at ~52 ms, 0.01 s at ~21-27 ms (tests/benchmarks/bench_jobs.py), for ~100 idle polls/s.
    worker_poll_delay_s: float = Field(0.01, alias="QRAPH_WORKER_POLL_DELAY_S")
    # Analytics: the hourly cron recomputes this many complete hours of the job rollup.
    rollup_repair_hours: int = Field(3, alias="QRAPH_ROLLUP_REPAIR_HOURS", ge=1, le=24 * 31)

    # Identity. In production QRAPH_JWT_SECRET must be set; elsewhere one is kept in the data dir.
    jwt_secret: SecretStr | None = Field(None, alias="QRAPH_JWT_SECRET")
    # Simulations run in child processes with these limits; admission refuses circuits whose
    # estimated run would not fit them.
    job_time_limit_s: float = Field(60.0, alias="QRAPH_JOB_TIME_LIMIT_S")
    job_memory_limit_mb: int = Field(4096, alias="QRAPH_JOB_MEMORY_LIMIT_MB")
    simulation_processes: int = Field(0, alias="QRAPH_SIMULATION_PROCESSES")  # 0: one per core
    # Fairness: a job admission estimates at `heavy_job_seconds` or more is heavy, and each user
    # has at most `max_heavy_jobs_per_user` heavy jobs RUNNING at once, across all workers; the
    # rest wait QUEUED, so one user's long jobs never hold every simulation process.
    heavy_job_seconds: float = Field(2.0, alias="QRAPH_HEAVY_JOB_SECONDS")
    max_heavy_jobs_per_user: int = Field(1, ge=1, alias="QRAPH_MAX_HEAVY_JOBS_PER_USER")
    access_token_ttl_s: int = Field(900, alias="QRAPH_ACCESS_TOKEN_TTL_S")
    refresh_token_ttl_s: int = Field(30 * 86400, alias="QRAPH_REFRESH_TOKEN_TTL_S")
    password_min_length: int = Field(10, alias="QRAPH_PASSWORD_MIN_LENGTH")
    login_failures_per_account: int = Field(5, alias="QRAPH_LOGIN_FAILURES_PER_ACCOUNT")
    login_failures_per_ip: int = Field(20, alias="QRAPH_LOGIN_FAILURES_PER_IP")
    login_failure_window_s: int = Field(900, alias="QRAPH_LOGIN_FAILURE_WINDOW_S")
    # Where mailed links point; unset: the host and port this server is served on.
    public_url: str = Field("", alias="QRAPH_PUBLIC_URL")
    smtp_url: SecretStr | None = Field(
        None, alias="QRAPH_SMTP_URL", description="smtp://user:pass@host:port; unset: outbox only."
    )
    mail_from: str = Field("Qraph <no-reply@qraph.local>", alias="QRAPH_MAIL_FROM")
    create_dev_admin: bool = Field(True, alias="QRAPH_CREATE_DEV_ADMIN")
    # Running circuits and creating API keys need a verified email address.
    require_verified_email: bool = Field(True, alias="QRAPH_REQUIRE_VERIFIED_EMAIL")

    # Limits per principal. Requests per minute: token buckets in Redis.
    rate_limit_anonymous: int = Field(60, alias="QRAPH_RATE_LIMIT_ANONYMOUS")
    rate_limit_consumer: int = Field(300, alias="QRAPH_RATE_LIMIT_CONSUMER")
    rate_limit_developer: int = Field(600, alias="QRAPH_RATE_LIMIT_DEVELOPER")
    rate_limit_admin: int = Field(3000, alias="QRAPH_RATE_LIMIT_ADMIN")
    mutation_rate_limit: int = Field(60, alias="QRAPH_MUTATION_RATE_LIMIT")
    max_query_cost: int = Field(1000, alias="QRAPH_MAX_QUERY_COST")
    cost_budget_per_hour: int = Field(50_000, alias="QRAPH_COST_BUDGET_PER_HOUR")
    shot_budget_consumer: int = Field(1_000_000, alias="QRAPH_SHOT_BUDGET_CONSUMER")
    shot_budget_developer: int = Field(5_000_000, alias="QRAPH_SHOT_BUDGET_DEVELOPER")
    shot_budget_admin: int = Field(50_000_000, alias="QRAPH_SHOT_BUDGET_ADMIN")
    shot_budget_period_s: int = Field(30 * 86400, alias="QRAPH_SHOT_BUDGET_PERIOD_S")
    # Bills: who issues the invoices (printed on each PDF), and how long after a month ends
    # the month close issues its bills (records committed just after midnight are in).
    invoice_issuer: str = Field("Qraph Quantum Hub", alias="QRAPH_INVOICE_ISSUER", max_length=200)
    month_close_grace_s: int = Field(3600, alias="QRAPH_MONTH_CLOSE_GRACE_S", ge=0)
    # The platform's share of an app's gross revenue (domain.billing.revenue), 0 to 1.
    platform_fee: Decimal = Field(Decimal("0.20"), ge=0, le=1, alias="QRAPH_PLATFORM_FEE")

    # Providers (domain.providers). IBM Quantum's service account: all three enable its backends.
    ibm_token: SecretStr | None = Field(None, alias="QRAPH_IBM_TOKEN")
    ibm_instance: str | None = Field(None, alias="QRAPH_IBM_INSTANCE")
    ibm_channel: str | None = Field(None, alias="QRAPH_IBM_CHANNEL")
    # Remote jobs: STANDARD jobs for one remote backend wait this long (or for this many) to
    # share one provider job; the poller sweeps every `provider_poll_s`; a provider failing
    # `breaker_failures` calls in a row is left alone for `breaker_open_s` (doubling, capped).
    provider_batch_window_s: float = Field(2.0, alias="QRAPH_PROVIDER_BATCH_WINDOW_S")
    provider_batch_max: int = Field(50, ge=1, alias="QRAPH_PROVIDER_BATCH_MAX")
    provider_poll_s: int = Field(5, ge=1, alias="QRAPH_PROVIDER_POLL_S")
    breaker_failures: int = Field(3, ge=1, alias="QRAPH_BREAKER_FAILURES")
    breaker_open_s: float = Field(30.0, alias="QRAPH_BREAKER_OPEN_S")

    # Browsers: origins allowed for CORS and WebSocket handshakes (comma-separated).
    cors_origins: str = Field("", alias="QRAPH_CORS_ORIGINS")

    # Connected provider accounts and remote providers (issue 12): see domain/providers/.
    # The key that seals users' provider tokens at rest (AES-GCM, 32 bytes, urlsafe base64);
    # outside production a random one is kept in the data dir.
    secrets_key: SecretStr | None = Field(None, alias="QRAPH_SECRETS_KEY")
    # The key before a rotation: tokens it sealed still open, and are resealed with the new key
    # at their account's next sync.
    secrets_key_previous: SecretStr | None = Field(None, alias="QRAPH_SECRETS_KEY_PREVIOUS")
    ibm_api_url: str = Field("https://quantum.cloud.ibm.com/api/v1", alias="QRAPH_IBM_API_URL")
    ibm_iam_url: str = Field("https://iam.cloud.ibm.com", alias="QRAPH_IBM_IAM_URL")
    ibm_import_limit: int = Field(200, ge=1, le=1000, alias="QRAPH_IBM_IMPORT_LIMIT")
    azure_resource_id: str | None = Field(None, alias="QRAPH_AZURE_RESOURCE_ID")
    azure_location: str | None = Field(None, alias="QRAPH_AZURE_LOCATION")
    braket_region: str | None = Field(None, alias="QRAPH_BRAKET_REGION")
    braket_s3_bucket: str | None = Field(None, alias="QRAPH_BRAKET_S3_BUCKET")
    braket_s3_prefix: str = Field("qraph", alias="QRAPH_BRAKET_S3_PREFIX")
    braket_endpoint_url: str | None = Field(None, alias="QRAPH_BRAKET_ENDPOINT_URL")

    @model_validator(mode="after")
    def _default_public_url(self) -> Settings:
        if not self.public_url:
            self.public_url = f"http://{self.display_host}:{self.port}"
        return self

    @property
    def display_host(self) -> str:
        """The host to put in a URL: a wildcard bind address is reached on the loopback."""
        if self.host in ("", "0.0.0.0"):
            return "127.0.0.1"
        if self.host == "::":
            return "[::1]"
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        return tuple(o.strip() for o in self.cors_origins.split(",") if o.strip())

    @property
    def production(self) -> bool:
        return self.env is Environment.PRODUCTION

    @property
    def graphiql_enabled(self) -> bool:
        return self.graphiql if self.graphiql is not None else not self.production

    @property
    def introspection_enabled(self) -> bool:
        return self.introspection if self.introspection is not None else not self.production


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests clear the cache after changing the environment."""
    return Settings()  # type: ignore[call-arg]
