"""The FastAPI application: ``create_app(settings=None, store=None)``.

The store is opened in the lifespan (``graph.factory.open_store``) unless one is injected, kept on
``app.state``, handed to routes by a dependency and closed at shutdown; nothing touches the database at
import time. Every error, whatever its origin, has the one shape of ``EusecError.to_dict()``.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

import eusec
from eusec.api import history, ops, queries, resources, start, view
from eusec.api.deps import StoreHolder
from eusec.api.errors import install_error_handlers
from eusec.api.worker import close_pool
from eusec.errors import StoreUnavailableError
from eusec.settings import Settings, get_settings
from eusec.graph.catalogue import load_catalogue

log = logging.getLogger("eusec.api")

DESCRIPTION = """\
A knowledge graph of EU internal-security files (Council papers, measures, working parties, legal acts,
agencies, information systems, Presidencies), with provenance on every fact.

* Resources: `/measures`, `/acts/{celex}`, `/agencies`, `/working-parties`, `/presidencies`, `/documents`,
  `/search`.
* Measure keys contain `/` and `#` (`5618/20#48`): use `/documents/5618/20/measures/48`, or URL-encode the
  key: `/measures/5618%2F20%2348` (`#` must be `%23`).
* The named query catalogue: `GET /queries`, `GET|POST /queries/{name}`; read-only Cypher: `POST /cypher`.
* Every error: `{"error": {"code", "message", "status", "details"}}`; 503 carries `Retry-After`.
"""


def create_app(settings: Settings | None = None, store: Any | None = None) -> FastAPI:
    """Build the app. ``store``: an open GraphStore to use (tests, ``eusec up``); the caller then owns it."""
    settings = settings or get_settings()
    catalogue = load_catalogue()
    holder = StoreHolder(settings, store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if holder.store is None:
            try:
                holder.open()
            except StoreUnavailableError as exc:
                if settings.store != "neo4j":
                    raise  # an embedded file we cannot open will not fix itself: fail at startup
                log.warning("store not reachable at startup, answering 503 until it is: %s", exc.message)
        try:
            yield
        finally:
            close_pool(app.state)  # the /cypher workers, if any were started
            holder.close()

    app = FastAPI(
        title="eusec",
        version=eusec.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.catalogue = catalogue
    app.state.store_holder = holder
    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
            expose_headers=["Retry-After"],
        )

    app.include_router(start.router)
    app.include_router(ops.router)
    app.include_router(history.router)  # before resources: its paths extend theirs
    app.include_router(resources.router)
    queries.add_query_routes(app, catalogue)
    app.include_router(view.router)
    return app
