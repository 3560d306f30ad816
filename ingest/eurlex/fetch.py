"""``eusec eurlex fetch CELEX...``: download notices from CELLAR into a local cache, then import them with the
same readers and loader as ``eusec import eurlex``.

* Notices: CELLAR's REST notice service, ``GET {base}/resource/celex/{CELEX}`` with
  ``Accept: application/xml;notice=tree`` and ``Accept-Language: eng`` (the XML tree notice).
* Relations, optionally: the SPARQL endpoint ``{base}/webapi/rdf/sparql`` with :data:`SPARQL_QUERY`, results
  as SPARQL JSON (read by ``sparql.py``).
* Cache: one file per CELEX and kind in the cache folder; a cached file is never fetched again (delete it to
  refresh). A response is written to the cache only after it parses, so a bad answer is never cached.
* Politeness: at least ``min_interval_s`` between requests; retries with exponential back-off on connection
  errors, 429 and 5xx (honouring ``Retry-After``); offline, one line: ``cannot reach CELLAR at ...``.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from pydantic_settings import BaseSettings, SettingsConfigDict

from eusec.errors import InputError, RemoteUnavailableError
from eusec.ingest.eurlex.ids import act_celex
from eusec.ingest.eurlex.notice_xml import parse_notice_xml
from eusec.ingest.eurlex.sparql import parse_sparql

NOTICE_ACCEPT = "application/xml;notice=tree"
SPARQL_ACCEPT = "application/sparql-results+json"
MAX_RESPONSE_BYTES = 50 * 1024 * 1024

#: The relations and metadata of one act, in the variables sparql.py reads. {celex} is a validated CELEX.
SPARQL_QUERY = """PREFIX cdm: <http://publications.europa.eu/ontology/cdm#>
SELECT DISTINCT ?celex ?in_force ?date_document ?date_entry_into_force ?date_end_of_validity ?eli
       ?amends ?amended_by ?repeals ?repealed_by ?based_on ?corrected_by WHERE {{
  ?work cdm:resource_legal_id_celex ?id . FILTER(STR(?id) = "{celex}") BIND(STR(?id) AS ?celex)
  {{ OPTIONAL {{ ?work cdm:resource_legal_in-force ?in_force }}
     OPTIONAL {{ ?work cdm:work_date_document ?date_document }}
     OPTIONAL {{ ?work cdm:resource_legal_date_entry-into-force ?date_entry_into_force }}
     OPTIONAL {{ ?work cdm:resource_legal_date_end-of-validity ?date_end_of_validity }}
     OPTIONAL {{ ?work cdm:resource_legal_eli ?eli }} }}
  UNION {{ ?work cdm:resource_legal_amends_resource_legal/cdm:resource_legal_id_celex ?amends }}
  UNION {{ ?work cdm:resource_legal_amended_by_resource_legal/cdm:resource_legal_id_celex ?amended_by }}
  UNION {{ ?work cdm:resource_legal_repeals_resource_legal/cdm:resource_legal_id_celex ?repeals }}
  UNION {{ ?work cdm:resource_legal_repealed_by_resource_legal/cdm:resource_legal_id_celex ?repealed_by }}
  UNION {{ ?work cdm:resource_legal_based_on_resource_legal/cdm:resource_legal_id_celex ?based_on }}
  UNION {{ ?work cdm:resource_legal_corrected_by_resource_legal/cdm:resource_legal_id_celex ?corrected_by }}
}}"""


class CellarSettings(BaseSettings):
    """``EUSEC_CELLAR_*``: where CELLAR is and how politely to ask it."""

    model_config = SettingsConfigDict(env_prefix="EUSEC_CELLAR_", env_file=".env", extra="ignore")

    url: str = "https://publications.europa.eu"
    min_interval_s: float = 1.0  # at most one request per second
    retries: int = 3
    timeout_s: float = 30.0


@dataclass
class Fetcher:
    """Fetches CELLAR notices into ``cache_dir`` (see the module docstring)."""

    base_url: str
    cache_dir: Path
    min_interval_s: float = 1.0
    retries: int = 3
    timeout_s: float = 30.0
    requests_made: int = 0
    _last: float = 0.0

    @classmethod
    def from_settings(cls, *, cache_dir: Path | None = None, base_url: str | None = None) -> "Fetcher":
        """A fetcher from EUSEC_CELLAR_* (and the data folder for the default cache)."""
        from eusec.settings import get_settings

        s = CellarSettings()
        return cls(
            base_url=(base_url or s.url).rstrip("/"),
            cache_dir=cache_dir or get_settings().data_dir / "eurlex-cache",
            min_interval_s=s.min_interval_s,
            retries=max(1, s.retries),
            timeout_s=s.timeout_s,
        )

    # -- public ---------------------------------------------------------------------------------------
    def fetch_all(self, celexes: list[str], *, sparql: bool = False) -> list[Path]:
        """The cached files for every CELEX (fetching what is missing); InputError for a bad CELEX before
        any request, RemoteUnavailableError (one line) when CELLAR cannot be reached."""
        wanted = []
        for raw in celexes:
            celex = act_celex(raw)
            if celex is None:
                raise InputError(f"not a CELEX number of a legal act: {raw[:40]!r}")
            wanted.append(celex)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        files: list[Path] = []
        with httpx.Client(timeout=self.timeout_s, follow_redirects=True, headers={"User-Agent": "eusec (+eurlex fetch)"}) as client:
            for celex in wanted:
                files.append(self.notice(client, celex))
                if sparql:
                    files.append(self.sparql(client, celex))
        return files

    def notice(self, client: httpx.Client, celex: str) -> Path:
        """The XML tree notice of ``celex`` (from the cache when there)."""
        target = self.cache_dir / f"{_safe(celex)}_tree.xml"
        if target.is_file():
            return target
        url = f"{self.base_url}/resource/celex/{celex}"
        body = self._get(client, url, headers={"Accept": NOTICE_ACCEPT, "Accept-Language": "eng"})
        parse_notice_xml(body, target.name)  # raises InputError on a bad answer: nothing cached
        _write_atomic(target, body)
        return target

    def sparql(self, client: httpx.Client, celex: str) -> Path:
        """The SPARQL JSON result of :data:`SPARQL_QUERY` for ``celex`` (from the cache when there)."""
        target = self.cache_dir / f"{_safe(celex)}_sparql.json"
        if target.is_file():
            return target
        url = f"{self.base_url}/webapi/rdf/sparql"
        body = self._get(
            client, url, headers={"Accept": SPARQL_ACCEPT},
            params={"query": SPARQL_QUERY.format(celex=celex), "format": SPARQL_ACCEPT},
        )
        parse_sparql(body, target.name, "json")
        _write_atomic(target, body)
        return target

    # -- HTTP -----------------------------------------------------------------------------------------
    def _get(self, client: httpx.Client, url: str, *, headers: dict[str, str], params: dict[str, str] | None = None) -> bytes:
        delay = self.min_interval_s or 0.5
        last_error = ""
        for attempt in range(self.retries):
            self._wait_turn()
            try:
                self.requests_made += 1
                response = client.get(url, headers=headers, params=params)
            except httpx.HTTPError as exc:  # connection refused, DNS failure, timeout: maybe transient
                last_error = f"{type(exc).__name__}"
                if attempt + 1 < self.retries:
                    time.sleep(delay * 2**attempt)
                continue
            if response.status_code == 404:
                raise InputError(f"CELLAR has no notice at {url}")
            if response.status_code == 429 or response.status_code >= 500:
                last_error = f"HTTP {response.status_code}"
                if attempt + 1 < self.retries:
                    time.sleep(_retry_after(response) or delay * 2**attempt)
                continue
            if response.status_code != 200:
                raise RemoteUnavailableError(f"CELLAR answered HTTP {response.status_code} for {url}")
            if len(response.content) > MAX_RESPONSE_BYTES:
                raise InputError(f"CELLAR's answer for {url} is larger than {MAX_RESPONSE_BYTES // 2**20} MB, refused")
            return response.content
        raise RemoteUnavailableError(f"cannot reach CELLAR at {self.base_url} (offline?): {last_error} after {self.retries} attempts")

    def _wait_turn(self) -> None:
        """Keep at least ``min_interval_s`` between two requests."""
        wait = self._last + self.min_interval_s - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last = time.monotonic()


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return min(60.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return None


def _safe(celex: str) -> str:
    """A file-name-safe form of a validated CELEX (corrigenda have parentheses)."""
    return celex.replace("(", "_").replace(")", "")


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
