# One image for the API (default command), the worker (`node --import tsx worker.ts`) and migrations
# (`node --import tsx scripts/cli.ts migrate`); docker-compose.yml runs all three. There is no build step:
# tsx (a runtime dependency) compiles TypeScript at start, and the worker bundles its workflows at start.

# Production dependencies only. tsx, @temporalio/worker (with @swc/core and webpack, which bundle the
# workflows at worker start) and playwright-core are all in "dependencies", so --omit=dev is enough.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# The officers' console, built once into static files the API serves (api/console.static.ts).
FROM node:20-bookworm-slim AS console
WORKDIR /app/console
COPY console/package.json console/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY console/ ./
RUN npm run build

FROM node:20-bookworm-slim
# What PDF notices need, from Debian only, by the same script as development machines (npm run setup:pdf):
# chromium (driven by playwright-core, never a downloaded build), the CJK and Dai fonts, and the Fandol
# 仿宋/楷体 faces taken out of texlive-lang-chinese. The script fails the build if a font is still missing.
# tini: PID 1 that forwards SIGTERM and reaps Chromium's child processes.
COPY scripts/install-pdf-deps.sh /tmp/install-pdf-deps.sh
RUN apt-get update \
  && bash /tmp/install-pdf-deps.sh \
  && apt-get install -y --no-install-recommends tini ca-certificates \
  && rm -rf /var/lib/apt/lists/* /tmp/install-pdf-deps.sh

ENV NODE_ENV=production \
    APP_MODE=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    CHROMIUM_PATH=/usr/bin/chromium

WORKDIR /app
# Code and dependencies stay owned by root: the service user can read them but not change them.
COPY --from=deps /app/node_modules ./node_modules
COPY . .
COPY --from=console /app/console/dist ./console/dist

# The `node` user (uid 1000) comes with the base image; tsx caches and Chromium profiles go to /tmp and $HOME.
USER node
EXPOSE 3000
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--import", "tsx", "api/server.ts"]
