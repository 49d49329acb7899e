"""The harness itself: a real PostgreSQL 15+, SCRAM passwords through the real psql, TLS."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.team.pgserver import PgServer, require_postgres


def test_server_is_postgresql_15_or_newer_with_the_harness_settings(team_db: str) -> None:
    with psycopg.connect(team_db) as conn:
        version = conn.execute("SELECT version()").fetchone()[0]
        num = int(conn.execute("SHOW server_version_num").fetchone()[0])
        settings = dict(
            conn.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN"
                " ('max_connections', 'fsync', 'listen_addresses', 'password_encryption')"
            ).fetchall()
        )
        db = conn.execute("SELECT current_database()").fetchone()[0]
    assert version.startswith("PostgreSQL ")
    assert num >= 150000, version
    assert settings == {
        "max_connections": "200",
        "fsync": "off",
        "listen_addresses": "127.0.0.1",
        "password_encryption": "scram-sha-256",
    }
    assert db.startswith("t_")


def test_server_runs_as_an_unprivileged_user(pg_server: PgServer) -> None:
    assert pg_server.datadir is not None and pg_server.base is not None
    assert str(pg_server.base).startswith("/tmp/")
    st = os.stat(pg_server.datadir)
    assert st.st_mode & 0o777 == 0o700
    if os.geteuid() == 0:
        import pwd

        assert st.st_uid == pwd.getpwnam("nobody").pw_uid
    else:
        assert st.st_uid == os.geteuid()
    pid = int((pg_server.datadir / "postmaster.pid").read_text().split()[0])
    assert os.stat(f"/proc/{pid}").st_uid != 0


@pytest.fixture
def login_role(pg_server: PgServer) -> Iterator[tuple[str, str]]:
    name = f"r_{uuid.uuid4().hex[:12]}"
    password = "it's a pass word"
    with psycopg.connect(pg_server.superuser_url(), autocommit=True) as conn:
        conn.execute(
            psycopg.sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                psycopg.sql.Identifier(name), psycopg.sql.Literal(password)
            )
        )
    yield name, password
    with psycopg.connect(pg_server.superuser_url(), autocommit=True) as conn:
        conn.execute(psycopg.sql.SQL("DROP ROLE IF EXISTS {}").format(psycopg.sql.Identifier(name)))


def test_real_psql_logs_in_with_a_scram_password(
    pg_server: PgServer, team_db: str, login_role: tuple[str, str]
) -> None:
    name, password = login_role
    dbname = psycopg.conninfo.conninfo_to_dict(team_db)["dbname"]
    done = pg_server.psql(
        "SELECT current_user, current_database();", user=name, password=password, dbname=dbname
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{name}|{dbname}"
    stored = pg_server.psql(f"SELECT rolpassword FROM pg_authid WHERE rolname = '{name}';")
    assert stored.returncode == 0, stored.stderr
    assert stored.stdout.startswith("SCRAM-SHA-256$")
    # The superuser gets its own password by default; ON_ERROR_STOP makes errors exit non-zero.
    assert pg_server.psql("SELECT 1;").stdout.strip() == "1"
    assert pg_server.psql("SELECT nonsense_column;").returncode != 0


def test_a_wrong_or_missing_password_is_refused(
    pg_server: PgServer, login_role: tuple[str, str]
) -> None:
    name, _ = login_role
    wrong = pg_server.psql("SELECT 1;", user=name, password="not the password")
    assert wrong.returncode != 0
    assert "password authentication failed" in wrong.stderr
    missing = pg_server.psql("SELECT 1;", user=name)
    assert missing.returncode != 0
    assert "password" in missing.stderr
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(pg_server.url(name, password="not the password")).close()
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(pg_server.url(password="not the password")).close()
    # The unix socket needs the password too (no trust or peer anywhere in pg_hba).
    assert pg_server.base is not None
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(
            host=str(pg_server.base),
            port=pg_server.port,
            user="postgres",
            dbname="postgres",
            password="not the password",
        ).close()


def test_restart_keeps_the_data(pg_server: PgServer, team_db: str) -> None:
    with psycopg.connect(team_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE kept (v text)")
        conn.execute("INSERT INTO kept VALUES ('still here')")
    pg_server.restart()
    with psycopg.connect(team_db) as conn:
        assert conn.execute("SELECT v FROM kept").fetchall() == [("still here",)]


def test_kill_connections_ends_other_sessions(pg_server: PgServer, team_db: str) -> None:
    dbname = psycopg.conninfo.conninfo_to_dict(team_db)["dbname"]
    victim = psycopg.connect(team_db, autocommit=True)
    try:
        assert pg_server.kill_connections(dbname) == 1
        with pytest.raises(psycopg.OperationalError):
            victim.execute("SELECT 1")
    finally:
        victim.close()


def _write_unrelated_ca(path: Path) -> None:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "an unrelated CA")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


@pytest.fixture
def tls_server() -> Iterator[PgServer]:
    """Its own cluster with TLS, stopped and removed after the test."""
    require_postgres()
    with PgServer(tls=True) as server:
        yield server


def test_tls_verify_full_works_and_plain_tcp_is_rejected(tls_server: PgServer) -> None:
    assert tls_server.ca_path is not None and tls_server.datadir is not None
    key = os.stat(tls_server.datadir / "server.key")
    assert key.st_mode & 0o777 == 0o600
    assert key.st_uid == os.stat(tls_server.datadir).st_uid
    pw = tls_server.password
    base = f"host=localhost port={tls_server.port} user=postgres dbname=postgres password={pw}"
    checked = f"{base} sslmode=verify-full sslrootcert={tls_server.ca_path}"
    for conninfo in (
        checked,
        tls_server.tls_url(password=pw),
        f"{tls_server.superuser_url()} sslmode=verify-full sslrootcert={tls_server.ca_path}",
    ):
        with psycopg.connect(conninfo) as conn:
            assert conn.execute(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
            ).fetchone() == (True,)
    with pytest.raises(psycopg.OperationalError, match="no encryption"):
        psycopg.connect(f"{base} sslmode=disable").close()
    # A CA the server's certificate was not signed by is refused by verify-full.
    other = Path(tls_server.ca_path).with_name("other-ca.crt")
    _write_unrelated_ca(other)
    with pytest.raises(psycopg.OperationalError, match="certificate verify failed"):
        psycopg.connect(f"{base} sslmode=verify-full sslrootcert={other}").close()
    base_dir = tls_server.base
    tls_server.cleanup()
    assert base_dir is not None and not base_dir.exists()
