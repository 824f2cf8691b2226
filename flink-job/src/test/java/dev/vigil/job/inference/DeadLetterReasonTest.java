package dev.vigil.job.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.serde.BadRecordException;
import dev.vigil.schemas.serde.CorruptPayloadException;
import dev.vigil.schemas.serde.IncompatibleSchemaException;
import dev.vigil.schemas.serde.NotWireFormatException;
import dev.vigil.schemas.serde.UnknownSchemaIdException;
import dev.vigil.wasm.FrameRejection;
import dev.vigil.wasm.GuestCallException;
import dev.vigil.wasm.GuestDeadlineException;
import dev.vigil.wasm.GuestErrorException;
import dev.vigil.wasm.GuestMemoryException;
import dev.vigil.wasm.GuestTrapException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@link DeadLetterReason} holds every code a dead letter can carry, and the README lists them. */
class DeadLetterReasonTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Z_]+)` \\| ([A-Z]+) \\|");

    @Test
    void everyCodeOfTheOtherModulesIsListed() throws Exception {
        Set<String> codes = new LinkedHashSet<>();
        for (FrameRejection.Reason reason : FrameRejection.Reason.values()) {
            codes.add(DeadLetterReason.of(reason).name());
        }
        List<GuestCallException> guestFaults =
                List.of(
                        new GuestTrapException("g", List.of(), "m", null),
                        new GuestDeadlineException("g", List.of(), "m", null),
                        new GuestMemoryException("g", List.of(), "m", null),
                        new GuestErrorException("g", List.of(), 1, "m"));
        guestFaults.forEach(e -> codes.add(e.reasonCode()));
        // The serde's exceptions are created by its codec only: built here as it builds them.
        codes.add(serde(NotWireFormatException.class, "m").reasonCode());
        codes.add(serde(UnknownSchemaIdException.class, 7, "m", null).reasonCode());
        codes.add(serde(CorruptPayloadException.class, true, "m", null).reasonCode());
        codes.add(serde(CorruptPayloadException.class, false, "m", null).reasonCode());
        codes.add(serde(IncompatibleSchemaException.class, "m").reasonCode());

        Set<String> known =
                Arrays.stream(DeadLetterReason.values())
                        .map(Enum::name)
                        .collect(Collectors.toSet());
        assertThat(known).containsAll(codes);
    }

    @Test
    void theReadmeListsExactlyTheCodes() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String table =
                readme.substring(
                        readme.indexOf("<!-- dead-letter-codes"),
                        readme.indexOf("<!-- /dead-letter-codes -->"));
        Set<String> listed = new TreeSet<>();
        for (String line : table.lines().toList()) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                listed.add(row.group(1));
                assertThat(row.group(2))
                        .as("stage of %s", row.group(1))
                        .isEqualTo(DeadLetterReason.valueOf(row.group(1)).stage().name());
            }
        }
        assertThat(listed)
                .isEqualTo(
                        Arrays.stream(DeadLetterReason.values())
                                .map(Enum::name)
                                .collect(Collectors.toCollection(TreeSet::new)));
    }

    private static BadRecordException serde(
            Class<? extends BadRecordException> type, Object... args) throws Exception {
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (constructor.getParameterCount() == args.length) {
                constructor.setAccessible(true);
                return (BadRecordException) constructor.newInstance(args);
            }
        }
        throw new AssertionError(type + " has no constructor of " + args.length + " parameters");
    }
}
