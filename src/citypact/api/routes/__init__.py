"""One router per resource under /api."""

from citypact.api.routes import consultations, documents, partnerships, places, stats, visual

ROUTERS = [partnerships.router, places.router, documents.router, consultations.router, stats.router,
           visual.router]
