package dev.vigil.schemas.serde;

import io.confluent.kafka.schemaregistry.ParsedSchema;
import io.confluent.kafka.schemaregistry.avro.AvroSchema;
import io.confluent.kafka.schemaregistry.client.SchemaRegistryClient;
import io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one generated Avro type in the Confluent wire format, with Confluent's own
 * registry client. The Kafka and Flink serdes of this package are thin adapters around it.
 *
 * <p>Subjects follow Confluent's default TopicNameStrategy: {@code <topic>-value}. Schema ids and
 * the readers built for them are cached, so the registry is asked once per schema. Thread-safe.
 */
public final class ConfluentAvroCodec<T extends SpecificRecord> {
    /** Attempts at a registry request that failed on the registry's side (HTTP 5xx). */
    private static final int REGISTRY_ATTEMPTS = 4;

    private static final long RETRY_PAUSE_MS = 200;

    private static final int HTTP_CONFLICT = 409;

    private static final int INITIAL_BUFFER = 512;

    private final Class<T> type;
    private final Schema readerSchema;
    private final SpecificData data;
    private final SchemaRegistryClient registry;
    private final SerdeSettings settings;
    private final SpecificDatumWriter<T> writer;
    private final Map<String, Integer> idBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, DatumReader<T>> readerById = new ConcurrentHashMap<>();

    public ConfluentAvroCodec(
            Class<T> type, SchemaRegistryClient registry, SerdeSettings settings) {
        this.type = type;
        this.data = SpecificData.getForClass(type);
        this.readerSchema = data.getSchema(type);
        this.registry = registry;
        this.settings = settings;
        this.writer = new SpecificDatumWriter<>(readerSchema, data);
    }

    /** A codec with a client of its own, built from the settings. */
    public static <T extends SpecificRecord> ConfluentAvroCodec<T> create(
            Class<T> type, SerdeSettings settings) {
        return new ConfluentAvroCodec<>(type, RegistryClients.create(settings), settings);
    }

    /** Confluent's TopicNameStrategy for record values. */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }

    /** Serialises {@code record} for {@code topic}, registering its schema first if configured. */
    public byte[] encode(String topic, T record) {
        int schemaId = schemaIdFor(topic);
        ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BUFFER);
        ByteBuffer header = ByteBuffer.allocate(WireFormat.HEADER_SIZE);
        WireFormat.writeHeader(header, schemaId);
        out.writeBytes(header.array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(record, encoder);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "Cannot encode " + type.getSimpleName() + " for topic '" + topic + "': " + e,
                    e);
        }
        return out.toByteArray();
    }

    /**
     * Parses a wire-format value read from {@code topic}. Bad bytes give a {@link
     * BadRecordException} subclass; an unusable registry gives a {@link RegistryException}.
     */
    public T decode(String topic, byte[] bytes) {
        int schemaId = WireFormat.schemaId(bytes, topic);
        DatumReader<T> reader = readerById.get(schemaId);
        if (reader == null) {
            reader = readerFor(topic, schemaId);
            readerById.put(schemaId, reader);
        }
        BinaryDecoder decoder =
                DecoderFactory.get()
                        .binaryDecoder(
                                bytes,
                                WireFormat.HEADER_SIZE,
                                bytes.length - WireFormat.HEADER_SIZE,
                                null);
        T record;
        try {
            record = reader.read(null, decoder);
        } catch (EOFException e) {
            throw corrupt(true, topic, schemaId, bytes, "it ends before the record does", e);
        } catch (IOException | RuntimeException e) {
            throw corrupt(false, topic, schemaId, bytes, e.toString(), e);
        }
        if (!isEnd(decoder)) {
            throw corrupt(false, topic, schemaId, bytes, "bytes are left after the record", null);
        }
        return record;
    }

    /** The registry id under which this codec writes to {@code topic}. */
    public int schemaIdFor(String topic) {
        String subject = valueSubject(topic);
        Integer cached = idBySubject.get(subject);
        if (cached != null) {
            return cached;
        }
        AvroSchema schema = new AvroSchema(readerSchema);
        // A registry under concurrent registration can fail a request (HTTP 5xx) that succeeds
        // a moment later: retry those, not refusals. Apicurio also answers a registration that
        // raced another one of the same schema with 409 ("already exists"): asking once more
        // returns the id, where an incompatible schema is refused again.
        for (int attempt = 1; ; attempt++) {
            try {
                int id = idOf(subject, schema);
                idBySubject.put(subject, id);
                return id;
            } catch (RestClientException e) {
                boolean serverError = e.getStatus() >= 500;
                boolean raced = e.getStatus() == HTTP_CONFLICT && attempt == 1;
                if ((serverError && attempt < REGISTRY_ATTEMPTS) || raced) {
                    pause(attempt);
                    continue;
                }
                if (serverError) {
                    throw unavailable(
                            "registering " + type.getSimpleName() + " under " + subject, e);
                }
                throw new RegistryException(
                        "REGISTRATION_REFUSED",
                        "The schema registry refused "
                                + type.getSimpleName()
                                + " for subject '"
                                + subject
                                + "' (HTTP "
                                + e.getStatus()
                                + ", error "
                                + e.getErrorCode()
                                + ": "
                                + e.getMessage()
                                + "). If the schema changed, it must stay compatible with the"
                                + " subject's versions; if auto-registration is off, register it"
                                + " first.",
                        e);
            } catch (IOException e) {
                throw unavailable("registering " + type.getSimpleName() + " under " + subject, e);
            }
        }
    }

    private int idOf(String subject, AvroSchema schema) throws IOException, RestClientException {
        if (settings.autoRegister()) {
            return registry.register(subject, schema);
        }
        if (settings.useLatestVersion()) {
            return registry.getLatestSchemaMetadata(subject).getId();
        }
        return registry.getId(subject, schema);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(RETRY_PAUSE_MS * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(
                    "REGISTRY_UNAVAILABLE", "Interrupted while retrying the schema registry", e);
        }
    }

    private DatumReader<T> readerFor(String topic, int schemaId) {
        Schema writerSchema = writerSchema(topic, schemaId);
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new IncompatibleSchemaException(
                    "Record on topic '"
                            + topic
                            + "' was written with schema id "
                            + schemaId
                            + " ("
                            + writerSchema.getFullName()
                            + "), which cannot be read as "
                            + readerSchema.getFullName()
                            + ": "
                            + compatibility.getResult().getIncompatibilities()
                            + ". Was it produced to the wrong topic, or did its producer break"
                            + " compatibility?");
        }
        return new SpecificDatumReader<>(writerSchema, readerSchema, data);
    }

    private Schema writerSchema(String topic, int schemaId) {
        try {
            ParsedSchema parsed = registry.getSchemaById(schemaId);
            if (!(parsed.rawSchema() instanceof Schema avro)) {
                throw new IncompatibleSchemaException(
                        "Record on topic '"
                                + topic
                                + "' names schema id "
                                + schemaId
                                + ", which is a "
                                + parsed.schemaType()
                                + " schema, not Avro.");
            }
            return avro;
        } catch (RestClientException e) {
            if (e.getStatus() == 404) {
                throw new UnknownSchemaIdException(
                        schemaId,
                        "Record on topic '"
                                + topic
                                + "' names schema id "
                                + schemaId
                                + ", which the registry at "
                                + settings.registryUrls()
                                + " does not know. Was it produced against another registry, or"
                                + " was the schema deleted?",
                        e);
            }
            throw unavailable("fetching schema id " + schemaId, e);
        } catch (IOException e) {
            throw unavailable("fetching schema id " + schemaId, e);
        }
    }

    private RegistryException unavailable(String what, Exception cause) {
        return new RegistryException(
                "REGISTRY_UNAVAILABLE",
                "The schema registry at "
                        + settings.registryUrls()
                        + " failed while "
                        + what
                        + ": "
                        + cause
                        + ". Check "
                        + SerdeSettings.REGISTRY_URL
                        + " and that the registry is up.",
                cause);
    }

    private CorruptPayloadException corrupt(
            boolean truncated,
            String topic,
            int schemaId,
            byte[] bytes,
            String what,
            Exception cause) {
        return new CorruptPayloadException(
                truncated,
                "Record on topic '"
                        + topic
                        + "' ("
                        + bytes.length
                        + " bytes, schema id "
                        + schemaId
                        + ") is not a valid "
                        + type.getSimpleName()
                        + ": "
                        + what
                        + ". The producer wrote a damaged or cut-off value.",
                cause);
    }

    private static boolean isEnd(BinaryDecoder decoder) {
        try {
            return decoder.isEnd();
        } catch (IOException e) {
            return false;
        }
    }
}
