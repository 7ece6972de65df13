# Builds the server, the simulator and the SPA into one small image.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN bash scripts/build-spa.sh && cargo build --release --locked -p server -p simulator

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/target/release/server /src/target/release/simulator /app/
COPY --from=build /src/frontend/dist /app/dist
COPY --from=build /src/config /app/config
ENV RTP_CONFIG_DIR=/app/config
EXPOSE 8080
CMD ["/app/server"]
