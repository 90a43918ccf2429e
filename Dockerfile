# ninsho on Node 24 LTS. Production runs on PostgreSQL (DATABASE_URL) with NODE_ENV=production; see README
# "Production checklist" for the variables that must be set.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY src ./src
COPY demo ./demo
COPY tsconfig.json biome.json ./
RUN npm ci --no-audit --no-fund && node scripts/build.mjs && npm prune --omit=dev

FROM node:24-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 SEED_DEMO=false NINSHO_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/src/storage/migrations ./src/storage/migrations
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:8080/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Same flags as `npm start` (package.json); the young generation is capped so RSS stays low under load.
CMD ["node", "--enable-source-maps", "--max-semi-space-size=8", "dist/main.mjs"]
