# Qraph's image. The default command serves the API only; docker-compose.yml runs the
# migrations and the workers from this same image with other commands.
ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS deps
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
# The lock pins and hashes every runtime dependency, so pip installs exactly it and fails on
# anything missing. Wheels only: the image needs no compiler.
RUN /opt/venv/bin/pip install --require-hashes --only-binary=:all: -r /tmp/requirements.lock


FROM ${PYTHON_IMAGE}
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    QRAPH_DATA_DIR=/var/lib/qraph
# QRAPH_DATA_DIR is only used when DATABASE_URL and REDIS_URL are unset: `serve` then starts
# embedded PostgreSQL and Redis there (PostgreSQL refuses to run as root, one more reason).
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/qraph qraph \
    && install -d -o qraph -g qraph /var/lib/qraph
COPY --from=deps /opt/venv /opt/venv

WORKDIR /app
COPY alembic.ini pyproject.toml ./
COPY qraph ./qraph
COPY domain ./domain
COPY schema ./schema
COPY resolvers ./resolvers
COPY workers ./workers
COPY migrations ./migrations
# The code stays root-owned and read-only to the app; compile it now, as nobody can later.
RUN python -m compileall -q qraph domain schema resolvers workers migrations

USER qraph
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
# With DATABASE_URL and REDIS_URL set, `serve` applies migrations, loads the backend catalog
# and starts uvicorn; it starts nothing embedded.
CMD ["python", "-m", "qraph", "serve", "--no-worker", "--host", "0.0.0.0", "--port", "8000"]
