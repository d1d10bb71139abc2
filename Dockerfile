# Herald: multi-stage build on Node 24; the runtime image holds the bundle and the one native addon it loads,
# and runs as a non-root user.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
# --ignore-scripts: `prepare` would build before the sources are here, and the `node` package's download is not
# needed (this image is Node 24). Nothing compiles: better-sqlite3 ships its Node-API build for each platform.
# The one script wanted, `postinstall`, is run by hand: it applies patches/ (see patches/README.md).
RUN npm ci --ignore-scripts && npx patch-package --error-on-fail
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
# `npm run build` bundles Herald into dist/bundle/herald.mjs (scripts/bundle.mjs): one file loads several
# times faster than the ~1,500 modules it is made of. Two packages stay outside it: better-sqlite3 (its loader,
# lib/ and package.json, and this platform's binary) and liquidjs (whose regex literals the bundle's ASCII check
# refuses); they are all the runtime image takes from node_modules.
RUN npm run build \
 && mkdir -p /runtime/node_modules/better-sqlite3/prebuilds \
 && cp -r node_modules/better-sqlite3/package.json node_modules/better-sqlite3/lib /runtime/node_modules/better-sqlite3/ \
 && cp "node_modules/better-sqlite3/prebuilds/linux-$(node -p process.arch).node" /runtime/node_modules/better-sqlite3/prebuilds/ \
 && cp -r node_modules/liquidjs /runtime/node_modules/liquidjs \
 && cp dist/bundle/herald.mjs /runtime/

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /runtime/node_modules ./node_modules
COPY --from=build /runtime/herald.mjs ./dist/bundle/herald.mjs
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# As `npm start` runs it (package.json), without npm in between to pass on signals; the flag is explained in
# src/observability/heap-tuning.ts. On SIGTERM Herald stops taking requests and lets a publish under way
# finish: docker-compose.yml gives it the time (stop_grace_period).
CMD ["node", "--max-semi-space-size=16", "dist/bundle/herald.mjs"]
