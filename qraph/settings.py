"""One settings object, read from the environment (and `.env`) once per process."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
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
    data_dir: Path = Field(Path(".qraph"), alias="QRAPH_DATA_DIR")
    database_url: str | None = Field(None, alias="DATABASE_URL")
    redis_url: str | None = Field(None, alias="REDIS_URL")
    log_level: str = Field("INFO", alias="QRAPH_LOG_LEVEL")
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
    operator_token: SecretStr | None = Field(
        None, alias="QRAPH_OPERATOR_TOKEN", description="Bearer token for operator-only mutations."
    )
    db_pool_size: int = Field(10, alias="QRAPH_DB_POOL_SIZE")
    max_page_size: int = Field(100, alias="QRAPH_MAX_PAGE_SIZE")
    default_page_size: int = Field(20, alias="QRAPH_DEFAULT_PAGE_SIZE")
    max_query_depth: int = Field(12, alias="QRAPH_MAX_QUERY_DEPTH")
    max_aliases: int = Field(30, alias="QRAPH_MAX_ALIASES")
    max_tokens: int = Field(5000, alias="QRAPH_MAX_TOKENS")
    max_body_bytes: int = Field(1_000_000, alias="QRAPH_MAX_BODY_BYTES")
    worker_heartbeat_s: int = Field(10, alias="QRAPH_WORKER_HEARTBEAT_S")

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
