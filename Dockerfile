# Herald: multi-stage build on Node 24; the runtime image has production dependencies only and runs as a non-root user.

FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles its native addon when no prebuilt binary can be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# --ignore-scripts skips `prepare` (the sources are not copied yet); the addon is built explicitly.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
# `npm run build` also bundles Herald into dist/bundle/herald.mjs (scripts/bundle.mjs): one file loads
# several times faster than the ~1,500 modules it is made of. Only native addons stay in node_modules.
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/bundle ./dist/bundle
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# As `npm start` runs it (package.json), without npm in between to pass on signals; the flag is explained in
# src/observability/heap-tuning.ts.
CMD ["node", "--max-semi-space-size=16", "dist/bundle/herald.mjs"]
