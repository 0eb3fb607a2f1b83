# The Kasane image: the web app (`kasane serve`, the default command) and the optional projector
# (`kasane projections follow`), one image for both. See docs/deploy.md.
# Front-end assets come from the npm registry, pinned by package-lock.json: no CDN, nothing vendored.
FROM node:20-slim AS assets
WORKDIR /assets
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1
WORKDIR /app
# Printed documents (web/printing/pdf.py): WeasyPrint lays out with Debian's pango, in Debian's IPA fonts.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-ipafont-gothic fonts-ipafont-mincho \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --home-dir /app kasane \
    && mkdir -p /data \
    && chown kasane /data
COPY pyproject.toml README.md ./
COPY domain ./domain
COPY projections ./projections
COPY web ./web
COPY examples ./examples
COPY --from=assets /assets/node_modules/htmx.org/dist/htmx.min.js ./web/static/vendor/htmx.min.js
# The screens' wording: the gettext catalogs are compiled here (build outputs, docs/translations.md) with the Babel
# that pyproject pins, then the package is built again so that it carries the .mo files.
RUN pip install . \
    && pybabel compile -D messages -d web/i18n/locale \
    && pip install --no-deps --force-reinstall .
USER kasane
# Without a database URL the embedded SQLite store lives on the /data volume; compose sets PostgreSQL.
ENV KASANE_DATABASE_URL=sqlite:////data/kasane.db
VOLUME ["/data"]
EXPOSE 8000
CMD ["kasane", "serve", "--host", "0.0.0.0", "--port", "8000"]
