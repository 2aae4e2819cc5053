"""Schema migrations (Alembic) and the PostgreSQL roles of the two-wall tenancy."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, create_engine, pool, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from jixiao.platform.config import Settings
from jixiao.platform.db import require_all_tables

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"


class MigrationError(RuntimeError):
    """The schema could not be brought up to date, or is unsafe (a tenant table without RLS)."""


def alembic_config(url: str) -> Config:
    """An Alembic config for our migrations folder; no alembic.ini needed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(settings: Settings) -> None:
    """Upgrade to head as the owner role, then grant the app role and check RLS."""
    if not settings.is_postgres:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    url = settings.effective_migration_url
    command.upgrade(alembic_config(url), "head")
    if not settings.is_postgres:
        return
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.begin() as conn:
        grant_app_role(conn, settings.db_app_role)
        problems = rls_problems(conn)
    engine.dispose()
    if problems:
        raise MigrationError("row-level security is incomplete: " + "; ".join(problems))


def tenant_tables() -> list[str]:
    """Every table of the model that carries a tenant_id column."""
    require_all_tables()

    return sorted(t.name for t in SQLModel.metadata.sorted_tables if "tenant_id" in t.columns)


def grant_app_role(conn: Connection, role: str) -> None:
    """Grant the app role what it needs: DML, but only INSERT/SELECT on append-only tables,
    SELECT on tables only our SECURITY DEFINER functions write, and EXECUTE on those functions
    (`jixiao_*`, e.g. the retention purge: the one way old audit rows are removed)."""
    require_all_tables()

    quoted = conn.dialect.identifier_preparer.quote(role)
    conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {quoted}"))
    for table in SQLModel.metadata.sorted_tables:
        name = conn.dialect.identifier_preparer.quote(table.name)
        conn.execute(text(f"REVOKE ALL ON {name} FROM {quoted}"))
        if table.info.get("definer_writes"):
            rights = "SELECT"
        elif table.info.get("append_only"):
            rights = "SELECT, INSERT"
        else:
            rights = "SELECT, INSERT, UPDATE, DELETE"
        conn.execute(text(f"GRANT {rights} ON {name} TO {quoted}"))
    conn.execute(text(f"GRANT SELECT ON alembic_version TO {quoted}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}"))
    functions = conn.execute(
        text(
            "SELECT p.oid::regprocedure::text FROM pg_proc p"
            " JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = 'public' AND p.prosecdef AND p.proname LIKE 'jixiao\\_%'"
        )
    ).scalars()
    for signature in functions:
        conn.execute(text(f"GRANT EXECUTE ON FUNCTION {signature} TO {quoted}"))


def rls_problems(conn: Connection) -> list[str]:
    """What is missing for RLS on each tenant table (empty when every table is protected)."""
    rows = conn.execute(
        text(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,"
            " (SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname"
            "  AND p.schemaname = 'public') AS policies"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind = 'r' AND EXISTS ("
            "  SELECT 1 FROM information_schema.columns col WHERE col.table_schema = 'public'"
            "  AND col.table_name = c.relname AND col.column_name = 'tenant_id')"
        )
    ).all()
    found = {row[0]: row for row in rows}
    problems = []
    for table in sorted(set(found) | set(tenant_tables())):
        row = found.get(table)
        if row is None:
            problems.append(f"{table}: table missing")
            continue
        if not row[1]:
            problems.append(f"{table}: RLS not enabled")
        if not row[2]:
            problems.append(f"{table}: RLS not forced")
        if not row[3]:
            problems.append(f"{table}: no policy")
    return problems


def create_roles(admin_url: str, *, owner: str, app: str, database: str | None = None) -> list[str]:
    """Create the owner and app roles (idempotent) as a superuser; returns what was done.

    The owner role owns the tables and runs migrations; the app role owns nothing, is not a
    superuser and cannot bypass row-level security.
    """
    import psycopg
    from psycopg import sql

    done: list[str] = []
    url = make_url(admin_url).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as conn:
        # Roles are cluster-wide: serialise concurrent callers (parallel test workers).
        conn.execute("SELECT pg_advisory_lock(724101)")
        for role, attrs in (
            (owner, "LOGIN NOSUPERUSER NOCREATEROLE"),
            (app, "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS"),
        ):
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
            verb = "ALTER" if exists else "CREATE"
            conn.execute(sql.SQL(f"{verb} ROLE {{}} {attrs}").format(sql.Identifier(role)))
            done.append(f"{verb.lower()}d role {role}")
        if database:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
            ).fetchone()
            if not exists:
                conn.execute(
                    sql.SQL("CREATE DATABASE {} OWNER {}").format(
                        sql.Identifier(database), sql.Identifier(owner)
                    )
                )
                done.append(f"created database {database} owned by {owner}")
            conn.execute(
                sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                    sql.Identifier(database), sql.Identifier(app)
                )
            )
    return done
