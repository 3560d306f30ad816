"""Typed settings, built once from the environment / .env (prefix ``EUSEC_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from eusec import default_data_dir


class Settings(BaseSettings):
    """All knobs of eusec. Every field can be set as ``EUSEC_<NAME>`` or in a ``.env`` file."""

    model_config = SettingsConfigDict(env_prefix="EUSEC_", env_file=".env", extra="ignore")

    store: Literal["embedded", "neo4j"] = "embedded"
    data_dir: Path = Field(default_factory=default_data_dir, description="Where the embedded database lives.")
    embedded_buffer_pool_mb: int = Field(
        default=0, ge=0, description="Buffer pool of the embedded database, MiB (bounds its memory); 0 = LadybugDB's default."
    )
    embedded_ingest_buffer_pool_mb: int = Field(
        default=0, ge=0,
        description="Buffer pool of the embedded database while `eusec ingest` loads a corpus, MiB, unless "
        "embedded_buffer_pool_mb is set; 0 = LadybugDB's default.",
    )

    @property
    def ingest_buffer_pool_mb(self) -> int:
        """The buffer pool of a corpus load: the store's own setting when given, else the ingest setting.
        Both default to LadybugDB's own (80 % of the RAM, used as needed): a bounded pool runs full as the
        store grows (a checkpoint rewrites the adjacency of the nodes every paper cites), and the engine
        then refuses loads and checkpoints. 320 MiB, the default for a while, was short for one checkpoint
        at 1,000 generated papers (peak RSS ~890 MiB against ~1,020 MiB unbounded)."""
        return self.embedded_buffer_pool_mb or self.embedded_ingest_buffer_pool_mb

    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("eusec-local-pass")
    neo4j_database: str = "neo4j"
    neo4j_http_port: int = 7474
    neo4j_bolt_port: int = 7687
    neo4j_home: Path = Field(default_factory=lambda: default_data_dir() / "neo4j", description="Launcher data folder.")

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_key: SecretStr | None = None  # required for write endpoints; unset = writes refused
    cors_origins: list[str] = Field(default_factory=list)
    query_timeout_s: float = 10.0
    row_cap: int = 1000
    # POST /cypher (untrusted Cypher): see README "Read-only Cypher"
    cypher_enabled: Literal["auto", "open", "key", "off"] = Field(
        "auto", description="auto: open on a loopback address, API key elsewhere; open; key; off.")
    cypher_workers: int = Field(2, ge=1, le=16, description="Worker processes that run /cypher statements.")
    cypher_memory_mb: int = Field(1024, ge=64, description="Memory one /cypher statement may use (MB).")
    cypher_byte_cap: int = Field(4_000_000, ge=1000, description="Most bytes of rows in one /cypher answer.")

    @property
    def embedded_path(self) -> Path:
        """The LadybugDB database file."""
        return self.data_dir / "eusec.lbug"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (built once)."""
    return Settings()
