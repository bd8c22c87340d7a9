package dev.faultline.source;

import com.google.cloud.audit.AuditLog;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import com.google.logging.v2.LogEntry;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A {@link LogEntry} from the API as the JSON an export holds: the protobuf JSON mapping is the
 * format {@code gcloud logging read --format=json} and Cloud Logging sinks write, so
 * {@link LogEntryReader} reads it exactly as it reads a file and a pull can save it verbatim.
 * The default value of every field is left out, as gcloud leaves out severity DEFAULT.
 */
final class ProtoEntryJson {

    /** Audit logs are the only protoPayload Cloud Run writes. */
    private static final TypeRegistry TYPES = TypeRegistry.newBuilder().add(AuditLog.getDescriptor()).build();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().usingTypeRegistry(TYPES)
            .omittingInsignificantWhitespace();

    private ProtoEntryJson() {
    }

    /**
     * One line of UTF-8 JSON (strings escape their newlines). A protoPayload of a type this build
     * does not know is left out, and {@code notes} hears of it: the rest of the entry still counts.
     */
    static byte[] toJson(LogEntry entry, Consumer<String> notes) {
        try {
            return PRINTER.print(entry).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            notes.accept("protoPayload of type " + entry.getProtoPayload().getTypeUrl() + " not understood: read without it");
            try {
                return PRINTER.print(entry.toBuilder().clearProtoPayload()).getBytes(StandardCharsets.UTF_8);
            } catch (InvalidProtocolBufferException again) {
                throw new IllegalStateException("a LogEntry without protoPayload always prints", again);
            }
        }
    }
}
