# faultline in a container (README "Scheduled report": a Cloud Run Job). Build the jar first:
#   mvn -B package -DskipTests && docker build -t faultline .
# The ENTRYPOINT carries the same start-up settings as ./faultline for short runs (docs/performance.md):
# SerialGC, C1 only, and an application class-data archive made by a training triage at build time.
FROM eclipse-temurin:17-jre
COPY target/faultline.jar /opt/faultline/faultline.jar
COPY samples/netra-staging-2025-09-15-db-timeout.json /tmp/training.json
# the training triage exits 4 (it finds the sample's failures); what counts is that the archive was written
RUN java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit=/opt/faultline/faultline.jsa \
        -jar /opt/faultline/faultline.jar triage /tmp/training.json --quiet --format json --output /dev/null; \
    test -s /opt/faultline/faultline.jsa && rm /tmp/training.json
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=/opt/faultline/faultline.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-jar", "/opt/faultline/faultline.jar"]
