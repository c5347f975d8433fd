"""Backup and restore of the database and the media files (``manage.py backup DIR`` / ``manage.py restore FILE``).

Contract:

- :func:`create_backup` writes ONE archive ``kennisbank-backup-<UTC timestamp>.tar`` (mode 600: it holds password
  hashes) into a directory. Members: ``manifest.json``, the database (``database.sqlite3`` made with SQLite's online
  backup API, or ``database.pgdump`` made with ``pg_dump -Fc``) and ``media.tar.gz`` (everything under
  ``MEDIA_ROOT``). The manifest lists the format, creation time, versions (kennisbank, Django, Wagtail, Python,
  database server), the applied migrations and the size + SHA-256 of every other member. The archive is written
  aside and renamed into place, so a half-written backup never carries the final name.
- :func:`restore_backup` first checks everything (manifest readable, checksums, same database vendor, no
  migrations unknown to this code, the database file loadable, the media archive unpacked into a staging
  directory) and raises :class:`BackupError` naming the problem before touching anything (no temporary
  directory is left behind). Then it replaces the database (SQLite: backup API into the live database;
  PostgreSQL: every current table dropped and the dump loaded in one ``psql --single-transaction``), swaps
  ``MEDIA_ROOT`` for the staged media, applies migrations that are newer than the backup, and leaves rebuilding
  the search index to the caller.
- Other database engines are refused with :class:`BackupError`.
"""

from __future__ import annotations

import hashlib
import io
import json
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"
DB_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why (nothing was changed on restore)."""


@dataclass(frozen=True)
class RestoreReport:
    archive: Path
    created: str
    vendor: str
    media_files: int
    migrated: bool


def _vendor() -> str:
    vendor = connection.vendor
    if vendor not in DB_MEMBER:
        raise BackupError(f"Databank '{vendor}' wordt niet ondersteund voor back-up (enkel SQLite en PostgreSQL).")
    return vendor


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


def _server_version(vendor: str) -> str:
    return sqlite3.sqlite_version if vendor == "sqlite" else str(connection.pg_version)  # type: ignore[attr-defined]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _applied_migrations() -> list[list[str]]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return sorted([app, name] for app, name in loader.applied_migrations)


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump/pg_restore from the active connection's settings."""
    conf = connection.settings_dict
    args = []
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    # The PostgreSQL tools get a minimal environment of their own (found by absolute path in ``_run``): the
    # password and a UTF-8 locale, never the web process's secrets.
    env = {"LC_ALL": "C.UTF-8"}
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    return [*args, "--dbname", str(conf["NAME"])], env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    cmd = [shutil.which(cmd[0]) or cmd[0], *cmd[1:]]
    try:
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(f"{cmd[0]} niet gevonden: installeer de PostgreSQL-clienttools (postgresql-client).") \
            from exc
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} mislukt (code {result.returncode}): {result.stderr.strip()}")


def _dump_database(vendor: str, target: Path) -> None:
    connection.ensure_connection()
    if vendor == "sqlite":
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)
        finally:
            dest.close()
    else:
        args, env = _pg_env()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args], env)


def _dump_media(target: Path) -> int:
    media_root = Path(settings.MEDIA_ROOT)
    count = 0
    with tarfile.open(target, "w:gz") as tar:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                    count += 1
    return count


def create_backup(directory: Path) -> Path:
    """Write a backup archive into ``directory`` (created when missing) and return its path."""
    vendor = _vendor()
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    created = datetime.now(UTC)
    final = directory / f"kennisbank-backup-{created:%Y%m%d-%H%M%S-%f}.tar"
    with tempfile.TemporaryDirectory(prefix="kennisbank-backup-", dir=directory) as tmp:
        work = Path(tmp)
        db_file = work / DB_MEMBER[vendor]
        _dump_database(vendor, db_file)
        media_file = work / MEDIA
        media_count = _dump_media(media_file)
        connection.ensure_connection()
        manifest = {
            "format": FORMAT,
            "created": created.isoformat(),
            "versions": {
                "kennisbank": _version("kennisbank"),
                "django": _version("Django"),
                "wagtail": _version("wagtail"),
                "python": platform.python_version(),
                "database": f"{vendor} {_server_version(vendor)}",
            },
            "database": {"vendor": vendor, "member": db_file.name},
            "media": {"member": MEDIA, "files": media_count},
            "migrations": _applied_migrations(),
            "files": {p.name: {"size": p.stat().st_size, "sha256": _sha256(p)} for p in (db_file, media_file)},
        }
        partial = work / "archive.partial"
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(created.timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=db_file.name)
            tar.add(media_file, arcname=media_file.name)
        partial.chmod(0o600)
        partial.replace(final)
    return final


def _read_manifest(tar: tarfile.TarFile, archive: Path) -> dict:
    try:
        member = tar.extractfile(MANIFEST)
        manifest = json.loads(member.read()) if member else None
    except (KeyError, json.JSONDecodeError) as exc:
        raise BackupError(f"{archive}: geen geldig {MANIFEST} ({exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: onbekend back-upformaat (verwacht format {FORMAT}).")
    return manifest


def _extract_checked(archive: Path, work: Path) -> dict:
    """Extract the archive into ``work`` and verify it; return the manifest."""
    try:
        with tarfile.open(archive, "r:") as tar:
            manifest = _read_manifest(tar, archive)
            for name in manifest.get("files", {}):
                if name not in (manifest["database"]["member"], MEDIA):
                    raise BackupError(f"{archive}: onverwacht bestand '{name}' in het manifest.")
                tar.extract(name, work, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{archive}: kan het archief niet lezen ({exc}).") from exc
    except KeyError as exc:
        raise BackupError(f"{archive}: bestand {exc} uit het manifest ontbreekt in het archief.") from exc
    for name, expected in manifest["files"].items():
        actual = _sha256(work / name)
        if actual != expected["sha256"]:
            raise BackupError(f"{archive}: controlesom van '{name}' klopt niet (beschadigde back-up).")
    return manifest


def _check_compatible(manifest: dict, archive: Path) -> str:
    vendor = _vendor()
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(f"{archive}: back-up van een {manifest['database']['vendor']}-databank, maar deze "
                          f"installatie gebruikt {vendor}.")
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
    if unknown:
        raise BackupError(f"{archive}: de back-up komt van een nieuwere versie (onbekende migraties: "
                          f"{', '.join(unknown[:5])}). Installeer eerst die versie.")
    return vendor


def _prepare_database(vendor: str, source: Path, archive: Path) -> Path | None:
    """Check that the archived database can be loaded, before anything changes; PostgreSQL: the restore script."""
    if vendor == "sqlite":
        try:
            db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                check = db.execute("PRAGMA quick_check").fetchone()
                has_migrations = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                            "name = 'django_migrations'").fetchone()
            finally:
                db.close()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{archive}: de databank in de back-up is beschadigd ({exc}).") from exc
        if not check or check[0] != "ok" or not has_migrations:
            raise BackupError(f"{archive}: de databank in de back-up is beschadigd of leeg.")
        return None
    script = source.with_name("restore.sql")
    try:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--file", str(script),
              str(source)], {"LC_ALL": "C.UTF-8"})
    except BackupError as exc:
        raise BackupError(f"{archive}: de databank in de back-up is beschadigd ({exc}).") from exc
    return script


def _restore_database(vendor: str, source: Path, script: Path | None) -> None:
    if connection.in_atomic_block:
        raise BackupError("Herstellen kan niet binnen een databanktransactie.")
    if vendor == "sqlite":
        connection.ensure_connection()
        src = sqlite3.connect(source)
        try:
            src.backup(connection.connection)
        finally:
            src.close()
    else:
        # The database must end up exactly as in the dump, also without tables that came later (a newer
        # migration's table would make ``migrate`` fail): drop every current table and load the dump in ONE
        # transaction (psql --single-transaction), so a failure leaves the database as it was.
        assert script is not None
        tables = connection.introspection.table_names(include_views=False)
        drop = ("DROP TABLE IF EXISTS " + ", ".join(connection.ops.quote_name(t) for t in tables) + " CASCADE;"
                if tables else "SELECT 1;")
        connection.close()
        args, env = _pg_env()
        _run(["psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set", "ON_ERROR_STOP=1",
              "--command", drop, "--file", str(script), *args], env)


def _stage_media(source: Path, archive: Path) -> Path:
    """Unpack the archived media next to ``MEDIA_ROOT`` (nothing replaced yet); a bad archive leaves nothing."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media_root.parent))
    try:
        fresh.chmod(media_root.stat().st_mode & 0o777 if media_root.is_dir() else 0o755)
        with tarfile.open(source, "r:gz") as tar:
            tar.extractall(fresh, filter="data")
    except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise BackupError(f"{archive}: de mediabestanden in de back-up zijn beschadigd ({exc}).") from exc
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return fresh


def _swap_media(fresh: Path) -> int:
    """Put the staged media in place of ``MEDIA_ROOT`` (two renames)."""
    media_root = Path(settings.MEDIA_ROOT)
    count = sum(1 for p in fresh.rglob("*") if p.is_file())
    old = media_root.with_name(f".{media_root.name}-before-restore")
    if old.exists():
        shutil.rmtree(old)
    if media_root.exists():
        media_root.rename(old)
    fresh.rename(media_root)
    shutil.rmtree(old, ignore_errors=True)
    return count


def verify_backup(archive: Path) -> dict:
    """Run every check :func:`restore_backup` runs first (readable, checksums, vendor, migrations, database
    loadable, media unpackable); change nothing. Returns the manifest; raises :class:`BackupError`."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: bestand niet gevonden.")
    with tempfile.TemporaryDirectory(prefix="kennisbank-verify-") as tmp:
        work = Path(tmp)
        manifest = _extract_checked(archive, work)
        vendor = _check_compatible(manifest, archive)
        _prepare_database(vendor, work / manifest["database"]["member"], archive)
        try:
            with tarfile.open(work / MEDIA, "r:gz") as tar:
                for member in tar:
                    if member.isfile():
                        stream = tar.extractfile(member)
                        while stream is not None and stream.read(1 << 20):
                            pass
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"{archive}: de mediabestanden in de back-up zijn beschadigd ({exc}).") from exc
    return manifest


def restore_backup(archive: Path) -> RestoreReport:
    """Replace database and media with the archive's content (see module docstring). Checks before it changes."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: bestand niet gevonden.")
    with tempfile.TemporaryDirectory(prefix="kennisbank-restore-") as tmp:
        work = Path(tmp)
        manifest = _extract_checked(archive, work)
        vendor = _check_compatible(manifest, archive)
        database = work / manifest["database"]["member"]
        # Everything is checked and staged before the database is touched: a bad archive changes nothing.
        script = _prepare_database(vendor, database, archive)
        fresh = _stage_media(work / MEDIA, archive)
        try:
            _restore_database(vendor, database, script)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        media_files = _swap_media(fresh)
    ContentType.objects.clear_cache()
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        call_command("migrate", interactive=False, verbosity=0)
    return RestoreReport(archive=archive, created=manifest["created"], vendor=vendor, media_files=media_files,
                         migrated=bool(pending))
