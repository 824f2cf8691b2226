package dev.vigil.wasm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The ABI's import list is written once, as the {@code @WasmExport} methods of the host modules
 * ({@link HostImports}); this holds the page, the SDK and the committed guests to it: {@code
 * docs/guest-abi.md}'s import tables, the {@code extern} blocks of every {@code .rs} file under
 * {@code guests/sdk}, and the function imports of every bundled and test guest binary.
 */
class AbiDeclarationTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Pattern DOC_SECTION = Pattern.compile("^### `(\\w+)`", Pattern.MULTILINE);
    private static final Pattern DOC_ROW =
            Pattern.compile(
                    "^\\| `(\\w+)` \\| `\\(([^)]*)\\)\\s*->\\s*([^`]*)` \\|", Pattern.MULTILINE);
    private static final Pattern RUST_BLOCK =
            Pattern.compile(
                    "#\\[link\\(wasm_import_module = \"(\\w+)\"\\)\\]\\s*extern \"C\""
                            + " \\{([^}]*)\\}");
    private static final Pattern RUST_FN =
            Pattern.compile("fn (\\w+)\\s*\\(([^)]*)\\)\\s*(->\\s*([\\w*]+))?\\s*;");

    /** The declaration, as {@code module.name (params) -> (results)} in Wasm types. */
    private static Map<String, String> declared() {
        Map<String, String> all = new TreeMap<>();
        HostImports.offered().forEach((name, type) -> all.put(name, signature(type)));
        return all;
    }

    @Test
    void declaresTheAbisFunctions() {
        // A smoke check of the declaration itself, so the comparisons below are not vacuous.
        assertThat(declared())
                .containsEntry("wasi_ephemeral_nn.load_by_name", "(i32,i32,i32)->(i32)")
                .containsEntry("vigil_host.emit_detection", "(i32,i32,f32,f32,f32,f32,f32)->(i32)")
                .containsEntry("vigil_host.log", "(i32,i32)->()")
                .containsEntry(
                        "vigil_host.emit_text", "(i32,i32,f32,f32,f32,f32,f32,i32,i32,f32)->(i32)")
                .containsEntry("vigil_host.tensor_copy", "(i32,i32,i32,i32,f32,f32)->(i32)")
                .hasSize(18);
    }

    @Test
    void matchesTheGuestAbiPage() throws IOException {
        String page = Files.readString(MODULE.resolveSibling("docs").resolve("guest-abi.md"));
        Map<String, String> documented = new TreeMap<>();
        Matcher section = DOC_SECTION.matcher(page);
        List<int[]> sections = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        while (section.find()) {
            sections.add(new int[] {section.start(), section.end()});
            names.add(section.group(1));
        }
        for (int i = 0; i < sections.size(); i++) {
            int end = i + 1 < sections.size() ? sections.get(i + 1)[0] : page.length();
            Matcher row = DOC_ROW.matcher(page.substring(sections.get(i)[1], end));
            while (row.find()) {
                String params =
                        Arrays.stream(row.group(2).split(","))
                                .map(String::trim)
                                .filter(p -> !p.isEmpty())
                                .map(p -> p.substring(p.indexOf(':') + 1).trim())
                                .collect(Collectors.joining(","));
                String results = row.group(3).trim();
                documented.put(
                        names.get(i) + "." + row.group(1),
                        "(" + params + ")->(" + ("()".equals(results) ? "" : results) + ")");
            }
        }
        assertThat(documented).isEqualTo(declared());
    }

    @Test
    void matchesTheSdksImports() throws IOException {
        Map<String, String> imported = new TreeMap<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(MODULE.resolve("guests/sdk"))) {
            sources = files.filter(f -> f.toString().endsWith(".rs")).sorted().toList();
        }
        assertThat(sources).as("the SDK's Rust sources").isNotEmpty();
        for (Path source : sources) {
            Matcher block = RUST_BLOCK.matcher(Files.readString(source));
            while (block.find()) {
                Matcher fn = RUST_FN.matcher(block.group(2));
                while (fn.find()) {
                    String params =
                            Arrays.stream(fn.group(2).split(","))
                                    .map(String::trim)
                                    .filter(p -> !p.isEmpty())
                                    .map(p -> wasmType(p.substring(p.indexOf(':') + 1).trim()))
                                    .collect(Collectors.joining(","));
                    String result = fn.group(4) == null ? "" : wasmType(fn.group(4));
                    imported.put(
                            block.group(1) + "." + fn.group(1),
                            "(" + params + ")->(" + result + ")");
                }
            }
        }
        assertThat(imported).isEqualTo(declared());
    }

    @Test
    void everyCommittedGuestImportsOnlyDeclaredFunctions() throws IOException {
        List<Path> binaries;
        try (Stream<Path> files =
                Stream.concat(
                        Files.walk(MODULE.resolve("src/main/resources")),
                        Files.walk(MODULE.resolve("src/test/resources")))) {
            binaries = files.filter(f -> f.toString().endsWith(".wasm")).sorted().toList();
        }
        assertThat(binaries).hasSizeGreaterThanOrEqualTo(2);
        Map<String, String> declared = declared();
        for (Path binary : binaries) {
            WasmModule module = Parser.parse(binary);
            Map<String, String> imports = new TreeMap<>();
            for (int i = 0; i < module.importSection().importCount(); i++) {
                var imported = module.importSection().getImport(i);
                if (imported.importType() == ExternalType.FUNCTION) {
                    FunctionType type =
                            module.typeSection().getType(((FunctionImport) imported).typeIndex());
                    imports.put(imported.module() + "." + imported.name(), signature(type));
                }
            }
            if (binary.getFileName().toString().equals("hostile-unknown-import.wasm")) {
                // Made to import what the host does not offer.
                assertThat(declared).doesNotContainKeys(imports.keySet().toArray(String[]::new));
            } else {
                assertThat(declared).as(binary.toString()).containsAllEntriesOf(imports);
            }
        }
    }

    private static String signature(FunctionType type) {
        return "(" + names(type.params()) + ")->(" + names(type.returns()) + ")";
    }

    private static String names(List<ValType> types) {
        return types.stream().map(t -> t.toString().toLowerCase()).collect(Collectors.joining(","));
    }

    /** A Rust FFI type as Wasm32 passes it: pointers and 32-bit integers are i32. */
    private static String wasmType(String rust) {
        return switch (rust) {
            case "f32" -> "f32";
            case "f64" -> "f64";
            case "i64", "u64" -> "i64";
            default -> "i32";
        };
    }
}
