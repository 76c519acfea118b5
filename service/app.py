"""The FastAPI app factory: wires settings, storage, classifier, routers and error handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from models.classifier import Classifier
from service.api.main import api_router
from service.api.problems import install_problem_handlers
from service.config import Settings, get_settings
from service.runtime import Runtime


def create_app(settings: Settings | None = None, classifier: Classifier | None = None) -> FastAPI:
    """Build the app. Tests pass their own settings (e.g. a temp database) and may inject a classifier."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = Runtime.start(settings, classifier)
        app.state.runtime = runtime
        try:
            yield
        finally:
            runtime.stop()

    app = FastAPI(
        title="Xinsheng (心声)",
        version="0.1.0",
        summary="Chinese customer sentiment, emotions and the next best action.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_problem_handlers(app)
    app.include_router(api_router)
    return app
