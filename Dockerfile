# The Kasane app image (the deployment issue adds health checks and a projector service).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY domain ./domain
COPY projections ./projections
COPY web ./web
RUN pip install --no-cache-dir .
ENV KASANE_DATABASE_URL=sqlite:////data/kasane.db
EXPOSE 8000
CMD ["kasane", "serve", "--host", "0.0.0.0"]
