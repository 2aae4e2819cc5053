"""The one Settings object: the only place that reads the environment."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

Environment = Literal["development", "test", "production"]
_ENVIRONMENTS: tuple[Environment, ...] = ("development", "test", "production")
_REPO_ROOT = Path(__file__).resolve().parents[2]


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    """Runtime configuration of every Jixiao process (API, worker, scheduler, CLI)."""

    env: Environment = "development"
    data_dir: Path = field(default_factory=lambda: Path("var"))
    database_url: str | None = None
    migration_database_url: str | None = None
    db_app_role: str = "jixiao_app"
    redis_url: str | None = None
    queue_namespace: str = "jixiao"
    secret_key: str | None = None
    # The audit chain's HMAC key: never stored in the database, so whoever can write the
    # tables cannot recompute the chain after editing an event.
    audit_chain_key: str | None = field(default=None, repr=False)
    # Field encryption of secret and personal data at rest (`platform/crypto.py`): its key, from
    # the secret store like the chain's, and the cipher new values are written with.
    field_key: str | None = field(default=None, repr=False)
    audit_chain_algorithm: str | None = None  # hmac-sha256 (default) or hmac-sm3
    field_cipher: str = "aes256gcm"  # or sm4gcm (GB/T 39786)
    portal_dir: Path = field(default_factory=lambda: _REPO_ROOT / "portal" / "dist")
    host: str = "127.0.0.1"
    port: int = 8000
    graphql_max_depth: int = 12
    graphql_max_aliases: int = 30
    graphql_max_tokens: int = 5000
    # Request bodies of /graphql: JSON operations are small; scheme imports (scheme:write) carry
    # whole data files as variables (about 60 MB for 3,000 units). Files have their own limits.
    graphql_max_body_bytes: int = 2 * 1024 * 1024
    graphql_import_max_body_bytes: int = 256 * 1024 * 1024
    hsts_max_age: int = 0  # seconds of Strict-Transport-Security; 0 = none (set behind TLS)
    # /graphql requests per minute of one signed-in party (user or API token), and of one client
    # address (an office behind one NAT shares it); 0 = no limit.
    rate_limit_per_minute: int = 600
    rate_limit_address_per_minute: int = 3000
    rate_limit_tenant_per_minute: int = 20000  # every user and token of one tenant together
    # Query cost (graphql/cost.py): the most one request may ask for (refused before it runs
    # past it), and the cost per minute of one signed-in party and of one tenant; 0 = no limit.
    # 1,000,000: a leader's rankings with every unit's breakdown and source scores prices at
    # about 140,000 with the assumed list sizes (tests/scoring/runs/test_query_count.py asks for
    # it).
    query_cost_max: int = 1_000_000
    query_cost_per_minute: int = 10_000_000
    query_cost_tenant_per_minute: int = 200_000_000
    page_size_max: int = 100
    db_pool_size: int = 10
    # Requests' database work running at once in one API process (anyio's thread pool, 40 by
    # default): on two cores, 40 threads contending for one process's GIL served 20 % fewer
    # deadline-day requests than 8 (bench/deadline_day.py, README's Performance section).
    api_threads: int = 8
    # False behind PgBouncer in transaction mode: psycopg then never prepares a statement on the
    # server, where the next transaction may meet another server connection (infra/SCALING.md).
    db_prepared_statements: bool = True
    auth_cache_seconds: int = 30  # a subject kept while its tenant's data is unchanged; 0: none
    answer_cache_mb: int = 64  # result answers kept per API process (graphql/answers.py); 0: none
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    sign_in_backoff_ms: int = 500  # delay per failure beyond the second, capped at 4 s
    # Outgoing e-mail (notifications); none is sent while smtp_host is unset.
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "jixiao@localhost"
    smtp_starttls: bool = False
    # Files in an S3-compatible bucket (MinIO, OSS, COS, OBS…) instead of the local folder.
    s3_bucket: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str | None = None
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None
    s3_prefix: str = ""
    s3_path_style: bool = False
    s3_server_side_encryption: str | None = None  # e.g. AES256, aws:kms; None = the bucket's
    # Observability (platform/metrics.py, platform/requestid.py): the bearer token a Prometheus
    # scraper sends to /metrics (None: loopback clients only); log lines as JSON or text (None:
    # JSON in production, text elsewhere); the port of a `jixiao worker`'s own /metrics.
    metrics_token: str | None = field(default=None, repr=False)
    log_format: str | None = None
    worker_metrics_port: int = 0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from `JIXIAO_*` variables (the process environment by default)."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(f"JIXIAO_{name}")
            return value if value not in (None, "") else None

        def get_int(name: str, default: int) -> int:
            raw = get(name)
            if raw is None:
                return default
            try:
                return int(raw)
            except ValueError:
                raise SettingsError(f"JIXIAO_{name} must be a whole number, got {raw!r}") from None

        def get_bool(name: str, default: bool) -> bool:
            raw = get(name)
            if raw is None:
                return default
            if raw.lower() in {"1", "true", "yes", "on"}:
                return True
            if raw.lower() in {"0", "false", "no", "off"}:
                return False
            raise SettingsError(f"JIXIAO_{name} must be true or false, got {raw!r}")

        mode = get("ENV") or "development"
        if mode not in _ENVIRONMENTS:
            raise SettingsError(
                f"JIXIAO_ENV must be one of {', '.join(_ENVIRONMENTS)}, got {mode!r}"
            )
        defaults = cls()
        settings = cls(
            env=mode,  # checked against _ENVIRONMENTS above
            data_dir=Path(get("DATA_DIR") or defaults.data_dir),
            database_url=get("DATABASE_URL"),
            migration_database_url=get("MIGRATION_DATABASE_URL"),
            db_app_role=get("DB_APP_ROLE") or defaults.db_app_role,
            redis_url=get("REDIS_URL"),
            queue_namespace=get("QUEUE_NAMESPACE") or defaults.queue_namespace,
            secret_key=get("SECRET_KEY"),
            audit_chain_key=get("AUDIT_CHAIN_KEY"),
            field_key=get("FIELD_KEY"),
            audit_chain_algorithm=get("AUDIT_CHAIN_ALGORITHM"),
            field_cipher=get("FIELD_CIPHER") or defaults.field_cipher,
            portal_dir=Path(get("PORTAL_DIR") or defaults.portal_dir),
            host=get("HOST") or defaults.host,
            port=get_int("PORT", defaults.port),
            graphql_max_depth=get_int("GRAPHQL_MAX_DEPTH", defaults.graphql_max_depth),
            graphql_max_aliases=get_int("GRAPHQL_MAX_ALIASES", defaults.graphql_max_aliases),
            graphql_max_tokens=get_int("GRAPHQL_MAX_TOKENS", defaults.graphql_max_tokens),
            graphql_max_body_bytes=get_int(
                "GRAPHQL_MAX_BODY_BYTES", defaults.graphql_max_body_bytes
            ),
            graphql_import_max_body_bytes=get_int(
                "GRAPHQL_IMPORT_MAX_BODY_BYTES", defaults.graphql_import_max_body_bytes
            ),
            hsts_max_age=get_int("HSTS_MAX_AGE", defaults.hsts_max_age),
            rate_limit_per_minute=get_int("RATE_LIMIT_PER_MINUTE", defaults.rate_limit_per_minute),
            rate_limit_address_per_minute=get_int(
                "RATE_LIMIT_ADDRESS_PER_MINUTE", defaults.rate_limit_address_per_minute
            ),
            rate_limit_tenant_per_minute=get_int(
                "RATE_LIMIT_TENANT_PER_MINUTE", defaults.rate_limit_tenant_per_minute
            ),
            query_cost_max=get_int("QUERY_COST_MAX", defaults.query_cost_max),
            query_cost_per_minute=get_int("QUERY_COST_PER_MINUTE", defaults.query_cost_per_minute),
            query_cost_tenant_per_minute=get_int(
                "QUERY_COST_TENANT_PER_MINUTE", defaults.query_cost_tenant_per_minute
            ),
            db_pool_size=get_int("DB_POOL_SIZE", defaults.db_pool_size),
            api_threads=get_int("API_THREADS", defaults.api_threads),
            db_prepared_statements=get_bool(
                "DB_PREPARED_STATEMENTS", defaults.db_prepared_statements
            ),
            answer_cache_mb=get_int("ANSWER_CACHE_MB", defaults.answer_cache_mb),
            auth_cache_seconds=get_int("AUTH_CACHE_SECONDS", defaults.auth_cache_seconds),
            session_idle_minutes=get_int("SESSION_IDLE_MINUTES", defaults.session_idle_minutes),
            session_absolute_hours=get_int(
                "SESSION_ABSOLUTE_HOURS", defaults.session_absolute_hours
            ),
            sign_in_backoff_ms=get_int("SIGN_IN_BACKOFF_MS", defaults.sign_in_backoff_ms),
            smtp_host=get("SMTP_HOST"),
            smtp_port=get_int("SMTP_PORT", defaults.smtp_port),
            smtp_user=get("SMTP_USER"),
            smtp_password=get("SMTP_PASSWORD"),
            smtp_from=get("SMTP_FROM") or defaults.smtp_from,
            smtp_starttls=get_bool("SMTP_STARTTLS", defaults.smtp_starttls),
            s3_bucket=get("S3_BUCKET"),
            s3_endpoint_url=get("S3_ENDPOINT_URL"),
            s3_region=get("S3_REGION"),
            s3_access_key_id=get("S3_ACCESS_KEY_ID"),
            s3_secret_access_key=get("S3_SECRET_ACCESS_KEY"),
            s3_prefix=get("S3_PREFIX") or defaults.s3_prefix,
            s3_path_style=get_bool("S3_PATH_STYLE", defaults.s3_path_style),
            s3_server_side_encryption=get("S3_SSE"),
            metrics_token=get("METRICS_TOKEN"),
            log_format=get("LOG_FORMAT"),
            worker_metrics_port=get_int("WORKER_METRICS_PORT", defaults.worker_metrics_port),
        )
        settings.check()
        return settings

    @property
    def json_logs(self) -> bool:
        return (self.log_format or ("json" if self.is_production else "text")) == "json"

    def check(self) -> None:
        """Refuse combinations that would be unsafe or cannot work."""
        if self.log_format not in (None, "json", "text"):
            raise SettingsError(f"JIXIAO_LOG_FORMAT must be json or text, got {self.log_format!r}")
        if self.api_threads < 1:
            raise SettingsError(f"JIXIAO_API_THREADS must be 1 or more, got {self.api_threads}")
        if self.s3_bucket is None:
            stray = [
                name
                for name, value in (
                    ("S3_ENDPOINT_URL", self.s3_endpoint_url),
                    ("S3_ACCESS_KEY_ID", self.s3_access_key_id),
                    ("S3_SECRET_ACCESS_KEY", self.s3_secret_access_key),
                    ("S3_PREFIX", self.s3_prefix or None),
                )
                if value is not None
            ]
            if stray:
                raise SettingsError(
                    f"JIXIAO_{stray[0]} is set but JIXIAO_S3_BUCKET is not: "
                    "set the bucket to keep files in S3, or unset the S3 variables"
                )
        elif (self.s3_access_key_id is None) != (self.s3_secret_access_key is None):
            raise SettingsError(
                "JIXIAO_S3_ACCESS_KEY_ID and JIXIAO_S3_SECRET_ACCESS_KEY go together "
                "(or leave both unset to use the machine's credentials)"
            )
        if self.s3_server_side_encryption not in (None, "AES256", "aws:kms"):
            raise SettingsError(
                "JIXIAO_S3_SSE must be AES256 or aws:kms (or unset for the bucket's default), "
                f"got {self.s3_server_side_encryption!r}"
            )
        if self.graphql_max_body_bytes < 1024 or self.graphql_import_max_body_bytes < 1024:
            raise SettingsError(
                "JIXIAO_GRAPHQL_MAX_BODY_BYTES and JIXIAO_GRAPHQL_IMPORT_MAX_BODY_BYTES must be "
                "at least 1024"
            )
        for name, budget in (
            ("QUERY_COST_PER_MINUTE", self.query_cost_per_minute),
            ("QUERY_COST_TENANT_PER_MINUTE", self.query_cost_tenant_per_minute),
        ):
            if 0 < budget < self.query_cost_max:
                raise SettingsError(
                    f"JIXIAO_{name} ({budget}) must be at least JIXIAO_QUERY_COST_MAX "
                    f"({self.query_cost_max}): a request allowed alone must fit in a minute"
                )
        if self.audit_chain_algorithm not in (None, "hmac-sha256", "hmac-sm3"):
            raise SettingsError(
                "JIXIAO_AUDIT_CHAIN_ALGORITHM must be hmac-sha256 or hmac-sm3, "
                f"got {self.audit_chain_algorithm!r}"
            )
        if self.field_cipher not in ("aes256gcm", "sm4gcm"):
            raise SettingsError(
                f"JIXIAO_FIELD_CIPHER must be aes256gcm or sm4gcm, got {self.field_cipher!r}"
            )
        if self.s3_prefix and not self.s3_prefix.endswith("/"):
            raise SettingsError(f"JIXIAO_S3_PREFIX must end with '/', got {self.s3_prefix!r}")
        if self.env == "production":
            if not self.secret_key or len(self.secret_key) < 32:
                raise SettingsError("JIXIAO_SECRET_KEY must be set to 32+ characters in production")
            if self.database_url is None or self.database_url.startswith("sqlite"):
                raise SettingsError("JIXIAO_DATABASE_URL must point to PostgreSQL in production")
            if not self.audit_chain_key or len(self.audit_chain_key) < 32:
                raise SettingsError(
                    "JIXIAO_AUDIT_CHAIN_KEY must be set to 32+ characters in production "
                    "(the audit chain's HMAC key, from the secret store, never in the database)"
                )
            if self.audit_chain_key == self.secret_key:
                raise SettingsError("JIXIAO_AUDIT_CHAIN_KEY must differ from JIXIAO_SECRET_KEY")
            if not self.field_key or len(self.field_key) < 32:
                raise SettingsError(
                    "JIXIAO_FIELD_KEY must be set to 32+ characters in production "
                    "(the key of encrypted fields, from the secret store, never in the database)"
                )
            if self.field_key in (self.secret_key, self.audit_chain_key):
                raise SettingsError("JIXIAO_FIELD_KEY must differ from the other keys")

    def with_changes(self, **changes: object) -> Settings:
        """A copy with some fields replaced (tests and CLI flags)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def secure_cookies(self) -> bool:
        """Cookies carry `Secure` everywhere but on a developer's or test machine."""
        return self.env == "production"

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def effective_database_url(self) -> str:
        """The application's database URL: an SQLite file in the data folder by default."""
        if self.database_url:
            return _normalise_url(self.database_url)
        return f"sqlite:///{(self.data_dir / 'jixiao.sqlite3').resolve()}"

    @property
    def effective_migration_url(self) -> str:
        """The URL migrations run with: the table owner's role (defaults to the app URL)."""
        if self.migration_database_url:
            return _normalise_url(self.migration_database_url)
        return self.effective_database_url

    @property
    def is_postgres(self) -> bool:
        return self.effective_database_url.startswith("postgresql")

    @property
    def storage_dir(self) -> Path:
        return self.data_dir / "storage"

    def effective_secret_key(self) -> str:
        """The signing key; outside production one is generated once into the data folder."""
        return self.secret_key or self._local_key("secret_key")

    def effective_audit_chain_key(self) -> bytes:
        """The audit chain's HMAC key. Production must be given one (`check`); a development or
        test machine gets one generated once into its data folder."""
        if self.audit_chain_key:
            return self.audit_chain_key.encode("utf-8")
        if self.is_production:
            raise SettingsError("JIXIAO_AUDIT_CHAIN_KEY must be set in production")
        return self._local_key("audit_chain_key").encode("utf-8")

    def effective_field_key(self) -> bytes:
        """The field encryption key: given in production, generated once into the data folder
        of a development or test machine."""
        if self.field_key:
            return self.field_key.encode("utf-8")
        if self.is_production:
            raise SettingsError("JIXIAO_FIELD_KEY must be set in production")
        return self._local_key("field_key").encode("utf-8")

    def _local_key(self, name: str) -> str:
        """A key of this machine's data folder, generated at first use (owner-only file)."""
        path = self.data_dir / name
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
            path.chmod(0o600)
        return path.read_text(encoding="utf-8").strip()


def _normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever scheme spelling was given."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
