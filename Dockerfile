# syntax=docker/dockerfile:1
# One image for every Tracey service; docker-compose.yml picks the entry point per service.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc tsconfig.base.json tsconfig.json ./
COPY common/package.json common/
COPY schemas/package.json schemas/
COPY mapping/package.json mapping/
COPY amqp/package.json amqp/
COPY graph/package.json graph/
COPY http-kit/package.json http-kit/
COPY producer-core/package.json producer-core/
COPY producer-cli/package.json producer-cli/
COPY aggregator/package.json aggregator/
COPY dora/package.json dora/
COPY ui/package.json ui/
COPY api/package.json api/
COPY intake/package.json intake/
COPY jenkins-adapter/package.json jenkins-adapter/
COPY webhook-adapter/package.json webhook-adapter/
COPY stack/package.json stack/
COPY testing/package.json testing/
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/common ./common
COPY --from=build --chown=node:node /app/schemas ./schemas
COPY --from=build --chown=node:node /app/mapping ./mapping
COPY --from=build --chown=node:node /app/amqp ./amqp
COPY --from=build --chown=node:node /app/graph ./graph
COPY --from=build --chown=node:node /app/http-kit ./http-kit
COPY --from=build --chown=node:node /app/producer-core ./producer-core
COPY --from=build --chown=node:node /app/producer-cli ./producer-cli
COPY --from=build --chown=node:node /app/aggregator ./aggregator
COPY --from=build --chown=node:node /app/dora ./dora
COPY --from=build --chown=node:node /app/ui/package.json ./ui/package.json
COPY --from=build --chown=node:node /app/ui/dist ./ui/dist
COPY --from=build --chown=node:node /app/api ./api
COPY --from=build --chown=node:node /app/intake ./intake
COPY --from=build --chown=node:node /app/jenkins-adapter ./jenkins-adapter
COPY --from=build --chown=node:node /app/webhook-adapter ./webhook-adapter
# Where the Jenkins adapter's triggers remember what they fired (a volume in docker-compose.yml).
RUN mkdir -p /var/lib/tracey/triggers /var/lib/tracey/adapter-spool /var/lib/tracey/webhook-spool /var/lib/tracey/audit && chown -R node:node /var/lib/tracey
USER node
CMD ["node", "aggregator/dist/main.js"]
