# The eusec API as a container (used by docker-compose.yml together with the official Neo4j image).
#   docker build -t eusec-api .
#   docker run --rm -p 127.0.0.1:8000:8000 eusec-api            # embedded store, bundled sample
# Three stages, the same way scripts/wheel-smoke proves it: Node fetches the graph page's JavaScript library,
# a build stage makes the sdist and the wheel from it (the library becomes package data), and the runtime
# image installs only that wheel (a normal install into site-packages, no source tree, no editable install).

FROM node:20-slim AS js
WORKDIR /src/api/static
COPY api/static/package.json api/static/package-lock.json ./
RUN npm ci --silent --no-audit --no-fund

FROM python:3.11-slim AS wheel
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN pip install build
COPY pyproject.toml README.md ./
COPY eusec ./eusec
COPY graph ./graph
COPY ingest ./ingest
COPY api ./api
COPY browser ./browser
COPY queries ./queries
COPY samples ./samples
COPY --from=js /src/api/static/node_modules ./api/static/node_modules
RUN python -m build --outdir /dist . \
 && python -c "import zipfile, glob; names = zipfile.ZipFile(glob.glob('/dist/*.whl')[0]).namelist(); \
assert 'eusec/api/static/node_modules/cytoscape/dist/cytoscape.min.js' in names, 'cytoscape missing from the wheel'"

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
COPY --from=wheel /dist/*.whl /tmp/
RUN pip install /tmp/eusec-*.whl \
 && rm /tmp/eusec-*.whl \
 && useradd --create-home --uid 10001 --user-group eusec \
 && mkdir -p /data \
 && chown -R eusec:eusec /data

USER eusec
WORKDIR /home/eusec
ENV EUSEC_API_HOST=0.0.0.0 \
    EUSEC_DATA_DIR=/data
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8000/health', timeout=4)" || exit 1
CMD ["eusec", "up", "--host", "0.0.0.0"]
