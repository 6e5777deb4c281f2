"""Routers: `api` (JSON under /api/v1) and `pages` (the server-rendered site)."""
