# The Kasane app image (the deployment issue adds health checks and a projector service).
# Front-end assets come from the npm registry, pinned by package-lock.json.
FROM node:20-slim AS assets
WORKDIR /assets
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY domain ./domain
COPY projections ./projections
COPY web ./web
COPY --from=assets /assets/node_modules/htmx.org/dist/htmx.min.js ./web/static/vendor/htmx.min.js
RUN pip install --no-cache-dir .
ENV KASANE_DATABASE_URL=sqlite:////data/kasane.db
EXPOSE 8000
CMD ["kasane", "serve", "--host", "0.0.0.0"]
