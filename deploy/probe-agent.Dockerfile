# syntax=docker/dockerfile:1
# Image of the Vantage probe-agent. Build context: the repository root, e.g.
#   docker build -f deploy/probe-agent.Dockerfile -t vantage/probe-agent .

# Build stage: the module and the modules it depends on, tests skipped (CI runs them);
# the Maven repository is a BuildKit cache so rebuilds do not download again.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -pl probe-agent -am package -DskipTests

# Run stage: a JRE, the application jar and its dependencies (the jar's manifest lists lib/*.jar).
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app vantage \
    && mkdir -p /var/lib/vantage && chown vantage /var/lib/vantage
WORKDIR /app
COPY --from=build /src/probe-agent/target/lib/ lib/
COPY --from=build /src/probe-agent/target/vantage-probe-agent.jar vantage-probe-agent.jar
USER vantage
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/vantage-probe-agent.jar"]
