# syntax=docker/dockerfile:1
# Inventory Reservation Service. Build:  docker build -t inventory-reservation .
# Run (embedded store, sample data):   docker run --rm -p 5001:5001 inventory-reservation
# Run on MongoDB (a replica set):      docker run --rm -p 5001:5001 -e MONGODB_URI=mongodb://... -e ADMIN_API_KEY=... inventory-reservation

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: all dependencies, compile TypeScript to dist/ ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# No install scripts: the only ones in the tree are a mongod download (mongodb-memory-server, also
# disabled in package.json), a file watcher's native build (jest) and a telemetry ping (@scarf/scarf).
# Nothing the build or the service needs.
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- runtime: production dependencies and dist/ only, as the unprivileged `node` user ----
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# SHUTDOWN_TIMEOUT_SECONDS under Docker's default 10 s stop timeout, so a drain ends before a SIGKILL.
ENV NODE_ENV=production \
    PORT=5001 \
    SHUTDOWN_TIMEOUT_SECONDS=8 \
    SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
COPY --from=build /app/dist ./dist
# The code stays root-owned and read-only to the service.
USER node
EXPOSE 5001
# Liveness: a store that is down makes /health/ready 503, but restarting this container would not mend it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 5001) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (a graceful drain, then exit 0).
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
