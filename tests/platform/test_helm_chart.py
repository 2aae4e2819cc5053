"""The Helm chart (infra/helm/jixiao): linted and rendered by Helm's own Go SDK (helm-python-sdk
binds `helm lint` and `helm template`'s engine through ctypes; no helm binary is needed).

The rendered manifests are read back as YAML and held to what operations rely on: exactly one
scheduler, probes on /healthz and /readyz, requests on every container, the migrate job as a
hook straight to PostgreSQL as the owner, every serving process through PgBouncer without
prepared statements, pools that fit, secrets never in the ConfigMap, and every JIXIAO_* name one
that `Settings` reads.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import helm_python as helm
import pytest
import yaml

from jixiao.platform.config import Settings

CHART = Path(__file__).resolve().parents[2] / "infra" / "helm" / "jixiao"
CI_VALUES: dict[str, Any] = yaml.safe_load((CHART / "ci-values.yaml").read_text("utf-8"))


def render(**overrides: Any) -> list[dict[str, Any]]:
    values = _merged(CI_VALUES, overrides)
    with helm.Chart.load(CHART) as chart:
        manifests = chart.render(values, name="jx", namespace="gov", is_install=True)
    return [
        doc
        for path, text in manifests.items()
        if path.endswith(".yaml")
        for doc in yaml.safe_load_all(text)
        if doc
    ]


def _merged(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out


def one(docs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    found = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind} {name}: {len(found)} rendered"
    return found[0]


def env_of(container: dict[str, Any]) -> dict[str, Any]:
    return {item["name"]: item.get("value", item.get("valueFrom")) for item in container["env"]}


def test_helm_lint_finds_nothing_to_warn_about() -> None:
    report = helm.lint(CHART, CI_VALUES, strict=True)
    assert report["errors"] == []
    assert [m for m in report["messages"] if m["severity"] >= 2] == []  # 2 warning, 3 error


def test_the_processes_and_what_each_needs() -> None:
    docs = render()
    kinds = sorted((d["kind"], d["metadata"]["name"]) for d in docs)
    assert kinds == [
        ("ConfigMap", "jx-jixiao-config"),
        ("ConfigMap", "jx-jixiao-pgbouncer"),
        ("Deployment", "jx-jixiao-api"),
        ("Deployment", "jx-jixiao-pgbouncer"),
        ("Deployment", "jx-jixiao-scheduler"),
        ("Deployment", "jx-jixiao-worker"),
        ("HorizontalPodAutoscaler", "jx-jixiao-api"),
        ("Job", "jx-jixiao-migrate"),
        ("PodDisruptionBudget", "jx-jixiao-api"),
        ("Secret", "jx-jixiao-secrets"),
        ("Service", "jx-jixiao-api"),
        ("Service", "jx-jixiao-pgbouncer"),
    ]
    scheduler = one(docs, "Deployment", "jx-jixiao-scheduler")["spec"]
    assert scheduler["replicas"] == 1
    assert scheduler["strategy"] == {"type": "Recreate"}
    api = one(docs, "Deployment", "jx-jixiao-api")["spec"]
    assert "replicas" not in api  # the HPA owns it
    (container,) = api["template"]["spec"]["containers"]
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    hpa = one(docs, "HorizontalPodAutoscaler", "jx-jixiao-api")["spec"]
    assert hpa["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "jx-jixiao-api",
    }
    for doc in docs:
        if doc["kind"] in ("Deployment", "Job"):
            pod = doc["spec"]["template"]["spec"]
            assert pod["securityContext"]["runAsNonRoot"] is True, doc["metadata"]["name"]
            for c in pod["containers"]:
                assert set(c["resources"]["requests"]) == {"cpu", "memory"}, c["name"]
                assert c["securityContext"]["allowPrivilegeEscalation"] is False


def test_the_migrate_job_runs_first_as_the_owner_straight_to_postgresql() -> None:
    docs = render()
    job = one(docs, "Job", "jx-jixiao-migrate")
    hooks = job["metadata"]["annotations"]
    assert hooks["helm.sh/hook"] == "pre-install,pre-upgrade"
    secret = one(docs, "Secret", "jx-jixiao-secrets")["metadata"]["annotations"]
    assert int(secret["helm.sh/hook-weight"]) < int(hooks["helm.sh/hook-weight"])
    (container,) = job["spec"]["template"]["spec"]["containers"]
    assert container["command"] == ["jixiao", "migrate"]
    env = env_of(container)
    owner = "postgresql://jixiao_owner:$(DB_OWNER_PASSWORD)@postgres.db.svc:5432/jixiao"
    assert env["JIXIAO_MIGRATION_DATABASE_URL"].startswith(owner)
    assert "pgbouncer" not in env["JIXIAO_DATABASE_URL"]
    names = [item["name"] for item in container["env"]]
    assert names.index("DB_OWNER_PASSWORD") < names.index("JIXIAO_MIGRATION_DATABASE_URL")


def test_serving_processes_go_through_pgbouncer_as_the_app_role() -> None:
    docs = render()
    config = one(docs, "ConfigMap", "jx-jixiao-config")["data"]
    assert config["JIXIAO_DB_PREPARED_STATEMENTS"] == "false"
    assert config["JIXIAO_ENV"] == "production"
    for name in ("api", "worker", "scheduler"):
        pod = one(docs, "Deployment", f"jx-jixiao-{name}")["spec"]["template"]["spec"]
        env = env_of(pod["containers"][0])
        assert env["JIXIAO_DATABASE_URL"].startswith(
            "postgresql://jixiao_app:$(DB_APP_PASSWORD)@jx-jixiao-pgbouncer:6432/jixiao"
        )
        assert "JIXIAO_MIGRATION_DATABASE_URL" not in env  # the owner only in the job
    ini = one(docs, "ConfigMap", "jx-jixiao-pgbouncer")["data"]["pgbouncer.ini"]
    assert "pool_mode = transaction" in ini
    assert "jixiao = host=postgres.db.svc port=5432 dbname=jixiao" in ini
    direct = render(pgbouncer={"enabled": False}, database={"maxConnections": 400})
    assert not [d for d in direct if "pgbouncer" in d["metadata"]["name"]]
    api = one(direct, "Deployment", "jx-jixiao-api")["spec"]["template"]["spec"]
    assert "@postgres.db.svc:5432/jixiao" in env_of(api["containers"][0])["JIXIAO_DATABASE_URL"]
    assert one(direct, "ConfigMap", "jx-jixiao-config")["data"][
        "JIXIAO_DB_PREPARED_STATEMENTS"
    ] == ("true")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"pgbouncer": {"enabled": False}}, "turn pgbouncer on"),
        ({"pgbouncer": {"maxClientConn": 50}}, "exceed pgbouncer.maxClientConn (50)"),
        ({"pgbouncer": {"defaultPoolSize": 60}}, "exceed database.maxConnections"),
        ({"worker": {"threads": 20}}, "worker.threads (20) must be at most"),
        ({"storage": {"s3": {"bucket": ""}}}, "storage: set storage.s3.bucket"),
        ({"secrets": {"secretKey": ""}}, "secrets.secretKey (32+ characters)"),
        ({"database": {"host": ""}}, "database.host is required"),
    ],
)
def test_settings_that_cannot_work_are_refused_with_the_reason(
    overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(helm.HelmError, match=re.escape(message)):
        render(**overrides)


@pytest.mark.parametrize(
    "overrides",
    [
        {"scheduler": {"replicas": 2}},  # not a setting: always one
        {"secrets": {"fieldKey": "too-short"}},
        {"config": {"fieldCipher": "des"}},
        {"config": {"extraEnv": {"PATH": "/tmp"}}},
        {"api": {"autoscaling": {"maxReplicas": 0}}},
    ],
)
def test_the_values_schema_refuses_mistakes(overrides: dict[str, Any]) -> None:
    with pytest.raises(helm.HelmValuesError):
        render(**overrides)


def test_secrets_stay_in_the_secret_and_an_existing_one_is_used_as_given() -> None:
    docs = render()
    config_text = yaml.safe_dump(one(docs, "ConfigMap", "jx-jixiao-config"))
    for value in CI_VALUES["secrets"].values():
        assert value not in config_text
    mine = render(secrets={"existingSecret": "jixiao-from-vault", "secretKey": ""})
    assert not [d for d in mine if d["kind"] == "Secret"]
    api = one(mine, "Deployment", "jx-jixiao-api")["spec"]["template"]["spec"]
    key = env_of(api["containers"][0])["JIXIAO_SECRET_KEY"]
    assert key == {"secretKeyRef": {"name": "jixiao-from-vault", "key": "JIXIAO_SECRET_KEY"}}


def test_a_shared_volume_instead_of_a_bucket() -> None:
    docs = render(storage={"s3": {"bucket": ""}, "volume": {"create": True}})
    claim = one(docs, "PersistentVolumeClaim", "jx-jixiao-data")
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    assert claim["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"
    worker = one(docs, "Deployment", "jx-jixiao-worker")["spec"]["template"]["spec"]
    data = next(v for v in worker["volumes"] if v["name"] == "data")
    assert data["persistentVolumeClaim"] == {"claimName": "jx-jixiao-data"}
    assert "JIXIAO_S3_BUCKET" not in one(docs, "ConfigMap", "jx-jixiao-config")["data"]


def test_every_jixiao_variable_is_one_that_settings_reads() -> None:
    source = inspect.getsource(Settings.from_env)
    known = {f"JIXIAO_{name}" for name in re.findall(r'"([A-Z][A-Z0-9_]+)"', source)}
    assert "JIXIAO_DB_PREPARED_STATEMENTS" in known
    docs = render(
        ingress={"enabled": True, "tlsSecretName": "tls"},
        config={"otlpEndpoint": "http://otel:4318", "extraEnv": {"JIXIAO_SMTP_HOST": "smtp"}},
    )
    used: set[str] = set(one(docs, "ConfigMap", "jx-jixiao-config")["data"])
    for doc in docs:
        if doc["kind"] in ("Deployment", "Job"):
            for container in doc["spec"]["template"]["spec"]["containers"]:
                used.update(item["name"] for item in container.get("env", []))
    unknown = sorted(n for n in used if n.startswith("JIXIAO_") and n not in known)
    assert unknown == []
    assert {"OTEL_EXPORTER_OTLP_ENDPOINT", "JIXIAO_SMTP_HOST"} <= used
