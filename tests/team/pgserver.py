"""A throwaway PostgreSQL cluster for the team-store tests (and the bench).

One `PgServer` is one fresh cluster in its own folder directly under /tmp: made with initdb,
listening only on 127.0.0.1 on a free port, superuser `postgres` with a random password, SCRAM
for every login, and optionally TLS with its own CA. When the tests run as root (as in CI) the
server programs run as `nobody`, because PostgreSQL refuses to run as root; that is why the
folder is not pytest's tmp_path (mode 700, owned by root, so `nobody` could not reach it).

    with PgServer() as pg:
        psycopg.connect(pg.superuser_url())
"""

from __future__ import annotations

import glob
import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Any

NOT_INSTALLED = "PostgreSQL is not installed here (no pg_config); the team tests were not run"
MIN_MAJOR = 15
SUPERUSER = "postgres"


def _conninfo(**parts: object) -> str:
    """A libpq key=value string, each value quoted so spaces and quotes survive."""
    out = []
    for key, value in parts.items():
        if value is None:
            continue
        text = str(value).replace("\\", "\\\\").replace("'", "\\'")
        out.append(
            f"{key}='{text}'" if (not text or re.search(r"[\s'\\=]", text)) else f"{key}={text}"
        )
    return " ".join(out)


def _major(bindir: Path) -> int | None:
    try:
        out = subprocess.run(
            [str(bindir / "postgres"), "--version"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"\(PostgreSQL\)\s+(\d+)", out)
    return int(m.group(1)) if m else None


def _find_bindir() -> tuple[Path | None, str]:
    """The server's bin folder, or None and a sentence saying why there is none."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=30
            ).stdout.strip()
            if out:
                candidates.append(Path(out))
        except (OSError, subprocess.SubprocessError):
            pass

    # Debian/Ubuntu: pg_config may come from libpq-dev alone; the server lives here.
    def version_key(p: str) -> tuple[int, ...]:
        ver = Path(p).parent.name
        return tuple(int(x) for x in re.findall(r"\d+", ver)) or (0,)

    for found in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version_key, reverse=True):
        candidates.append(Path(found))
    need = ("initdb", "pg_ctl", "postgres", "psql")
    if not candidates:
        return None, NOT_INSTALLED
    for bindir in candidates:
        if all(os.access(bindir / name, os.X_OK) for name in need):
            major = _major(bindir)
            if major is not None and major >= MIN_MAJOR:
                return bindir, ""
            return None, (
                f"PostgreSQL {MIN_MAJOR} or newer is needed but this machine has {major or 'an unknown version'}; "
                "the team tests were not run"
            )
    return None, (
        "PostgreSQL's server programs (initdb, pg_ctl, postgres, psql) are not installed here; "
        "the team tests were not run"
    )


def require_postgres() -> None:
    """In a test: skip when PostgreSQL is missing, but fail on CI (CI=true)."""
    import pytest

    ok, reason = PgServer.available()
    if ok:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


class PgServer:
    """A fresh PostgreSQL cluster; `start()` makes it on first use, `cleanup()` removes it."""

    def __init__(self, tls: bool = False) -> None:
        bindir, reason = _find_bindir()
        if bindir is None:
            raise RuntimeError(reason)
        self.bindir: Path = bindir
        self.tls = tls
        self.superuser = SUPERUSER
        self.password = secrets.token_urlsafe(24)
        self.host = "127.0.0.1"
        self.port: int | None = None
        self.base: Path | None = None  # the temp folder: socket, log, CA certificate
        self.datadir: Path | None = None
        self.ca_path: Path | None = None
        self.running = False
        self._as: dict[str, Any] = {}  # subprocess user=/group= when we are root
        self._uid: int | None = None
        self._gid: int | None = None
        if os.geteuid() == 0:
            import pwd

            pw = pwd.getpwnam("nobody")
            self._uid, self._gid = pw.pw_uid, pw.pw_gid
            self._as = {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}

    @classmethod
    def available(cls) -> tuple[bool, str]:
        """(True, "") when a PostgreSQL 15+ server can be started here, else (False, why)."""
        bindir, reason = _find_bindir()
        if bindir is None:
            return False, reason
        if os.geteuid() == 0:
            import pwd

            try:
                pwd.getpwnam("nobody")
            except KeyError:
                return False, (
                    "running as root but there is no 'nobody' user to run PostgreSQL as; "
                    "the team tests were not run"
                )
        return True, ""

    # -- context manager ---------------------------------------------------------------------

    def __enter__(self) -> PgServer:
        try:
            self.start()
        except BaseException:
            self.cleanup()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.cleanup()

    # -- making the cluster ------------------------------------------------------------------

    def _own(self, path: Path, mode: int) -> None:
        if self._uid is not None and self._gid is not None:
            os.chown(path, self._uid, self._gid)
        os.chmod(path, mode)

    def _run(self, args: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """A server program, as `nobody` when we are root, from a folder it can read."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        if self._uid is not None:
            env["HOME"] = str(self.base)
        return subprocess.run(
            args,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.base,
            env=env,
            check=False,
            **self._as,
        )

    def _init(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="safetymap-pg-", dir="/tmp"))
        self._own(self.base, 0o755)
        self.datadir = self.base / "data"
        pwfile = self.base / "pw"
        pwfile.write_text(self.password + "\n")
        self._own(pwfile, 0o600)
        done = self._run(
            [
                str(self.bindir / "initdb"),
                "-D",
                str(self.datadir),
                "-U",
                self.superuser,
                f"--pwfile={pwfile}",
                "--auth-local=scram-sha-256",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ]
        )
        pwfile.unlink()
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
        self.port = self._free_port()
        conf = [
            f"listen_addresses = '{self.host}'",
            f"port = {self.port}",
            f"unix_socket_directories = '{self.base}'",
            "password_encryption = 'scram-sha-256'",
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "max_connections = 200",
        ]
        hba = ["local all all scram-sha-256"]
        if self.tls:
            self._make_certs()
            conf += ["ssl = on", "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'"]
            hba += [
                "hostssl all all 127.0.0.1/32 scram-sha-256",
                "hostssl all all ::1/128 scram-sha-256",
                "hostnossl all all 0.0.0.0/0 reject",
                "hostnossl all all ::/0 reject",
            ]
        else:
            hba += ["host all all 127.0.0.1/32 scram-sha-256", "host all all ::1/128 scram-sha-256"]
        with open(self.datadir / "postgresql.conf", "a") as f:
            f.write("\n# safetymap test harness\n" + "\n".join(conf) + "\n")
        (self.datadir / "pg_hba.conf").write_text("\n".join(hba) + "\n")
        # The files we (maybe root) just wrote must stay the server user's own.
        self._own(self.datadir / "pg_hba.conf", 0o600)
        self._own(self.datadir / "postgresql.conf", 0o600)
        self._own(self.datadir, 0o700)

    @staticmethod
    def _free_port() -> int:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            return int(s.getsockname()[1])

    def _make_certs(self) -> None:
        import datetime
        import ipaddress

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

        assert self.base is not None and self.datadir is not None
        now = datetime.datetime.now(datetime.UTC)
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "safetymap test CA")])
        ca_cert = (
            x509.CertificateBuilder()
            .subject_name(ca_name)
            .issuer_name(ca_name)
            .public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
            )
            .sign(ca_key, hashes.SHA256())
        )
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(
                x509.SubjectAlternativeName(
                    [
                        x509.DNSName("localhost"),
                        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                    ]
                ),
                critical=False,
            )
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                critical=False,
            )
            .sign(ca_key, hashes.SHA256())
        )
        pem = serialization.Encoding.PEM
        self.ca_path = self.base / "ca.crt"
        self.ca_path.write_bytes(ca_cert.public_bytes(pem))
        os.chmod(self.ca_path, 0o644)
        crt = self.datadir / "server.crt"
        crt.write_bytes(cert.public_bytes(pem))
        self._own(crt, 0o644)
        keyfile = self.datadir / "server.key"
        fd = os.open(keyfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(
                key.private_bytes(
                    pem,
                    serialization.PrivateFormat.TraditionalOpenSSL,
                    serialization.NoEncryption(),
                )
            )
        self._own(keyfile, 0o600)

    # -- running -----------------------------------------------------------------------------

    def start(self) -> None:
        if self.running:
            return
        if self.datadir is None:
            self._init()
        assert self.base is not None
        log = self.base / "server.log"
        done = self._run(
            [
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-l",
                str(log),
                "-w",
                "-t",
                "60",
                "start",
            ]
        )
        if done.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(
                f"PostgreSQL did not start ({done.returncode}): {done.stderr.strip()}\n{tail}"
            )
        self.running = True

    def stop(self) -> None:
        if not self.running or self.datadir is None:
            return
        done = self._run(
            [str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "fast", "-w", "stop"]
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"PostgreSQL did not stop ({done.returncode}): {done.stderr.strip()}"
            )
        self.running = False

    def restart(self) -> None:
        self.stop()
        self.start()

    def cleanup(self) -> None:
        """Stop the server if it runs and remove its folder."""
        try:
            self.stop()
        finally:
            if self.base is not None:
                shutil.rmtree(self.base, ignore_errors=True)
            self.base = self.datadir = self.ca_path = None
            self.running = False

    # -- connecting --------------------------------------------------------------------------

    def url(
        self, user: str = SUPERUSER, dbname: str = "postgres", password: str | None = None
    ) -> str:
        """A libpq conninfo string over TCP to 127.0.0.1; the password only when given."""
        if self.port is None:
            raise RuntimeError("the server has not been started")
        return _conninfo(
            host=self.host, port=self.port, user=user, dbname=dbname, password=password
        )

    def superuser_url(self, dbname: str = "postgres") -> str:
        return self.url(self.superuser, dbname, self.password)

    def tls_url(
        self, user: str = SUPERUSER, dbname: str = "postgres", password: str | None = None
    ) -> str:
        """Conninfo that checks the server against this cluster's CA (host=localhost, verify-full)."""
        if not self.tls or self.ca_path is None or self.port is None:
            raise RuntimeError("this server was not started with tls=True")
        return _conninfo(
            host="localhost",
            hostaddr=self.host,
            port=self.port,
            user=user,
            dbname=dbname,
            password=password,
            sslmode="verify-full",
            sslrootcert=self.ca_path,
        )

    def create_database(self, name: str) -> str:
        """Create a database owned by the superuser; returns its superuser conninfo."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.superuser_url(), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.superuser_url(name)

    def drop_database(self, name: str) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.superuser_url(), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def kill_connections(self, dbname: str | None = None) -> int:
        """Terminate every client connection (to one database when named) but our own."""
        import psycopg

        with psycopg.connect(self.superuser_url(), autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'"
                " AND (%(db)s::text IS NULL OR datname = %(db)s::text)",
                {"db": dbname},
            ).fetchall()
        return sum(1 for (ok,) in rows if ok)

    def psql(
        self,
        sql: str,
        user: str = SUPERUSER,
        password: str | None = None,
        dbname: str = "postgres",
        timeout: float = 60,
    ) -> subprocess.CompletedProcess[str]:
        """Run the real psql (unaligned, tuples only, stop on the first error) over TCP.

        With no password given, the superuser gets its own; any other user gets none.
        """
        if password is None and user == self.superuser:
            password = self.password
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["PGPASSFILE"] = os.devnull
        env["PGCONNECT_TIMEOUT"] = "10"
        if password is not None:
            env["PGPASSWORD"] = password
        return subprocess.run(
            [
                str(self.bindir / "psql"),
                "-X",
                "-w",
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
                "-f",
                "-",
                self.url(user, dbname),
            ],
            input=sql,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
        )
