"""Open the configured store backend (``embedded`` LadybugDB or ``neo4j``)."""

from __future__ import annotations

from eusec.errors import StoreUnavailableError
from eusec.settings import Settings, get_settings
from eusec.graph.store import GraphStore

BACKENDS = ("embedded", "neo4j")


def open_store(
    settings: Settings | None = None, *, backend: str | None = None, read_only: bool = False, ingest: bool = False
) -> GraphStore:
    """Open a store: ``backend`` overrides ``settings.store``; ``ingest``: for a corpus load (the embedded
    buffer pool of ``settings.ingest_buffer_pool_mb``).

    Raises StoreUnavailableError with a one-line message when the store cannot be opened or reached
    (embedded file locked by another process, Neo4j down or wrong credentials).
    """
    settings = settings or get_settings()
    name = backend or settings.store
    if name == "embedded":
        from eusec.graph.backends.embedded import EmbeddedStore

        pool = settings.ingest_buffer_pool_mb if ingest else settings.embedded_buffer_pool_mb
        return EmbeddedStore(settings.embedded_path, read_only=read_only, buffer_pool_mb=pool)
    if name == "neo4j":
        from eusec.graph.backends.neo4j import Neo4jStore

        return Neo4jStore(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.neo4j_password.get_secret_value(),
            database=settings.neo4j_database,
        )
    raise StoreUnavailableError(f"unknown store backend {name!r} (choose one of: {', '.join(BACKENDS)})")
