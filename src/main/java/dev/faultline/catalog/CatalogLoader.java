package dev.faultline.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    /** The bundled catalog as base, extended or overridden by {@code dirs} in order (see {@link #load}). */
    public static Catalog loadBundledWith(List<Path> dirs) throws CatalogException {
        List<Source> sources = new ArrayList<>();
        sources.add(bundledSource());
        dirs.forEach(dir -> sources.add(new DirSource(dir)));
        return loadSources(sources);
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
        return loadSources(dirs.stream().<Source>map(DirSource::new).toList());
    }

    static Catalog loadClasspath(ClassLoader loader, String root) throws CatalogException {
        return loadSources(List.of(new ClasspathSource(loader, root)));
    }

    /**
     * YAML files in {@code dir} that its {@code catalog.yaml} does not list (neither as a family
     * file nor as the known-issue registry): they would be silently ignored, so lint reports them.
     */
    public static List<String> unlistedFiles(Path dir) throws CatalogException {
        DirSource source = new DirSource(dir);
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
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .filter(n -> !listed.contains(n))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new CatalogException(List.of(dir + ": cannot list: " + e.getMessage()));
        }
    }

    // ---------------------------------------------------------------- loading

    private static Catalog loadSources(List<Source> sources) throws CatalogException {
        List<String> errors = new ArrayList<>();
        Map<String, Signature> signatures = new LinkedHashMap<>();
        Map<String, KnownIssue> issues = new LinkedHashMap<>();
        StringBuilder version = new StringBuilder();
        for (Source source : sources) {
            CatalogFileDto catalog = readCatalogFile(source, errors);
            if (catalog == null) {
                continue;
            }
            if (version.length() == 0) {
                version.append(catalog.version());
            } else {
                version.append('+').append(catalog.name()).append('@').append(catalog.version());
            }
            Map<String, String> seenInDir = new HashMap<>();
            for (String file : nonNull(catalog.files())) {
                for (Signature s : readFamily(source, file, errors)) {
                    String first = seenInDir.putIfAbsent(s.id(), s.file());
                    Signature earlier = signatures.get(s.id());
                    if (first != null) {
                        errors.add(s.file() + ": " + s.id() + ": duplicate id, first defined in " + first);
                    } else if (earlier != null && earlier.status() == Signature.Status.DEPRECATED
                            && s.status() != Signature.Status.DEPRECATED) {
                        // An id is forever: evidence citing it must keep meaning what it meant.
                        errors.add(s.file() + ": " + s.id() + ": id is retired (deprecated in " + earlier.file()
                                + ") and cannot be reused; give the new signature a new id");
                    } else {
                        signatures.put(s.id(), s);
                    }
                }
            }
            if (catalog.knownIssues() != null) {
                Map<String, String> issuesInDir = new HashMap<>();
                for (KnownIssue k : readKnownIssues(source, catalog.knownIssues(), errors)) {
                    if (issuesInDir.putIfAbsent(k.id(), k.file()) != null) {
                        errors.add(k.file() + ": " + k.id() + ": duplicate id");
                    } else {
                        issues.put(k.id(), k);
                    }
                }
            }
        }
        checkReferences(signatures, issues, errors);
        if (!errors.isEmpty()) {
            throw new CatalogException(errors);
        }
        return new Catalog(version.toString(), new ArrayList<>(signatures.values()), new ArrayList<>(issues.values()));
    }

    private static CatalogFileDto readCatalogFile(Source source, List<String> errors) {
        String label = source.label(CATALOG_FILE);
        JsonNode root = readTree(source, CATALOG_FILE, errors);
        if (root == null) {
            return null;
        }
        int before = errors.size();
        CatalogFileDto dto = bind(root, CatalogFileDto.class, label, errors);
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
        return errors.size() > before ? null : dto;
    }

    private static List<Signature> readFamily(Source source, String file, List<String> errors) {
        String label = source.label(file);
        JsonNode root = readTree(source, file, errors);
        if (root == null) {
            return List.of();
        }
        FamilyDto family = bind(root, FamilyDto.class, label, errors);
        if (family == null) {
            return List.of();
        }
        requireText(family.family(), "family", label, errors);
        if (family.signatures() == null) {
            errors.add(label + ": missing required field 'signatures'");
            return List.of();
        }
        List<Signature> result = new ArrayList<>();
        int index = 0;
        for (JsonNode node : family.signatures()) {
            index++;
            String where = label + ": " + idOrPosition(node, "signature", index);
            SignatureDto dto = bind(node, SignatureDto.class, where, errors);
            if (dto != null) {
                Signature s = toSignature(dto, label, where, errors);
                if (s != null) {
                    result.add(s);
                }
            }
        }
        return result;
    }

    private static List<KnownIssue> readKnownIssues(Source source, String file, List<String> errors) {
        String label = source.label(file);
        JsonNode root = readTree(source, file, errors);
        if (root == null) {
            return List.of();
        }
        KnownIssuesDto dto = bind(root, KnownIssuesDto.class, label, errors);
        if (dto == null) {
            return List.of();
        }
        if (dto.issues() == null) {
            errors.add(label + ": missing required field 'issues'");
            return List.of();
        }
        List<KnownIssue> result = new ArrayList<>();
        int index = 0;
        for (JsonNode node : dto.issues()) {
            index++;
            String where = label + ": " + idOrPosition(node, "issue", index);
            KnownIssueDto issue = bind(node, KnownIssueDto.class, where, errors);
            if (issue != null) {
                KnownIssue k = toKnownIssue(issue, label, where, errors);
                if (k != null) {
                    result.add(k);
                }
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- validation

    private static Signature toSignature(SignatureDto d, String file, String where, List<String> errors) {
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
        if (errors.size() > before) {
            return null;
        }
        return new Signature(d.id(), d.version(), d.title().strip(), layer, severity, role, status, logNames, patterns,
                extract, overlaps, positives, negatives, references, d.remediation().strip(), relatedConfig, file);
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
        if (errors.size() > before) {
            return null;
        }
        return new KnownIssue(d.id(), d.title().strip(), status, resolvedAt, d.duplicateOf(), fingerprint, optional, links,
                d.summary() == null ? "" : d.summary().strip(), file);
    }

    private static void checkReferences(Map<String, Signature> signatures, Map<String, KnownIssue> issues, List<String> errors) {
        for (Signature s : signatures.values()) {
            for (String id : s.overlaps()) {
                if (!signatures.containsKey(id)) {
                    errors.add(s.file() + ": " + s.id() + ": overlaps names '" + id + "', which is not in the catalog");
                }
            }
        }
        for (KnownIssue k : issues.values()) {
            String where = k.file() + ": " + k.id();
            for (String id : k.signatures()) {
                if (!signatures.containsKey(id)) {
                    errors.add(where + ": signature '" + id + "' is not in the catalog");
                } else if (signatures.get(id).isNoise()) {
                    errors.add(where + ": signature '" + id + "' is known noise and never part of a fingerprint");
                }
            }
            for (String id : k.optional()) {
                if (!signatures.containsKey(id)) {
                    errors.add(where + ": optional signature '" + id + "' is not in the catalog");
                }
            }
            if (k.duplicateOf() != null) {
                if (k.duplicateOf().equals(k.id())) {
                    errors.add(where + ": duplicate_of points to itself");
                } else if (!issues.containsKey(k.duplicateOf())) {
                    errors.add(where + ": duplicate_of '" + k.duplicateOf() + "' is not a known issue");
                }
            }
        }
    }

    // ---------------------------------------------------------------- YAML plumbing

    private static JsonNode readTree(Source source, String file, List<String> errors) {
        String label = source.label(file);
        try (InputStream in = source.open(file)) {
            if (in == null) {
                errors.add(label + ": file not found");
                return null;
            }
            JsonNode root = YAML.readTree(in);
            if (root == null || root.isMissingNode() || root.isNull()) {
                errors.add(label + ": file is empty");
                return null;
            }
            if (!root.isObject()) {
                errors.add(label + ": expected a mapping of keys at the top level");
                return null;
            }
            return root;
        } catch (JsonProcessingException e) {
            errors.add(label + ": cannot parse YAML: " + oneLine(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
            return null;
        } catch (IOException e) {
            errors.add(label + ": cannot read: " + e.getMessage());
            return null;
        }
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

    /** A catalog directory on disk or on the classpath; {@code label} is how messages name a file. */
    private interface Source {
        String label(String file);

        /** The file's content, or null when it does not exist. */
        InputStream open(String file) throws IOException;
    }

    private record DirSource(Path dir) implements Source {
        @Override
        public String label(String file) {
            return dir.resolve(file).toString();
        }

        @Override
        public InputStream open(String file) throws IOException {
            Path path = dir.resolve(file);
            return Files.isRegularFile(path) ? Files.newInputStream(path) : null;
        }
    }

    private record ClasspathSource(ClassLoader loader, String root) implements Source {
        @Override
        public String label(String file) {
            return root + "/" + file;
        }

        @Override
        public InputStream open(String file) {
            return loader.getResourceAsStream(root + "/" + file);
        }
    }

    // ---------------------------------------------------------------- the YAML shapes (snake_case keys)

    private record CatalogFileDto(String version, String name, List<String> files,
                                  @JsonProperty("known_issues") String knownIssues) {
    }

    private record FamilyDto(String family, List<JsonNode> signatures) {
    }

    private record SignatureDto(String id, Integer version, String status, String title, String layer, String severity,
                                String role, MatchDto match, List<String> extract, List<String> overlaps, ExamplesDto examples,
                                List<String> references, String remediation,
                                @JsonProperty("related_config") List<String> relatedConfig) {
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
                                 List<String> optional, List<String> links, String summary) {
    }
}
