# The agent as a container: built from this repository, run with the postgres profile (docker-compose.yml).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
COPY processes processes
COPY forms forms
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /opt/rsa rsa \
 && mkdir -p /opt/rsa/data /etc/rsa && chown rsa /opt/rsa/data
WORKDIR /opt/rsa
COPY --from=build /src/target/remote-service-agent.jar agent.jar
COPY jobs jobs
USER rsa
ENV JAVA_OPTS="-Xmx768m" RSA_JOBS=/opt/rsa/jobs
EXPOSE 8080
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /opt/rsa/agent.jar \"$@\"", "--"]
