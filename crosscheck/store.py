"""The run store: what earlier runs read and extracted, so a re-run re-reads only what changed.

One SQLite file (standard library; ``store.sqlite`` in the reports folder by
default). It holds:

- ``documents``: per document key (a hash of the document as read: id, text
  and metadata, the sidecar entry included) and extraction version, the
  article's summary, the problems met cleaning it and its claims. The
  extraction version is the rules hash and a hash of crosscheck's own code
  (``extraction_version``): a document whose key and version are stored is not
  cleaned or extracted again; when the rules or crosscheck change, every
  lookup misses and everything is re-extracted.
- ``clusters`` and ``conflicts`` of the latest run (conflicts with the
  reviewers' verdicts as applied), for queries outside crosscheck.
- ``memory``: what the latest run's clustering judged (pairmemory.py), so
  the next run judges only pairs whose claims are new or changed.

Clustering and checking always run over every claim of the run, stored or
new, with judged pairs looked up: that is what makes an incremental run equal
a full one (same cluster ids, conflict ids and verdicts), and lets new claims
join old events.

Nothing is written until a run has read at least one article; writes are
transactions, so a run killed half-way leaves the store as it was or with
complete batches, never half-written. Rows of other extraction versions are
dropped when a run completes, so the file does not grow with every rule edit.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from .claim import Claim
from .errors import CrosscheckError, ExitCode
from .models import ArticleInfo, InputProblem, Model
from .pairmemory import PairMemory
from .result import Run

STORE_NAME = "store.sqlite"
SCHEMA_VERSION = "2"
_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS documents (
        doc_key TEXT NOT NULL,
        version TEXT NOT NULL,
        article_id TEXT NOT NULL,
        result TEXT NOT NULL,
        PRIMARY KEY (doc_key, version)
    )""",
    "CREATE TABLE IF NOT EXISTS clusters (id TEXT PRIMARY KEY, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS conflicts (id TEXT PRIMARY KEY, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS memory (version TEXT NOT NULL, body BLOB NOT NULL)",
]


@cache
def _code_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def extraction_version(rules_hash: str) -> str:
    """What stored claims were extracted with: the rules and crosscheck's own code, so neither a rule
    edit nor an upgrade is answered with claims an older extractor made."""
    return f"{rules_hash}-{_code_hash()}"


class StoreError(CrosscheckError):
    """The run store cannot be opened, read or written."""

    exit_code = ExitCode.OUTPUT


class DocResult(Model):
    """What cleaning and extracting one document gave: its summary (None when nothing was left of it),
    the problems met and the claims."""

    key: str
    article: ArticleInfo | None = None
    problems: list[InputProblem] = []
    claims: list[Claim] = []


class Store:
    """One store file; open with ``Store(path)``, close with ``close()`` or a ``with`` block."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None

    def _db(self, create: bool = True) -> sqlite3.Connection | None:
        """The connection, opened on first use; reading a store that does not exist creates nothing."""
        if self._conn is not None:
            return self._conn
        if not create and not self.path.exists():
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                for statement in _SCHEMA:
                    conn.execute(statement)
                row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                if row is None:
                    conn.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
                elif row[0] != SCHEMA_VERSION:
                    raise StoreError(f"{self.path}: store schema {row[0]}, this crosscheck writes {SCHEMA_VERSION}",
                                     "delete the store file (it is a cache of runs), or run with --full")
        except (sqlite3.Error, OSError) as e:
            raise StoreError(f"{self.path}: cannot open the run store: {e}",
                             "check the path; the store is an SQLite file (delete it to start afresh)") from e
        self._conn = conn
        return conn

    @classmethod
    def in_folder(cls, folder: Path | str) -> Store:
        return cls(Path(folder) / STORE_NAME)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def lookup(self, keys: Sequence[str], version: str) -> dict[str, DocResult]:
        """The stored results among ``keys`` for this extraction version."""
        found: dict[str, DocResult] = {}
        db = self._db(create=False)
        if db is None:
            return found
        try:
            for start in range(0, len(keys), 500):  # SQLite caps the number of bound parameters
                chunk = list(keys[start:start + 500])
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT doc_key, result FROM documents WHERE version = ? AND doc_key IN ({marks})",
                    [version, *chunk]).fetchall()
                for key, body in rows:
                    found[key] = DocResult.model_validate_json(body)
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot read the run store: {e}", "run with --full, or delete it") from e
        except ValidationError as e:
            raise StoreError(f"{self.path}: a stored document does not read back: {e.errors()[0]['msg']}",
                             "the store is from another crosscheck version; delete it or run with --full") from e
        return found

    def save(self, results: Sequence[DocResult], version: str) -> None:
        """Store a batch of results in one transaction."""
        rows = [(r.key, version, r.article.id if r.article else "", r.model_dump_json()) for r in results]
        db = self._db()
        assert db is not None
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?)", rows)
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot write the run store: {e}", "check the disk and the path") from e

    def save_run(self, run: Run, version: str, memory: PairMemory | None = None) -> None:
        """Replace the stored events, conflicts and clustering memory with this run's, and drop other
        extraction versions' documents."""
        db = self._db()
        assert db is not None
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.execute("DELETE FROM documents WHERE version != ?", (version,))
                db.execute("DELETE FROM memory")
                if memory is not None:
                    db.execute("INSERT INTO memory VALUES (?, ?)", (version, memory.to_bytes()))
                db.execute("DELETE FROM clusters")
                db.execute("DELETE FROM conflicts")
                db.executemany("INSERT INTO clusters VALUES (?, ?)",
                               [(c.id, c.model_dump_json()) for c in run.clusters])
                db.executemany("INSERT INTO conflicts VALUES (?, ?)",
                               [(c.id, c.model_dump_json()) for c in run.conflicts])
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot write the run store: {e}", "check the disk and the path") from e

    def memory(self, version: str) -> PairMemory | None:
        """What the latest run's clustering judged, if it ran with this extraction version."""
        db = self._db(create=False)
        if db is None:
            return None
        try:
            row = db.execute("SELECT body FROM memory WHERE version = ?", (version,)).fetchone()
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot read the run store: {e}", "run with --full, or delete it") from e
        if row is None:
            return None
        try:
            return PairMemory.from_bytes(row[0])
        except ValueError as e:
            raise StoreError(f"{self.path}: the stored clustering memory does not read back: {e}",
                             "run with --full, or delete the store") from e

    def count(self, version: str) -> int:
        """How many documents are stored for this extraction version."""
        db = self._db(create=False)
        if db is None:
            return 0
        return int(db.execute("SELECT COUNT(*) FROM documents WHERE version = ?", (version,)).fetchone()[0])
