# syntax=docker/dockerfile:1
# Xinsheng (心声) serving image: CPU only, no training stack (no torch), the int8 model baked in, non-root.
#
#   make model                      # the artefact must exist: models/artifacts/xinsheng-m3e-small-int8/
#   docker build -t xinsheng .
#   docker run -p 8000:8000 -e XINSHENG_API_KEYS='{"<key>": ["admin"]}' -v xinsheng-data:/var/lib/xinsheng/data xinsheng
#
# The server binds 0.0.0.0 here, which it refuses to do without API keys: set XINSHENG_API_KEYS (compose.yaml does).

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---- build: wheels of the project (models/artifacts/ is package data) and of every dependency ----------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY models/ models/
COPY engine/ engine/
COPY service/ service/
COPY training/ training/
# Fail here, not on the first request, when the model was not built before `docker build`.
RUN test -f models/artifacts/xinsheng-m3e-small-int8/model.onnx \
    || { echo "models/artifacts/xinsheng-m3e-small-int8/model.onnx missing: run 'make model' first" >&2; exit 1; }
# No extras: the `train` extra (torch, transformers) is not needed to serve.
RUN pip wheel --wheel-dir /wheels .

# ---- runtime ---------------------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH \
    HF_HUB_OFFLINE=1
# Installed from the build stage's wheels only (no index, no compilers); the wheels are not kept in the image.
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-index --find-links=/wheels xinsheng \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/xinsheng --create-home \
       --shell /usr/sbin/nologin xinsheng \
    && mkdir -p /var/lib/xinsheng/data \
    && chown -R xinsheng:xinsheng /var/lib/xinsheng

# Settings (service/config.py); every one can be overridden at `docker run -e` / in compose.yaml.
# The model folder defaults to the bundled artefact inside the installed package. One worker per core with one
# onnxruntime thread each was the fastest configuration measured (benchmarks/results/tuning.md): set
# XINSHENG_WORKERS to the container's cores.
ENV XINSHENG_DATABASE_URL=sqlite:////var/lib/xinsheng/data/xinsheng.db \
    XINSHENG_MODEL=transformer \
    XINSHENG_WORKERS=2 \
    XINSHENG_ONNX_THREADS=1 \
    XINSHENG_BATCH_MAX_SIZE=32 \
    XINSHENG_BATCH_MAX_WAIT_MS=2 \
    XINSHENG_RATE_LIMIT_PER_MINUTE=6000 \
    XINSHENG_LOG_LEVEL=INFO \
    XINSHENG_LOG_JSON=true

VOLUME ["/var/lib/xinsheng/data"]
WORKDIR /var/lib/xinsheng
USER xinsheng:xinsheng
EXPOSE 8000

# Liveness only (/healthz); no curl in slim images, so Python asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]

CMD ["xinsheng", "serve", "--host", "0.0.0.0", "--port", "8000"]
