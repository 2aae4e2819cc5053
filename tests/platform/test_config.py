"""Settings come from JIXIAO_* variables only, and unsafe combinations are refused."""

from __future__ import annotations

from pathlib import Path

import anyio.to_thread
import pytest
from starlette.testclient import TestClient

from jixiao.app import create_app
from jixiao.platform.config import Settings, SettingsError
from jixiao.platform.db import Database


def test_defaults_to_an_sqlite_file_in_the_data_folder(tmp_path: Path) -> None:
    settings = Settings.from_env({"JIXIAO_DATA_DIR": str(tmp_path)})
    assert settings.effective_database_url == f"sqlite:///{tmp_path.resolve()}/jixiao.sqlite3"
    assert settings.redis_url is None
    assert not settings.is_postgres


def test_postgres_urls_use_psycopg3() -> None:
    settings = Settings.from_env({"JIXIAO_DATABASE_URL": "postgresql://app@db/jixiao"})
    assert settings.effective_database_url == "postgresql+psycopg://app@db/jixiao"
    assert settings.effective_migration_url == settings.effective_database_url


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"JIXIAO_ENV": "staging"}, "JIXIAO_ENV"),
        ({"JIXIAO_PORT": "eighty"}, "JIXIAO_PORT"),
        ({"JIXIAO_API_THREADS": "0"}, "JIXIAO_API_THREADS must be 1 or more"),
        (
            {"JIXIAO_ENV": "production", "JIXIAO_DATABASE_URL": "postgresql://x/y"},
            "JIXIAO_SECRET_KEY",
        ),
        ({"JIXIAO_ENV": "production", "JIXIAO_SECRET_KEY": "k" * 40}, "PostgreSQL"),
        (
            {
                "JIXIAO_ENV": "production",
                "JIXIAO_SECRET_KEY": "k" * 40,
                "JIXIAO_DATABASE_URL": "postgresql://x/y",
            },
            "JIXIAO_AUDIT_CHAIN_KEY",
        ),
        (
            {
                "JIXIAO_ENV": "production",
                "JIXIAO_SECRET_KEY": "k" * 40,
                "JIXIAO_AUDIT_CHAIN_KEY": "k" * 40,
                "JIXIAO_DATABASE_URL": "postgresql://x/y",
            },
            "must differ",
        ),
        (
            {
                "JIXIAO_ENV": "production",
                "JIXIAO_SECRET_KEY": "k" * 40,
                "JIXIAO_AUDIT_CHAIN_KEY": "a" * 40,
                "JIXIAO_DATABASE_URL": "postgresql://x/y",
            },
            "JIXIAO_FIELD_KEY",
        ),
        (
            {
                "JIXIAO_ENV": "production",
                "JIXIAO_SECRET_KEY": "k" * 40,
                "JIXIAO_AUDIT_CHAIN_KEY": "a" * 40,
                "JIXIAO_FIELD_KEY": "a" * 40,
                "JIXIAO_DATABASE_URL": "postgresql://x/y",
            },
            "JIXIAO_FIELD_KEY must differ",
        ),
    ],
)
def test_bad_settings_name_the_variable(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(environ)


def test_a_development_secret_is_generated_once(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    first = settings.effective_secret_key()
    assert len(first) >= 32
    assert settings.effective_secret_key() == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_the_audit_chain_key_comes_from_the_environment_or_a_development_default(
    tmp_path: Path,
) -> None:
    given = Settings.from_env(
        {"JIXIAO_AUDIT_CHAIN_KEY": "a" * 40, "JIXIAO_DATA_DIR": str(tmp_path)}
    )
    assert given.effective_audit_chain_key() == b"a" * 40
    assert "a" * 40 not in repr(given)
    generated = Settings(env="test", data_dir=tmp_path)
    first = generated.effective_audit_chain_key()
    assert len(first) >= 32
    assert generated.effective_audit_chain_key() == first
    assert (tmp_path / "audit_chain_key").stat().st_mode & 0o777 == 0o600
    with pytest.raises(SettingsError, match="JIXIAO_AUDIT_CHAIN_KEY"):
        Settings(env="production", data_dir=tmp_path).effective_audit_chain_key()


def test_an_api_process_runs_as_many_requests_database_work_at_once_as_set(
    sqlite_settings: Settings,
) -> None:
    """`JIXIAO_API_THREADS`: the thread pool the requests' database work runs in, set when
    the process starts (anyio's default, 40, contended for the GIL on two cores)."""
    assert Settings.from_env({}).api_threads == 8
    settings = sqlite_settings.with_changes(api_threads=3)
    database = Database(settings)
    try:
        with TestClient(create_app(settings, database=database, run_worker=False)) as http:
            limiter = anyio.to_thread.current_default_thread_limiter
            assert http.portal is not None
            assert http.portal.call(lambda: limiter().total_tokens) == 3
    finally:
        database.dispose()
