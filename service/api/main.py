"""Gathers the routers; each route module is thin and exposes `router`."""

from fastapi import APIRouter

from service.api.routes import analyze, customers, events, health, triage

api_router = APIRouter()
api_router.include_router(health.router)
api_router.include_router(analyze.router)
api_router.include_router(events.router)
api_router.include_router(customers.router)
api_router.include_router(triage.router)
