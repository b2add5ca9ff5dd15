# syntax=docker/dockerfile:1
# One image per service, built from the repository root:
#   docker build --build-arg SERVICE=gateway -t springboard/gateway:dev .
# Targets: runtime (default, production) and dev (Tilt: runs the host-built dist with node --watch).
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
WORKDIR /app
RUN chown node:node /app
USER node

# manifests holds only the lockfile and the workspaces' package.json files (and the CLI's bin, which
# npm links), so the dependency layers below are rebuilt only when these change.
FROM base AS manifests
COPY --chown=node:node . /tmp/context
RUN cd /tmp/context \
 && find . -path ./node_modules -prune -o \( -name package.json -o -name package-lock.json \) -print \
    | grep -v '/node_modules/' | xargs cp --parents -t /app \
 && for bin in libs/*/bin; do [ -d "$bin" ] && cp -r --parents "$bin" /app; done; true

FROM base AS build
COPY --from=manifests /app/ ./
RUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 npm ci
COPY --chown=node:node . .
ARG SERVICE
RUN [ -n "$SERVICE" ] && [ -f "services/$SERVICE/package.json" ] \
 || { echo "set --build-arg SERVICE to one of: $(ls services | tr '\n' ' ')" >&2; exit 1; }
# Compile from source only: output that came in with the context is removed first.
RUN find libs services -name dist -type d -prune -exec rm -rf {} + \
 && npx tsc -b "services/$SERVICE" \
 && node deploy/docker/bundle.mjs "$SERVICE" /tmp/bundle

FROM base AS deps
ARG SERVICE
COPY --from=manifests /app/ ./
RUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 \
    npm ci --omit=dev --workspace "services/$SERVICE"

FROM base AS dev
COPY --from=manifests /app/ ./
RUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 npm ci
COPY --chown=node:node libs ./libs
COPY --chown=node:node services ./services
ARG SERVICE
ENV SERVICE_MAIN=services/${SERVICE}/dist/src/main.js
CMD ["/bin/sh", "-c", "exec node --watch \"$SERVICE_MAIN\""]

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ENV NODE_ENV=production SERVICE_MAIN=services/${SERVICE}/dist/src/main.js
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /tmp/bundle/ ./
USER 1000:1000
CMD ["/bin/sh", "-c", "exec node \"$SERVICE_MAIN\""]
