# The eusec API as a container (used by docker-compose.yml together with the official Neo4j image).
#   docker build -t eusec-api .
#   docker run --rm -p 127.0.0.1:8000:8000 eusec-api            # embedded store, bundled sample
# Two stages: Node only fetches the graph page's JavaScript library; the runtime image is Python alone.

FROM node:20-slim AS js
WORKDIR /src/api/static
COPY api/static/package.json api/static/package-lock.json ./
RUN npm ci --silent --no-audit --no-fund

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# Dependencies first (cached layer), then the code.
COPY pyproject.toml README.md ./
COPY eusec ./eusec
COPY graph ./graph
COPY ingest ./ingest
COPY api ./api
COPY browser ./browser
COPY queries ./queries
COPY samples ./samples
COPY --from=js /src/api/static/node_modules ./api/static/node_modules
# Editable install on purpose: eusec finds queries/, samples/ and graph/schema.yaml relative to its
# source tree (eusec.PROJECT_ROOT), so the package must stay in /app rather than in site-packages.
RUN pip install -e . \
 && useradd --create-home --uid 10001 --user-group eusec \
 && mkdir -p /app/data \
 && chown -R eusec:eusec /app/data

USER eusec
ENV EUSEC_API_HOST=0.0.0.0 \
    EUSEC_DATA_DIR=/app/data
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8000/health', timeout=4)" || exit 1
CMD ["eusec", "up", "--host", "0.0.0.0"]
