"""Settings come from JIXIAO_* variables only, and unsafe combinations are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.platform.config import Settings, SettingsError


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
        (
            {"JIXIAO_ENV": "production", "JIXIAO_DATABASE_URL": "postgresql://x/y"},
            "JIXIAO_SECRET_KEY",
        ),
        ({"JIXIAO_ENV": "production", "JIXIAO_SECRET_KEY": "k" * 40}, "PostgreSQL"),
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
