package dev.faultline.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import dev.faultline.entry.RevisionConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Reads a signature catalog from YAML and validates all of it before anyone matches with it.
 *
 * <p>A catalog directory holds {@code catalog.yaml} (its {@code version}, {@code name}, the
 * {@code files:} of signature families in order, and {@code known_issues:}), the family files,
 * and the known-issue registry. The {@code files:} list is how the family files are found, so
 * the same catalog loads from a directory and from the classpath inside the jar.
 *
 * <p>Every problem is collected and reported together in one {@link CatalogException}, each line
 * naming the file, the signature or issue id, and what is wrong: a catalog is reviewed like code,
 * and a reviewer wants the whole list, not one error per run. Unknown keys are errors so that a
 * typo ({@code extracts:}) cannot silently switch a feature off.
 *
 * <p>Named groups: RE2J 1.8 accepts both {@code (?P<name>re)} and {@code (?<name>re)} (checked
 * against re2j 1.8); either may be used, {@code (?P<name>re)} is the catalog's convention because
 * it is what RE2 and Go document. Lookaround and backreferences do not exist in RE2 and fail to compile.
 */
public final class CatalogLoader {

    /** Where the bundled catalog sits on the classpath (the jar packages {@code signatures/} there). */
    public static final String BUNDLED_ROOT = "signatures";
    /** System property naming an installation directory; its {@code signatures/} wins over the classpath. */
    public static final String HOME_PROPERTY = "faultline.home";

    static final String CATALOG_FILE = "catalog.yaml";
    /** A regex's best literal must be at least this long, or the signature is a generic word. */
    static final int MIN_LITERAL = 6;
    private static final Set<String> GENERIC_WORDS = Set.of("error", "errors", "failed", "failure", "exception",
            "warning", "critical", "fatal", "timeout", "timed out", "traceback");

    private static final java.util.regex.Pattern ID =
            java.util.regex.Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\\.[a-z0-9]+(?:-[a-z0-9]+)*)+");
    private static final java.util.regex.Pattern LOG_ID = java.util.regex.Pattern.compile("[a-z0-9_.-]+(?:/[a-z0-9_.-]+)*");
    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\$\\{([^}]*)}");

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // "extract: port" and "log_name: run.googleapis.com/stderr" read as one-element lists
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

    private CatalogLoader() {
    }

    /**
     * The catalog that ships with faultline: {@code ${faultline.home}/signatures} when that system
     * property is set and the directory has a {@code catalog.yaml}, else {@code signatures/} on the classpath.
     */
    public static Catalog loadBundled() throws CatalogException {
        return loadBundledWith(List.of());
    }

    /** The bundled catalog as base, extended or overridden by {@code dirs} (given with --catalog) in order. */
    public static Catalog loadBundledWith(List<Path> dirs) throws CatalogException {
        return loadWithOverlays(dirs.stream().map(d -> new Overlay(d, Catalog.Origin.OPTION, d.toString())).toList());
    }

    /**
     * A team's catalog on top of the bundled one: a directory, or a single YAML file.
     *
     * @param shownAs how reports name it (the path as the user gave it, so a ticket shows no home directory)
     */
    public record Overlay(Path path, Catalog.Origin origin, String shownAs) {
    }

    /**
     * The bundled catalog, then each overlay in order (see {@link #load}). An overlay directory
     * needs no {@code catalog.yaml}: without one, every YAML file in it loads (in name order), a
     * file with {@code issues:} as a known-issue registry and any other as a signature family; its
     * name is the directory's (the parent's for {@code .faultline}) and its version a hash of the files.
     */
    public static Catalog loadWithOverlays(List<Overlay> overlays) throws CatalogException {
        List<Layered> layers = new ArrayList<>();
        layers.add(new Layered(bundledSource(), Catalog.Origin.BUNDLED, null));
        overlays.forEach(o -> layers.add(new Layered(sourceOf(o.path()), o.origin(), o.shownAs())));
        return loadLayers(layers);
    }

    private static Source bundledSource() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            Path dir = Path.of(home, BUNDLED_ROOT);
            if (Files.isRegularFile(dir.resolve(CATALOG_FILE))) {
                return new DirSource(dir);
            }
        }
        return new ClasspathSource(CatalogLoader.class.getClassLoader(), BUNDLED_ROOT);
    }

    private static Source sourceOf(Path path) {
        return Files.isRegularFile(path) ? new FileSource(path) : new DirSource(path);
    }

    /**
     * Loads catalog directories in order: the first is the base, each later one extends it or
     * overrides signatures and known issues by id (a user catalog replacing a bundled signature
     * keeps its place in catalog order; new ids are appended). One id twice within one directory
     * is an error. The version is the base's, followed by {@code +name@version} per later directory.
     */
    public static Catalog load(List<Path> dirs) throws CatalogException {
        if (dirs.isEmpty()) {
            throw new CatalogException(List.of("no catalog directory given"));
        }
        return loadLayers(dirs.stream().map(d -> new Layered(sourceOf(d), Catalog.Origin.OPTION, d.toString())).toList());
    }

    /**
     * The benign lines of the bundled catalog and of {@code dirs} ({@code benign:} in each {@code catalog.yaml},
     * or a file with a top-level {@code benign:} in a directory without one), in order: what
     * {@code catalog test} requires no active signature to match.
     */
    public static List<BenignLine> loadBundledBenign(List<Path> dirs) throws CatalogException {
        return loadBenign(dirs.stream().map(d -> new Overlay(d, Catalog.Origin.OPTION, d.toString())).toList());
    }

    /** The benign lines of the bundled catalog, then of each overlay (see {@link #loadBundledBenign}). */
    public static List<BenignLine> loadBenign(List<Overlay> overlays) throws CatalogException {
        List<Layered> layers = new ArrayList<>();
        layers.add(new Layered(bundledSource(), Catalog.Origin.BUNDLED, null));
        overlays.forEach(o -> layers.add(new Layered(sourceOf(o.path()), o.origin(), o.shownAs())));
        List<String> errors = new ArrayList<>();
        List<BenignLine> lines = new ArrayList<>();
        for (Layered layer : layers) {
            Manifest manifest = manifest(layer, errors);
            if (manifest != null) {
                manifest.benign().forEach(file -> lines.addAll(readBenign(layer.source(), file, errors)));
            }
        }
        if (!errors.isEmpty()) {
            throw new CatalogException(errors);
        }
        return List.copyOf(lines);
    }

    private static List<BenignLine> readBenign(Source source, String file, List<String> errors) {
        String label = source.label(file);
        Parsed parsed = readTree(source, file, errors);
        if (parsed == null) {
            return List.of();
        }
        BenignFileDto dto = bind(parsed.root(), BenignFileDto.class, label, errors);
        if (dto == null) {
            return List.of();
        }
        if (dto.benign() == null) {
            errors.add(label + ": missing required field 'benign'");
            return List.of();
        }
        List<BenignLine> lines = new ArrayList<>();
        for (int i = 0; i < dto.benign().size(); i++) {
            BenignGroupDto group = dto.benign().get(i);
            String where = label + ": benign group " + (i + 1);
            if (group == null) {
                errors.add(where + " is empty");
                continue;
            }
            int before = errors.size();
            requireText(group.source(), "source", where, errors);
            requireText(group.logName(), "log_name", where, errors);
            if (group.logName() != null && !LOG_ID.matcher(group.logName()).matches()) {
                errors.add(where + ": log_name '" + group.logName() + "' must be a short decoded log id such as run.googleapis.com/stderr");
            }
            List<String> texts = strings(group.lines(), "lines", where, errors);
            if (texts.isEmpty()) {
                errors.add(where + ": lines needs at least one line");
            }
            if (errors.size() == before) {
                texts.forEach(t -> lines.add(new BenignLine(group.logName(), t, group.source())));
            }
        }
        return lines;
    }

    static Catalog loadClasspath(ClassLoader loader, String root) throws CatalogException {
        return loadLayers(List.of(new Layered(new ClasspathSource(loader, root), Catalog.Origin.BUNDLED, null)));
    }

    /**
     * YAML files in {@code dir} that its {@code catalog.yaml} does not list (neither as a family
     * file nor as the known-issue registry): they would be silently ignored, so lint reports them.
     * A directory without {@code catalog.yaml} loads every YAML file in it, so none is unlisted.
     */
    public static List<String> unlistedFiles(Path dir) throws CatalogException {
        DirSource source = new DirSource(dir);
        if (!Files.isRegularFile(dir.resolve(CATALOG_FILE))) {
            return List.of();
        }
        List<String> errors = new ArrayList<>();
        CatalogFileDto catalog = readCatalogFile(source, errors);
        if (catalog == null) {
            throw new CatalogException(errors);
        }
        Set<String> listed = new LinkedHashSet<>(nonNull(catalog.files()));
        listed.add(CATALOG_FILE);
        if (catalog.knownIssues() != null) {
            listed.add(catalog.knownIssues());
        }
        if (catalog.benign() != null) {
            listed.add(catalog.benign());
        }
        try {
            return source.yamlFiles().stream().filter(n -> !listed.contains(n)).toList();
        } catch (IOException e) {
            throw new CatalogException(List.of(dir + ": cannot list: " + e.getMessage()));
        }
    }

    // ---------------------------------------------------------------- loading

    /** One layer to load: where its files are, how it was found, and how reports name it (null: bundled). */
    private record Layered(Source source, Catalog.Origin origin, String shownAs) {
    }

    /** What a layer holds: from its catalog.yaml, or inferred from the YAML files of a directory without one. */
    private record Manifest(String label, String name, String version, List<String> families, List<String> registries,
                            List<String> benign) {
    }

    private static Catalog loadLayers(List<Layered> layers) throws CatalogException {
        List<String> errors = new ArrayList<>();
        Map<String, Signature> signatures = new LinkedHashMap<>();
        Map<String, KnownIssue> issues = new LinkedHashMap<>();
        // "file:line: id", for problems found once everything is loaded
        Map<String, Supplier<String>> signatureWhere = new HashMap<>();
        Map<String, Supplier<String>> issueWhere = new HashMap<>();
        List<Catalog.Layer> loaded = new ArrayList<>();
        StringBuilder version = new StringBuilder();
        for (Layered layer : layers) {
            Manifest manifest = manifest(layer, errors);
            if (manifest == null) {
                continue;
            }
            if (version.length() == 0) {
                version.append(manifest.version());
            } else {
                version.append('+').append(manifest.name()).append('@').append(manifest.version());
            }
            if (layer.origin() == Catalog.Origin.BUNDLED && !manifest.registries().isEmpty()) {
                errors.add(manifest.label() + ": known_issues: the bundled catalog ships signatures only; a team's known issues"
                        + " belong in its own catalog directory (docs/known-issues.md)");
            }
            int signatureCount = 0;
            Map<String, String> seenInDir = new HashMap<>();
            for (String file : manifest.families()) {
                for (Located<Signature> located : readFamily(layer.source(), file, errors)) {
                    Signature s = located.value();
                    String first = seenInDir.putIfAbsent(s.id(), s.file());
                    Signature earlier = signatures.get(s.id());
                    if (first != null) {
                        errors.add(located.where().get() + ": duplicate id, first defined in " + first);
                    } else if (earlier != null && earlier.status() == Signature.Status.DEPRECATED
                            && s.status() != Signature.Status.DEPRECATED) {
                        // An id is forever: evidence citing it must keep meaning what it meant.
                        errors.add(located.where().get() + ": id is retired (deprecated in " + earlier.file()
                                + ") and cannot be reused; give the new signature a new id");
                    } else {
                        signatures.put(s.id(), s);
                        signatureWhere.put(s.id(), located.where());
                        signatureCount++;
                    }
                }
            }
            int issueCount = 0;
            Map<String, String> issuesInDir = new HashMap<>();
            for (String file : manifest.registries()) {
                for (Located<KnownIssue> located : readKnownIssues(layer.source(), file, errors)) {
                    KnownIssue k = located.value();
                    if (issuesInDir.putIfAbsent(k.id(), k.file()) != null) {
                        errors.add(located.where().get() + ": duplicate id");
                    } else {
                        issues.put(k.id(), k);
                        issueWhere.put(k.id(), located.where());
                        issueCount++;
                    }
                }
            }
            loaded.add(new Catalog.Layer(manifest.name(), manifest.version(), layer.origin(), layer.shownAs(),
                    signatureCount, issueCount));
        }
        checkReferences(signatures, signatureWhere, issues, issueWhere, errors);
        if (!errors.isEmpty()) {
            throw new CatalogException(errors);
        }
        return new Catalog(version.toString(), new ArrayList<>(signatures.values()), new ArrayList<>(issues.values()), loaded);
    }

    private static Manifest manifest(Layered layer, List<String> errors) {
        Source source = layer.source();
        if (!source.exists()) {
            errors.add(source.label(null) + ": no such catalog directory or file"
                    + (layer.shownAs() == null ? "" : " (" + layer.origin().label() + ")"));
            return null;
        }
        if (source.has(CATALOG_FILE)) {
            CatalogFileDto catalog = readCatalogFile(source, errors);
            return catalog == null ? null : new Manifest(source.label(CATALOG_FILE), catalog.name(), catalog.version(),
                    nonNull(catalog.files()), catalog.knownIssues() == null ? List.of() : List.of(catalog.knownIssues()),
                    catalog.benign() == null ? List.of() : List.of(catalog.benign()));
        }
        List<String> files;
        try {
            files = source.yamlFiles();
        } catch (IOException e) {
            errors.add(source.label(null) + ": cannot list: " + e.getMessage());
            return null;
        }
        if (files.isEmpty()) {
            // the classpath cannot be listed: there, catalog.yaml is the only way in
            errors.add(source.label(source instanceof ClasspathSource ? CATALOG_FILE : null)
                    + (source instanceof ClasspathSource ? ": file not found"
                    : ": no catalog.yaml, signature family or known-issue registry (*.yaml) in it"));
            return null;
        }
        List<String> families = new ArrayList<>();
        List<String> registries = new ArrayList<>();
        List<String> benign = new ArrayList<>();
        MessageDigest content = sha256();
        for (String file : files) {
            byte[] bytes;
            try (InputStream in = source.open(file)) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                errors.add(source.label(file) + ": cannot read: " + e.getMessage());
                continue;
            }
            content.update((file + "\0").getBytes(StandardCharsets.UTF_8));
            content.update(bytes);
            content.update((byte) 0);
            JsonNode root = quietTree(bytes);
            if (root != null && root.has("issues") && !root.has("signatures")) {
                registries.add(file);
            } else if (root != null && root.has("benign") && !root.has("signatures")) {
                benign.add(file);
            } else if (root == null || root.has("signatures") || root.has("family")) {
                families.add(file); // a broken file is read as a family, whose reading reports what is wrong
            } else {
                errors.add(source.label(file) + ": neither a signature family (family:, signatures:), a known-issue"
                        + " registry (issues:) nor a benign corpus (benign:)");
            }
        }
        String version = "sha256:" + HexFormat.of().formatHex(content.digest()).substring(0, 12);
        return new Manifest(source.label(null), source.inferredName(), version, families, registries, benign);
    }

    /** The parsed YAML, or null when it does not parse (the real read reports why). */
    private static JsonNode quietTree(byte[] bytes) {
        try {
            return YAML.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A signature or known issue with where it is written ("file:line: id"), for messages; the line is found only when asked. */
    private record Located<T>(T value, Supplier<String> where) {
    }

    private static CatalogFileDto readCatalogFile(Source source, List<String> errors) {
        String label = source.label(CATALOG_FILE);
        Parsed parsed = readTree(source, CATALOG_FILE, errors);
        if (parsed == null) {
            return null;
        }
        int before = errors.size();
        CatalogFileDto dto = bind(parsed.root(), CatalogFileDto.class, label, errors);
        if (dto == null) {
            return null;
        }
        requireText(dto.version(), "version", label, errors);
        requireText(dto.name(), "name", label, errors);
        Set<String> seen = new LinkedHashSet<>();
        for (String file : nonNull(dto.files())) {
            if (!plainName(file)) {
                errors.add(label + ": files: '" + file + "' must be a file name in the catalog directory");
            } else if (!seen.add(file)) {
                errors.add(label + ": files: '" + file + "' is listed twice");
            }
        }
        if (dto.knownIssues() != null && !plainName(dto.knownIssues())) {
            errors.add(label + ": known_issues: '" + dto.knownIssues() + "' must be a file name in the catalog directory");
        }
        if (dto.benign() != null && !plainName(dto.benign())) {
            errors.add(label + ": benign: '" + dto.benign() + "' must be a file name in the catalog directory");
        }
        return errors.size() > before ? null : dto;
    }

    private static List<Located<Signature>> readFamily(Source source, String file, List<String> errors) {
        String label = source.label(file);
        Parsed parsed = readTree(source, file, errors);
        if (parsed == null) {
            return List.of();
        }
        FamilyDto family = bind(parsed.root(), FamilyDto.class, label, errors);
        if (family == null) {
            return List.of();
        }
        requireText(family.family(), "family", label, errors);
        return items(family.signatures(), "signatures", "signature", parsed, label, errors, (node, where) -> {
            SignatureDto dto = bind(node, SignatureDto.class, where, errors);
            return dto == null ? null : toSignature(dto, label, family.family() == null ? "" : family.family().strip(), where, errors);
        });
    }

    private static List<Located<KnownIssue>> readKnownIssues(Source source, String file, List<String> errors) {
        String label = source.label(file);
        Parsed parsed = readTree(source, file, errors);
        if (parsed == null) {
            return List.of();
        }
        KnownIssuesDto dto = bind(parsed.root(), KnownIssuesDto.class, label, errors);
        if (dto == null) {
            return List.of();
        }
        return items(dto.issues(), "issues", "issue", parsed, label, errors, (node, where) -> {
            KnownIssueDto issue = bind(node, KnownIssueDto.class, where, errors);
            return issue == null ? null : toKnownIssue(issue, label, where, errors);
        });
    }

    /**
     * Reads each item of a top-level list, naming it in messages by file, line and id
     * ("f.yaml:12: demo.x"). Lines cost a second parse of the file, so they are looked up only for
     * an item with a problem: a catalog that loads cleanly (every start-up) never pays for them.
     */
    private static <T> List<Located<T>> items(List<JsonNode> nodes, String key, String kind, Parsed parsed, String label,
                                              List<String> errors, BiFunction<JsonNode, String, T> read) {
        if (nodes == null) {
            errors.add(label + ": missing required field '" + key + "'");
            return List.of();
        }
        List<Located<T>> result = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String id = idOrPosition(nodes.get(i), kind, i + 1);
            String unplaced = label + ": " + id;
            int index = i;
            Supplier<String> where = () -> label + parsed.line(key, index) + ": " + id;
            int before = errors.size();
            T value = read.apply(nodes.get(i), unplaced);
            for (int e = before; e < errors.size(); e++) {
                if (errors.get(e).startsWith(unplaced)) {
                    errors.set(e, where.get() + errors.get(e).substring(unplaced.length()));
                }
            }
            if (value != null) {
                result.add(new Located<>(value, where));
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- validation

    private static Signature toSignature(SignatureDto d, String file, String family, String where, List<String> errors) {
        int before = errors.size();
        if (requireText(d.id(), "id", where, errors) && !ID.matcher(d.id()).matches()) {
            errors.add(where + ": id must be lowercase words joined by '-', with a dotted family prefix"
                    + " (e.g. cloudrun.port-listen-timeout)");
        }
        if (d.version() == null) {
            errors.add(where + ": missing required field 'version'");
        } else if (d.version() < 1) {
            errors.add(where + ": version must be 1 or more, not " + d.version());
        }
        requireText(d.title(), "title", where, errors);
        Signature.Status status = parseEnum(Signature.Status.class, d.status(), "status", where, errors);
        Signature.Layer layer = parseEnum(Signature.Layer.class, d.layer(), "layer", where, errors);
        Signature.Level severity = parseEnum(Signature.Level.class, d.severity(), "severity", where, errors);
        Signature.Role role = parseEnum(Signature.Role.class, d.role(), "role", where, errors);
        requireText(d.remediation(), "remediation", where, errors);

        List<String> logNames = List.of();
        List<Signature.MatchPattern> patterns = new ArrayList<>();
        Set<String> groups = new TreeSet<>();
        boolean allRegexesValid = true;
        if (d.match() == null) {
            errors.add(where + ": missing required field 'match'");
        } else {
            logNames = strings(d.match().logName(), "match.log_name", where, errors);
            for (String log : logNames) {
                if (!LOG_ID.matcher(log).matches()) {
                    errors.add(where + ": log_name '" + log + "' must be a short decoded log id such as run.googleapis.com/stderr");
                }
            }
            List<RegexDto> any = d.match().any() == null ? List.of() : d.match().any();
            if (any.isEmpty()) {
                errors.add(where + ": missing required field 'match.any'");
            }
            for (int i = 0; i < any.size(); i++) {
                Signature.MatchPattern p = toPattern(any.get(i), i + 1, where, errors);
                if (p != null) {
                    patterns.add(p);
                    groups.addAll(p.pattern().namedGroups().keySet());
                } else {
                    allRegexesValid = false;
                }
            }
        }
        List<String> extract = strings(d.extract(), "extract", where, errors);
        // With a broken regex its groups are unknown: the regex error alone says what to fix.
        if (allRegexesValid) {
            for (String name : extract) {
                if (!groups.contains(name)) {
                    errors.add(where + ": extract '" + name + "' is not a named group of any regex");
                }
            }
        }
        if (d.remediation() != null) {
            checkPlaceholders(d.remediation(), extract, allRegexesValid ? patterns : List.of(), where, errors);
        }
        List<String> positives = List.of();
        List<String> negatives = List.of();
        if (d.examples() == null) {
            errors.add(where + ": missing required field 'examples'");
        } else {
            positives = strings(d.examples().match(), "examples.match", where, errors);
            negatives = strings(d.examples().noMatch(), "examples.no_match", where, errors);
            if (positives.isEmpty()) {
                errors.add(where + ": examples.match needs at least one log line the signature must match");
            }
            if (negatives.isEmpty()) {
                errors.add(where + ": examples.no_match needs at least one log line the signature must not match");
            }
        }
        List<String> references = strings(d.references(), "references", where, errors);
        List<String> relatedConfig = strings(d.relatedConfig(), "related_config", where, errors);
        for (String setting : relatedConfig) {
            if (!RevisionConfig.SETTINGS.contains(setting)) {
                errors.add(where + ": related_config '" + setting + "' is not a revision setting (one of "
                        + String.join(", ", RevisionConfig.SETTINGS) + ")");
            }
        }
        if (role == Signature.Role.NOISE && (severity == Signature.Level.CRITICAL || severity == Signature.Level.ERROR)) {
            errors.add(where + ": a noise signature must have severity info or warning: noise never marks a failure");
        }
        List<String> overlaps = strings(d.overlaps(), "overlaps", where, errors);
        if (d.id() != null && overlaps.contains(d.id())) {
            errors.add(where + ": overlaps names the signature itself");
        }
        List<String> runtimes = strings(d.runtimes(), "runtimes", where, errors);
        for (String runtime : runtimes) {
            if (!Signature.RUNTIMES.contains(runtime)) {
                errors.add(where + ": runtimes '" + runtime + "' is not one of " + String.join(", ", Signature.RUNTIMES)
                        + " (leave runtimes out when any process can write the text)");
            }
        }
        if (errors.size() > before) {
            return null;
        }
        return new Signature(d.id(), d.version(), d.title().strip(), layer, severity, role, status, logNames, patterns,
                extract, overlaps, positives, negatives, references, d.remediation().strip(), relatedConfig, file,
                runtimes, family);
    }

    /**
     * Every {@code ${field}} in a remediation must be an extracted field, and a hit must always
     * have it: a field that some regex may leave out (an optional group, another regex without it)
     * needs a default, {@code ${path:-the configured path}}, so that an unfilled placeholder never
     * reaches the engineer reading the report.
     */
    private static void checkPlaceholders(String remediation, List<String> extract, List<Signature.MatchPattern> patterns,
                                          String where, List<String> errors) {
        java.util.regex.Matcher m = PLACEHOLDER.matcher(remediation);
        Set<String> seen = new HashSet<>();
        while (m.find()) {
            String name = m.group(1);
            boolean hasDefault = name.contains(":-");
            if (hasDefault) {
                name = name.substring(0, name.indexOf(":-"));
            }
            if (!seen.add(name + hasDefault)) {
                continue;
            }
            if (!extract.contains(name)) {
                errors.add(where + ": remediation placeholder ${" + name + "} is not an extracted field");
                continue;
            }
            for (int i = 0; i < patterns.size() && !hasDefault; i++) {
                if (!Literals.requiredGroups(patterns.get(i).regex()).contains(name)) {
                    errors.add(where + ": remediation placeholder ${" + name + "} may be unfilled: regex " + (i + 1)
                            + " can match without it; reword, or give a default as ${" + name + ":-...}");
                    break;
                }
            }
        }
    }

    private static Signature.MatchPattern toPattern(RegexDto dto, int n, String where, List<String> errors) {
        if (dto == null || dto.regex() == null || dto.regex().isEmpty()) {
            errors.add(where + ": regex " + n + " is empty");
            return null;
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(dto.regex());
        } catch (PatternSyntaxException e) {
            errors.add(where + ": regex " + n + " does not compile in RE2J: " + e.getDescription());
            return null;
        }
        Literals.Result literals = Literals.of(dto.regex());
        if (literals.literals().isEmpty()) {
            errors.add(where + ": regex " + n + " has no literal text for the prefilter (every alternative needs a fixed string)");
            return null;
        }
        for (String literal : literals.literals()) {
            if (isGeneric(literal)) {
                errors.add(where + ": regex " + n + " is too generic: its longest literal \"" + literal
                        + "\" needs " + MIN_LITERAL + " or more characters and more than a generic word like error or failed");
                return null;
            }
        }
        return new Signature.MatchPattern(dto.regex(), pattern, literals.literals(), literals.caseInsensitive());
    }

    /** Too short, or nothing but a word every failing log line contains. */
    static boolean isGeneric(String literal) {
        String core = literal.strip();
        if (core.length() < MIN_LITERAL) {
            return true;
        }
        String word = Literals.fold(core).replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
        return GENERIC_WORDS.contains(word);
    }

    private static KnownIssue toKnownIssue(KnownIssueDto d, String file, String where, List<String> errors) {
        int before = errors.size();
        if (requireText(d.id(), "id", where, errors) && d.id().chars().anyMatch(Character::isWhitespace)) {
            errors.add(where + ": id must not contain spaces");
        }
        requireText(d.title(), "title", where, errors);
        KnownIssue.Status status = parseEnum(KnownIssue.Status.class, d.status(), "status", where, errors);
        Instant resolvedAt = null;
        if (d.resolvedAt() != null) {
            try {
                resolvedAt = OffsetDateTime.parse(d.resolvedAt()).toInstant();
            } catch (DateTimeParseException e) {
                errors.add(where + ": resolved_at '" + d.resolvedAt() + "' is not an RFC 3339 timestamp such as 2025-09-10T00:00:00Z");
            }
        }
        if (status == KnownIssue.Status.RESOLVED && d.resolvedAt() == null) {
            errors.add(where + ": status resolved needs resolved_at");
        }
        if (status == KnownIssue.Status.OPEN && d.resolvedAt() != null) {
            errors.add(where + ": an open issue cannot have resolved_at");
        }
        if (status == KnownIssue.Status.DUPLICATE && (d.duplicateOf() == null || d.duplicateOf().isBlank())) {
            errors.add(where + ": status duplicate needs duplicate_of");
        }
        if (status != KnownIssue.Status.DUPLICATE && d.duplicateOf() != null) {
            errors.add(where + ": duplicate_of is only for status duplicate");
        }
        List<String> fingerprint = strings(d.signatures(), "signatures", where, errors);
        if (fingerprint.isEmpty()) {
            errors.add(where + ": missing required field 'signatures'");
        }
        List<String> optional = strings(d.optional(), "optional", where, errors);
        List<String> links = strings(d.links(), "links", where, errors);
        KnownIssue.Scope scope = toScope(d.appliesTo(), where, errors);
        if (errors.size() > before) {
            return null;
        }
        return new KnownIssue(d.id(), d.title().strip(), status, resolvedAt, d.duplicateOf(), fingerprint, optional, links,
                d.summary() == null ? "" : d.summary().strip(), file, scope);
    }

    /** {@code applies_to:}: name patterns with {@code *} and {@code ?}; present but empty would silently apply everywhere. */
    private static KnownIssue.Scope toScope(ScopeDto d, String where, List<String> errors) {
        if (d == null) {
            return KnownIssue.Scope.ANY;
        }
        List<String> projects = patterns(d.projects(), "applies_to.projects", where, errors);
        List<String> services = patterns(d.services(), "applies_to.services", where, errors);
        List<String> revisions = patterns(d.revisions(), "applies_to.revisions", where, errors);
        KnownIssue.Scope scope = new KnownIssue.Scope(projects, services, revisions);
        if (scope.isAny() && d.projects() == null && d.services() == null && d.revisions() == null) {
            errors.add(where + ": applies_to names no projects, services or revisions");
        }
        return scope;
    }

    private static List<String> patterns(List<String> raw, String field, String where, List<String> errors) {
        List<String> patterns = strings(raw, field, where, errors);
        for (String p : patterns) {
            if (p.chars().anyMatch(Character::isWhitespace)) {
                errors.add(where + ": " + field + " '" + p + "' contains a space; names are matched whole, with * and ? as wildcards");
            }
        }
        if (raw != null && raw.isEmpty()) {
            errors.add(where + ": " + field + " is empty; leave it out to apply to every one");
        }
        return patterns;
    }

    private static void checkReferences(Map<String, Signature> signatures, Map<String, Supplier<String>> signatureWhere,
                                        Map<String, KnownIssue> issues, Map<String, Supplier<String>> issueWhere, List<String> errors) {
        for (Signature s : signatures.values()) {
            for (String id : s.overlaps()) {
                if (!signatures.containsKey(id)) {
                    errors.add(signatureWhere.get(s.id()).get() + ": overlaps names '" + id + "', which is not in the catalog");
                }
            }
        }
        for (KnownIssue k : issues.values()) {
            Supplier<String> where = issueWhere.get(k.id());
            for (String id : k.signatures()) {
                if (!signatures.containsKey(id)) {
                    errors.add(where.get() + ": signature '" + id + "' is not in the catalog");
                } else if (signatures.get(id).isNoise()) {
                    errors.add(where.get() + ": signature '" + id + "' is known noise and never part of a fingerprint");
                }
            }
            for (String id : k.optional()) {
                if (!signatures.containsKey(id)) {
                    errors.add(where.get() + ": optional signature '" + id + "' is not in the catalog");
                }
            }
            if (k.duplicateOf() != null) {
                if (k.duplicateOf().equals(k.id())) {
                    errors.add(where.get() + ": duplicate_of points to itself");
                } else if (!issues.containsKey(k.duplicateOf())) {
                    errors.add(where.get() + ": duplicate_of '" + k.duplicateOf() + "' is not a known issue");
                }
            }
        }
    }

    // ---------------------------------------------------------------- YAML plumbing

    /** A YAML file's tree, and (found on first use) the line each item of its top-level lists starts on. */
    private static final class Parsed {
        private final JsonNode root;
        private final byte[] bytes;
        private Map<String, List<Integer>> itemLines;

        Parsed(JsonNode root, byte[] bytes) {
            this.root = root;
            this.bytes = bytes;
        }

        JsonNode root() {
            return root;
        }

        /** ":12" for item {@code index} of list {@code key}, or "" when unknown. */
        String line(String key, int index) {
            if (itemLines == null) {
                itemLines = itemLines(bytes);
            }
            List<Integer> lines = itemLines.getOrDefault(key, List.of());
            return index < lines.size() ? ":" + lines.get(index) : "";
        }
    }

    private static Parsed readTree(Source source, String file, List<String> errors) {
        String label = source.label(file);
        try (InputStream in = source.open(file)) {
            if (in == null) {
                errors.add(label + ": file not found");
                return null;
            }
            byte[] bytes = in.readAllBytes();
            JsonNode root = YAML.readTree(bytes);
            if (root == null || root.isMissingNode() || root.isNull()) {
                errors.add(label + ": file is empty");
                return null;
            }
            if (!root.isObject()) {
                errors.add(label + ": expected a mapping of keys at the top level");
                return null;
            }
            return new Parsed(root, bytes);
        } catch (JsonProcessingException e) {
            errors.add(label + (e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr())
                    + ": cannot parse YAML: " + oneLine(e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            errors.add(label + ": cannot read: " + e.getMessage());
            return null;
        }
    }

    /**
     * The line each item of every top-level list starts on. The tree keeps no positions, so the
     * (small) file is streamed once more; only called after the tree read succeeded.
     */
    private static Map<String, List<Integer>> itemLines(byte[] bytes) {
        Map<String, List<Integer>> out = new HashMap<>();
        try (JsonParser p = YAML.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                List<Integer> lines = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != null && t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    lines.add(p.currentTokenLocation().getLineNr());
                    p.skipChildren();
                }
                out.put(key, lines);
            }
        } catch (IOException e) {
            // the tree read of the same bytes succeeded; without lines, messages name file and id
        }
        return out;
    }

    /** Binds one node into a DTO; unknown keys and type mismatches become errors prefixed with {@code where}. */
    private static <T> T bind(JsonNode node, Class<T> type, String where, List<String> errors) {
        if (!node.isObject()) {
            errors.add(where + ": expected a mapping of keys, found " + node.getNodeType().toString().toLowerCase(Locale.ROOT));
            return null;
        }
        UnknownKeys unknown = new UnknownKeys();
        T value;
        try {
            value = YAML.readerFor(type).withHandler(unknown).readValue(node);
        } catch (IOException e) {
            String field = e instanceof JsonMappingException m ? fieldPath(m) : "";
            errors.add(where + ": " + (field.isEmpty() ? "" : "field '" + field + "' ")
                    + "has the wrong type: " + oneLine(e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage()));
            return null;
        }
        for (String key : unknown.keys) {
            errors.add(where + ": unknown key '" + key + "'");
        }
        return unknown.keys.isEmpty() ? value : null;
    }

    /** Collects unknown keys (with their path, e.g. {@code match.any.regx}) instead of failing on the first one. */
    private static final class UnknownKeys extends DeserializationProblemHandler {
        final List<String> keys = new ArrayList<>();

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                             Object beanOrClass, String propertyName) throws IOException {
            Deque<String> path = new ArrayDeque<>();
            for (JsonStreamContext c = p.getParsingContext(); c != null; c = c.getParent()) {
                if (c.inObject() && c.getCurrentName() != null) {
                    path.addFirst(c.getCurrentName());
                }
            }
            if (path.isEmpty() || !path.getLast().equals(propertyName)) {
                path.addLast(propertyName);
            }
            keys.add(String.join(".", path));
            p.skipChildren();
            return true;
        }
    }

    private static String fieldPath(JsonMappingException e) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                parts.add(ref.getFieldName());
            }
        }
        return String.join(".", parts);
    }

    private static String idOrPosition(JsonNode node, String kind, int index) {
        JsonNode id = node.get("id");
        return id != null && id.isValueNode() && !id.asText().isBlank() ? id.asText() : kind + " #" + index;
    }

    private static boolean requireText(String value, String field, String where, List<String> errors) {
        if (value == null || value.isBlank()) {
            errors.add(where + ": missing required field '" + field + "'");
            return false;
        }
        return true;
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String field, String where, List<String> errors) {
        if (!requireText(value, field, where, errors)) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.strip())) {
                return constant;
            }
        }
        List<String> allowed = Stream.of(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
        errors.add(where + ": " + field + " '" + value + "' is not one of " + String.join(", ", allowed));
        return null;
    }

    /** A list of strings without holes: a blank item (a stray "- ") is an error, not a silent null. */
    private static List<String> strings(List<String> raw, String field, String where, List<String> errors) {
        if (raw == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String s = raw.get(i);
            if (s == null || s.isBlank()) {
                errors.add(where + ": " + field + " item " + (i + 1) + " is empty");
            } else {
                result.add(s);
            }
        }
        return result;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list.stream().filter(x -> x != null).toList();
    }

    private static boolean plainName(String name) {
        return name != null && !name.isBlank() && !name.contains("/") && !name.contains("\\") && !name.equals("..")
                && !name.equals(".");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    // ---------------------------------------------------------------- where files come from

    /**
     * A catalog directory on disk or on the classpath, or a single file on disk; {@code label} is
     * how messages name a file of it (null: the source itself).
     */
    private interface Source {
        String label(String file);

        /** The file's content, or null when it does not exist. */
        InputStream open(String file) throws IOException;

        default boolean exists() {
            return true;
        }

        default boolean has(String file) {
            return false;
        }

        /** The YAML files it holds, by name; empty where files cannot be listed (the classpath). */
        default List<String> yamlFiles() throws IOException {
            return List.of();
        }

        /** The catalog's name when no catalog.yaml gives one. */
        default String inferredName() {
            return "team";
        }
    }

    private record DirSource(Path dir) implements Source {
        @Override
        public String label(String file) {
            return file == null ? dir.toString() : dir.resolve(file).toString();
        }

        @Override
        public InputStream open(String file) throws IOException {
            Path path = dir.resolve(file);
            return Files.isRegularFile(path) ? Files.newInputStream(path) : null;
        }

        @Override
        public boolean exists() {
            return Files.isDirectory(dir);
        }

        @Override
        public boolean has(String file) {
            return Files.isRegularFile(dir.resolve(file));
        }

        @Override
        public List<String> yamlFiles() throws IOException {
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(Files::isRegularFile)
                        .map(p -> p.getFileName().toString())
                        .filter(CatalogLoader::isYaml)
                        .sorted()
                        .toList();
            }
        }

        /** The directory's name; for a hidden one such as {@code .faultline}, the name of the directory holding it. */
        @Override
        public String inferredName() {
            Path abs = dir.toAbsolutePath().normalize();
            Path name = abs.getFileName();
            if (name != null && name.toString().startsWith(".") && abs.getParent() != null && abs.getParent().getFileName() != null) {
                name = abs.getParent().getFileName();
            }
            return name == null ? "team" : name.toString();
        }
    }

    /** One YAML file given on its own (a drafted signature, a registry): a catalog of that file alone. */
    private record FileSource(Path file) implements Source {
        @Override
        public String label(String name) {
            return file.toString();
        }

        @Override
        public InputStream open(String name) throws IOException {
            return name.equals(fileName()) ? Files.newInputStream(file) : null;
        }

        @Override
        public List<String> yamlFiles() {
            return List.of(fileName());
        }

        @Override
        public String inferredName() {
            String name = fileName();
            return name.substring(0, name.lastIndexOf('.') > 0 ? name.lastIndexOf('.') : name.length());
        }

        private String fileName() {
            return file.getFileName().toString();
        }
    }

    private record ClasspathSource(ClassLoader loader, String root) implements Source {
        @Override
        public String label(String file) {
            return file == null ? root : root + "/" + file;
        }

        @Override
        public InputStream open(String file) {
            return loader.getResourceAsStream(root + "/" + file);
        }

        @Override
        public boolean has(String file) {
            return loader.getResource(root + "/" + file) != null;
        }
    }

    private static boolean isYaml(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    // ---------------------------------------------------------------- the YAML shapes (snake_case keys)

    private record CatalogFileDto(String version, String name, List<String> files,
                                  @JsonProperty("known_issues") String knownIssues, String benign) {
    }

    private record BenignFileDto(List<BenignGroupDto> benign) {
    }

    private record BenignGroupDto(String source, @JsonProperty("log_name") String logName, List<String> lines) {
    }

    private record FamilyDto(String family, List<JsonNode> signatures) {
    }

    private record SignatureDto(String id, Integer version, String status, String title, String layer, String severity,
                                String role, MatchDto match, List<String> extract, List<String> overlaps, ExamplesDto examples,
                                List<String> references, String remediation,
                                @JsonProperty("related_config") List<String> relatedConfig, List<String> runtimes) {
    }

    private record MatchDto(@JsonProperty("log_name") List<String> logName, List<RegexDto> any) {
    }

    private record RegexDto(String regex) {
    }

    private record ExamplesDto(List<String> match, @JsonProperty("no_match") List<String> noMatch) {
    }

    private record KnownIssuesDto(List<JsonNode> issues) {
    }

    private record KnownIssueDto(String id, String title, String status, @JsonProperty("resolved_at") String resolvedAt,
                                 @JsonProperty("duplicate_of") String duplicateOf, List<String> signatures,
                                 List<String> optional, List<String> links, String summary,
                                 @JsonProperty("applies_to") ScopeDto appliesTo) {
    }

    private record ScopeDto(List<String> projects, List<String> services, List<String> revisions) {
    }
}
