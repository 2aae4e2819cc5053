"""Files in an S3-compatible bucket (JIXIAO_S3_*), tested against moto's in-process S3.

The same store contract holds for the local folder and the bucket; with a bucket configured,
evidence, record files and audit archives go to `<prefix><tenant id>/<area>/<name>` objects
(nothing stays on the local disk), downloads stream the object to whoever may read it, and
deletions and retention reach the bucket.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from jixiao.audit.anchors import write_anchor
from jixiao.audit.archives import verify_archive
from jixiao.audit.retention import apply_retention
from jixiao.audit.service import verify_chain
from jixiao.platform.config import Settings, SettingsError
from jixiao.platform.db import Database
from jixiao.platform.storage import FileStore, LocalStore, S3Store, file_store
from jixiao.tenants.models import Tenant
from jixiao.workers.broker import inprocess_worker, setup_broker
from tests.assignments.conftest import Quarter, build_quarter
from tests.assignments.support import ASSIGN, PDF, SAVE, done, gid, upload
from tests.audit.test_retention import _history
from tests.factories import make_tenant

BUCKET = "jixiao-files"
PREFIX = "jinfeng/"
DELETE = """
mutation($id: ID!) { deleteEvidenceFile(id: $id) { report { id } errors { code message } } }"""


@pytest.fixture
def s3() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


@pytest.fixture
def s3_settings(sqlite_settings: Settings, s3: Any) -> Settings:
    return sqlite_settings.with_changes(
        s3_bucket=BUCKET,
        s3_prefix=PREFIX,
        s3_region="us-east-1",
        s3_server_side_encryption="AES256",
    )


@pytest.fixture
def s3_database(s3_settings: Settings) -> Iterator[Database]:
    database = Database(s3_settings)
    with inprocess_worker(setup_broker(s3_settings, database, mode="inprocess")) as drain:
        database.info_drain = drain  # type: ignore[attr-defined]
        yield database
    database.dispose()


def _keys(s3: Any) -> list[str]:
    listed = s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return sorted(item["Key"] for item in listed)


def _local_files(settings: Settings) -> list[Path]:
    """Files kept on the local disk under the storage folder (staging folders aside)."""
    root = settings.storage_dir
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# -- the store contract, on both kinds ----------------------------------------------------------


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FileStore]:
    if request.param == "local":
        yield LocalStore(tmp_path / "storage")
        return
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield S3Store(client, BUCKET, PREFIX, tmp_path / "incoming")


def test_a_store_keeps_reads_and_deletes_a_tenants_file(store: FileStore, tmp_path: Path) -> None:
    tenant, other = uuid.uuid4(), uuid.uuid4()
    source = store.staging(tenant) / "received"
    source.write_bytes(PDF)
    store.put(tenant, "evidence", "a.pdf", source)
    assert not source.exists()  # handed over, not copied
    with store.open(tenant, "evidence", "a.pdf") as handle:
        assert handle.read() == PDF
    assert store.exists(tenant, "evidence", "a.pdf")
    # the same name of another tenant or another area is another file
    assert not store.exists(other, "evidence", "a.pdf")
    assert not store.exists(tenant, "records", "a.pdf")
    with pytest.raises(FileNotFoundError):
        store.open(other, "evidence", "a.pdf")
    store.delete(tenant, "evidence", "a.pdf")
    store.delete(tenant, "evidence", "a.pdf")  # gone already: nothing happens
    assert not store.exists(tenant, "evidence", "a.pdf")


def test_a_store_lists_a_tenants_names_in_an_area_by_prefix(store: FileStore) -> None:
    tenant, other = uuid.uuid4(), uuid.uuid4()
    assert store.names(tenant, "archives", "chain-anchor-") == []
    for owner, area, name in (
        (tenant, "archives", "chain-anchor-000000000002.json"),
        (tenant, "archives", "chain-anchor-000000000001.json"),
        (tenant, "archives", "audit-events-1-2.jsonl.gz"),
        (tenant, "records", "chain-anchor-000000000003.json"),
        (other, "archives", "chain-anchor-000000000004.json"),
    ):
        source = store.staging(owner) / "received"
        source.write_bytes(b"{}")
        store.put(owner, area, name, source)
    assert store.names(tenant, "archives", "chain-anchor-") == [
        "chain-anchor-000000000001.json",
        "chain-anchor-000000000002.json",
    ]


def test_anchors_go_to_the_bucket_and_verification_reads_them_back(
    s3_database: Database, s3: Any
) -> None:
    tenant = make_tenant(s3_database, "西夏区")
    with s3_database.tenant_session(tenant.id) as session:
        anchor = write_anchor(session, file_store(s3_database.settings))
    assert anchor is not None
    assert f"{PREFIX}{tenant.id}/archives/{anchor.file_name}" in _keys(s3)
    with s3_database.tenant_session(tenant.id) as session:
        assert verify_chain(session).anchored_seq == anchor.seq


def test_a_name_with_folder_parts_stays_in_its_tenants_area(
    store: FileStore, tmp_path: Path
) -> None:
    tenant, other = uuid.uuid4(), uuid.uuid4()
    source = store.staging(tenant) / "received"
    source.write_bytes(PDF)
    store.put(tenant, "evidence", f"../../{other}/evidence/x.pdf", source)
    assert store.exists(tenant, "evidence", "x.pdf")
    assert not store.exists(other, "evidence", "x.pdf")
    for bad in ("", ".", "..", "x/..", "/"):
        with pytest.raises(ValueError, match="not a stored file name"):
            store.exists(tenant, "evidence", bad)


def test_the_s3_settings_are_checked_with_the_variable_named() -> None:
    env = {"JIXIAO_S3_ENDPOINT_URL": "http://minio:9000"}
    with pytest.raises(SettingsError, match="JIXIAO_S3_ENDPOINT_URL is set but JIXIAO_S3_BUCKET"):
        Settings.from_env(env)
    with pytest.raises(SettingsError, match="JIXIAO_S3_PREFIX must end with '/'"):
        Settings.from_env({"JIXIAO_S3_BUCKET": BUCKET, "JIXIAO_S3_PREFIX": "jinfeng"})
    with pytest.raises(SettingsError, match="JIXIAO_S3_SSE must be AES256 or aws:kms"):
        Settings.from_env({"JIXIAO_S3_BUCKET": BUCKET, "JIXIAO_S3_SSE": "yes"})
    with pytest.raises(SettingsError, match="go together"):
        Settings.from_env({"JIXIAO_S3_BUCKET": BUCKET, "JIXIAO_S3_ACCESS_KEY_ID": "key"})
    configured = Settings.from_env(
        {
            "JIXIAO_S3_BUCKET": BUCKET,
            "JIXIAO_S3_PREFIX": PREFIX,
            "JIXIAO_S3_ENDPOINT_URL": "http://minio:9000",
            "JIXIAO_S3_PATH_STYLE": "true",
        }
    )
    assert (configured.s3_bucket, configured.s3_prefix, configured.s3_path_style) == (
        BUCKET,
        PREFIX,
        True,
    )
    assert isinstance(file_store(configured), S3Store)
    assert isinstance(file_store(Settings()), LocalStore)


# -- the application with a bucket ---------------------------------------------------------------


@pytest.fixture
def quarter(s3_database: Database) -> Quarter:
    return build_quarter(s3_database)


def _draft_with_file(quarter: Quarter, name: str = "台账.pdf") -> tuple[str, str]:
    office, reporter = quarter.as_("office"), quarter.as_("lt-reporter")
    assigned = done(
        office,
        ASSIGN,
        input={
            "indicatorId": gid("Indicator", quarter.indicators["A2"]),
            "unitIds": [gid("Unit", quarter.units["liangtian"])],
        },
    )
    assignment = assigned["assignments"][0]["id"]
    report = done(reporter, SAVE, input={"assignmentId": assignment, "period": "Q1"})["report"]
    sent = upload(reporter, report["id"], name, PDF)
    assert sent.status_code == 201, sent.text
    return report["id"], sent.json()["id"]


def test_evidence_goes_to_the_bucket_and_back_to_its_readers_only(
    quarter: Quarter, s3: Any
) -> None:
    _report, evidence_id = _draft_with_file(quarter)
    keys = _keys(s3)
    assert len(keys) == 1
    key = keys[0]
    assert key.startswith(f"{PREFIX}{quarter.tenant.id}/evidence/")
    assert key.endswith(".pdf")
    assert "台账" not in key  # a server-chosen name
    head = s3.head_object(Bucket=BUCKET, Key=key)
    assert head["Metadata"]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert head["ServerSideEncryption"] == "AES256"
    assert _local_files(quarter.database.settings) == []  # nothing kept on this machine

    got = quarter.as_("lt-reporter").http.get(f"/files/evidence/{evidence_id}")
    assert got.status_code == 200
    assert got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["cache-control"] == "private, no-store"
    assert "filename*=utf-8''%E5%8F%B0%E8%B4%A6.pdf" in got.headers["content-disposition"]

    # another unit's reporter finds nothing; a bad file leaves nothing in the bucket
    refused = quarter.as_("fd-reporter").http.get(f"/files/evidence/{evidence_id}")
    assert refused.status_code == 404
    bad = upload(quarter.as_("lt-reporter"), _report, "假.pdf", b"MZ\x90\x00 not a pdf")
    assert bad.status_code == 400
    assert _keys(s3) == [key]


def test_deleting_evidence_removes_the_object_and_a_missing_object_is_a_clear_404(
    quarter: Quarter, s3: Any
) -> None:
    report, evidence_id = _draft_with_file(quarter)
    reporter = quarter.as_("lt-reporter")
    (key,) = _keys(s3)
    s3.delete_object(Bucket=BUCKET, Key=key)  # lost behind the application's back
    missing = reporter.http.get(f"/files/evidence/{evidence_id}")
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["message"] == "佐证材料文件已不存在"

    sent = upload(reporter, report, "第二份.pdf", PDF)
    assert sent.status_code == 201, sent.text
    assert len(_keys(s3)) == 1
    deleted = reporter.gql(DELETE, {"id": sent.json()["id"]})["data"]["deleteEvidenceFile"]
    assert deleted["errors"] == []
    assert _keys(s3) == []


def test_retention_archives_to_the_bucket_and_verification_reads_it_back(
    s3_database: Database, s3: Any
) -> None:
    history = _history(s3_database)
    store = file_store(s3_database.settings)
    with s3_database.tenant_session(history.tenant.id) as session:
        run = apply_retention(session, store)
        session.commit()
    keys = _keys(s3)
    assert keys == sorted(
        f"{PREFIX}{history.tenant.id}/archives/{archive.file_name}" for archive in run.archives
    )
    assert _local_files(s3_database.settings) == []
    events = run.archives[0]
    key = f"{PREFIX}{history.tenant.id}/archives/{events.file_name}"
    body = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert hashlib.sha256(body).hexdigest() == events.sha256
    with s3_database.tenant_session(history.tenant.id) as session:
        assert all(verify_archive(session, store, a).ok for a in run.archives)
        s3.put_object(Bucket=BUCKET, Key=key, Body=body + b"\0")  # changed in the bucket
        changed = verify_archive(session, store, events)
        s3.delete_object(Bucket=BUCKET, Key=key)
        gone = verify_archive(session, store, events)
    assert changed.problem == f"归档文件 {events.file_name} 的校验值不符：文件被改动"
    assert gone.problem == f"归档文件 {events.file_name} 缺失"


def test_onboarding_makes_no_local_folders_when_files_are_in_a_bucket(
    s3_database: Database, s3: Any
) -> None:
    tenant = make_tenant(s3_database, "西夏区")  # waits for the provisioning job
    with s3_database.tenant_session(tenant.id) as session:
        assert session.get(Tenant, tenant.id).provisioned_at is not None  # type: ignore[union-attr]
    assert not (s3_database.settings.storage_dir / str(tenant.id)).exists()
