"""A minimal app for the UI tests when the API's own factory (api.app) is not there: the view router over an
embedded store opened from the settings (EUSEC_DATA_DIR)."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from eusec.errors import EusecError


def create_app() -> FastAPI:
    from eusec.api.view import router
    from eusec.graph.factory import open_store

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.store = open_store(backend="embedded", read_only=True)
        yield
        app.state.store.close()

    app = FastAPI(lifespan=lifespan)
    app.include_router(router)

    @app.exception_handler(EusecError)
    async def eusec_error(_: Request, exc: EusecError) -> JSONResponse:
        return JSONResponse(exc.to_dict(), status_code=exc.status)

    return app
