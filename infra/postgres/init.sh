#!/usr/bin/env bash
# First-start initialisation of the postgres:15 container (mounted into
# /docker-entrypoint-initdb.d/, so it runs once, on an empty data directory).
#
# Creates the same two roles as `jixiao db create-roles --database jixiao`
# (jixiao/platform/migrate.py: create_roles), plus their passwords:
#   owner  (JIXIAO_DB_OWNER, default jixiao_owner): LOGIN NOSUPERUSER NOCREATEROLE;
#          owns the database and, through `jixiao migrate`, every table.
#   app    (JIXIAO_DB_APP_ROLE, default jixiao_app): LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE
#          NOBYPASSRLS; owns nothing, so FORCE ROW LEVEL SECURITY applies to it.
# and the database (JIXIAO_DB_NAME, default jixiao) owned by the owner, CONNECT granted to the app.
# Table privileges for the app role are granted by `jixiao migrate`, not here.
#
# Idempotent. Values reach SQL through psql variables (\getenv, psql 15+), quoted by psql with
# :"identifier" / :'literal', so passwords never appear on a command line.
#
# The image's entrypoint sources *.sh files that are not executable: keep the shell options to
# the ones it sets itself (-eo pipefail; no -u).
set -eo pipefail

export JIXIAO_DB_NAME="${JIXIAO_DB_NAME:-jixiao}"
export JIXIAO_DB_OWNER="${JIXIAO_DB_OWNER:-jixiao_owner}"
export JIXIAO_DB_APP_ROLE="${JIXIAO_DB_APP_ROLE:-jixiao_app}"
: "${JIXIAO_DB_OWNER_PASSWORD:?JIXIAO_DB_OWNER_PASSWORD must be set}"
: "${JIXIAO_DB_APP_PASSWORD:?JIXIAO_DB_APP_PASSWORD must be set}"
export JIXIAO_DB_OWNER_PASSWORD JIXIAO_DB_APP_PASSWORD

if [ "$JIXIAO_DB_OWNER" = "$JIXIAO_DB_APP_ROLE" ]; then
    echo "init.sh: the owner and the app role must be different roles" >&2
    false
fi

psql --no-psqlrc --set ON_ERROR_STOP=1 \
    --username "${POSTGRES_USER:-postgres}" --dbname postgres <<'SQL'
\getenv dbname JIXIAO_DB_NAME
\getenv owner JIXIAO_DB_OWNER
\getenv owner_password JIXIAO_DB_OWNER_PASSWORD
\getenv app JIXIAO_DB_APP_ROLE
\getenv app_password JIXIAO_DB_APP_PASSWORD

SELECT format('CREATE ROLE %I', :'owner')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') \gexec
ALTER ROLE :"owner" LOGIN NOSUPERUSER NOCREATEROLE PASSWORD :'owner_password';

SELECT format('CREATE ROLE %I', :'app')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app') \gexec
ALTER ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'app_password';

SELECT format('CREATE DATABASE %I OWNER %I', :'dbname', :'owner')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'dbname') \gexec
GRANT CONNECT ON DATABASE :"dbname" TO :"app";
SQL

echo "init.sh: roles ${JIXIAO_DB_OWNER} (owner), ${JIXIAO_DB_APP_ROLE} (app) and database ${JIXIAO_DB_NAME} are ready"
