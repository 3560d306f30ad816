"""graph.factory.open_store: backend choice and one-line errors when a store cannot be opened."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from eusec.errors import StoreUnavailableError
from eusec.settings import Settings
from eusec.graph.factory import open_store
from eusec.graph.store import GraphStore


def test_embedded_from_settings(tmp_path: Path) -> None:
    store = open_store(Settings(data_dir=tmp_path, store="embedded"))
    try:
        assert isinstance(store, GraphStore) and store.backend == "embedded"
        assert (tmp_path / "eusec.lbug").exists()
    finally:
        store.close()


def test_unknown_backend(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailableError, match="unknown store backend"):
        open_store(Settings(data_dir=tmp_path), backend="sqlite")


def test_neo4j_unreachable_is_unavailable() -> None:
    settings = Settings(neo4j_uri="bolt://127.0.0.1:1", neo4j_password=SecretStr("x"))
    with pytest.raises(StoreUnavailableError) as info:
        open_store(settings, backend="neo4j")
    assert info.value.message == "Neo4j is not reachable at bolt://127.0.0.1:1 (is it running? `eusec neo4j start`)"


def test_read_only_embedded_needs_a_schema(tmp_path: Path) -> None:
    rw = open_store(Settings(data_dir=tmp_path), backend="embedded")
    rw.close()
    ro = open_store(Settings(data_dir=tmp_path), backend="embedded", read_only=True)
    try:
        with pytest.raises(StoreUnavailableError, match="no schema yet"):
            ro.ensure_schema()
    finally:
        ro.close()


def test_the_neo4j_driver_packs_with_its_rust_codec() -> None:
    # neo4j-rust-ext (a dependency): without it the driver packs every row in pure Python, which cost 2/3
    # of a corpus load's CPU and took it from the extraction workers (96 papers: 17.9 s CPU against 4.3 s)
    from neo4j._codec.packstream import v1

    assert v1._rust_pack is not None and v1._rust_unpack is not None


def test_a_corpus_load_opens_the_embedded_store_with_the_ingest_buffer_pool(tmp_path: Path) -> None:
    """`eusec ingest` opens the embedded store with the ingest buffer pool unless the store's own pool is set;
    every other open keeps the store's setting; both default to 0, LadybugDB's default (a bounded pool runs
    full as the store grows)."""
    cases = [
        (Settings(data_dir=tmp_path), {False: 0, True: 0}),
        (Settings(data_dir=tmp_path, embedded_buffer_pool_mb=200), {False: 200, True: 200}),
        (Settings(data_dir=tmp_path, embedded_ingest_buffer_pool_mb=320), {False: 0, True: 320}),
    ]
    for settings, expected in cases:
        for ingest, pool in expected.items():
            store = open_store(settings, backend="embedded", ingest=ingest)
            try:
                assert store.buffer_pool_mb == pool, (settings, ingest)
            finally:
                store.close()
