# The msgstatus apps (ingestor, projector, gateway, poller, CLI) for docker-compose.yml. They run their TypeScript
# through tsx, as on a developer machine: no build step, the same code the tests run.
FROM node:20-bookworm-slim
WORKDIR /app
COPY . .
RUN npm ci --omit=dev --no-audit --no-fund
ENV NODE_ENV=production
USER node
