"""The screening service: a persistent store, an audit trail and an HTTP API over the engine.

The service is a shell around the library core, like the CLI:

``db``         the SQLAlchemy engine and sessions from ``LABORSCREEN_DATABASE_URL``
``models``     the tables: organisations, users, API keys, sessions, list versions,
               rosters and records, screenings, alerts, decisions, the audit trail
``migrations`` Alembic revisions, applied at start-up and by ``laborscreen admin migrate``
``audit``      the append-only, hash-chained audit trail and its verification
``accounts``   organisations, users and API keys (created, revoked, audited)
``auth``       who is calling: API keys and UI sessions to a :class:`~auth.Principal`
``lists``      one screener per process, reloaded when the list store changes
``yente``      FollowTheMoney queries in, yente-shaped results out
``matching``   one query entity screened, with yente's dataset and id filters
``media``      adverse-media claims and their provenance for the API, the UI and alerts
``api``        the FastAPI application and its routes
``bench``      ``laborscreen bench-api``: latency of ``/match`` over loopback

The lists themselves stay in the list store (:mod:`laborscreen.store`); the
service database records the list versions its cases refer to.
"""
