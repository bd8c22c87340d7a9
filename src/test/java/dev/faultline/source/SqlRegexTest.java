package dev.faultline.source;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.catalog.Signature;
import dev.faultline.assemble.Stitcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every catalog regex survives its trip into SQL: rewritten it holds no quote, control character
 * or group name, compiles, and on every example (and the lines around it) matches where the
 * original matches and extracts what the original extracts.
 */
class SqlRegexTest {

    @Test
    void rewritesQuotesControlsAndGroupsAndNothingElse() {
        assertThat(SqlRegex.of("Access denied for user '(?P<user>[^']+)'@").text()).isEqualTo("Access denied for user \\x{27}(?:[^\\x{27}]+)\\x{27}@");
        assertThat(SqlRegex.capturing("a(?P<x>\\d+)(?<y>b)(c)(?:d)(?i:e)", "y").text()).isEqualTo("a(?:\\d+)(b)(?:c)(?:d)(?i:e)");
        assertThat(SqlRegex.of("tab\there\\n[\\]']\\Q'.*\\E").text()).isEqualTo("tab\\x{9}here\\n[\\]\\x{27}]\\x{27}\\.\\*");
        assertThat(SqlRegex.literal("exit(3) 'x'").text()).isEqualTo("exit\\(3\\) \\x{27}x\\x{27}");
        assertThatThrownBy(() -> SqlRegex.capturing("a(?P<x>b)", "y")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyRegexOfTheBundledAndATenfoldCatalogMeansTheSame(@TempDir Path dir) throws Exception {
        Path synthetic = dir.resolve("x10");
        dev.faultline.bench.SyntheticCatalog.main(new String[] {synthetic.toString(), "10"});
        Catalog catalog = CatalogLoader.loadBundledWith(List.of(synthetic));
        int checked = 0;
        for (Signature s : catalog.active()) {
            List<String> texts = new ArrayList<>(s.examplesMatch());
            texts.addAll(s.examplesNoMatch());
            for (Signature.MatchPattern p : s.patterns()) {
                SqlRegex re = SqlRegex.of(p.regex());
                assertThat(re.text()).doesNotContain("'").doesNotContain("(?P<").doesNotContain("\n").doesNotEndWith("\\\\\\");
                Pattern rewritten = Pattern.compile(re.text());
                for (String text : texts) {
                    Matcher original = p.pattern().matcher(text);
                    boolean found = original.find();
                    assertThat(rewritten.matcher(text).find()).as(s.id() + " on " + text).isEqualTo(found);
                    for (String field : p.pattern().namedGroups().keySet()) {
                        Matcher one = Pattern.compile(SqlRegex.capturing(p.regex(), field).text()).matcher(text);
                        assertThat(one.find()).isEqualTo(found);
                        if (found) {
                            assertThat(one.group(1)).as(s.id() + "." + field).isEqualTo(original.group(field));
                        }
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void theSixfoldCatalogCompilesToLessThanBigQueryTakes(@TempDir Path dir) throws Exception {
        // 189 bundled signatures compile to about 133,000 characters: six times as many still fit (ten no longer do)
        Path synthetic = dir.resolve("x6");
        dev.faultline.bench.SyntheticCatalog.main(new String[] {synthetic.toString(), "6"});
        Catalog catalog = CatalogLoader.loadBundledWith(List.of(synthetic));
        String sql = CatalogSql.of(catalog, SqlDialect.BIGQUERY, new LogTable.AnalyticsView("p.d._AllLogs"),
                new CatalogSql.Options(new LogTable.Scope(null, null, null, null), 3, Stitcher.GAP, Stitcher.MAY_JOIN_RE2, Stitcher.ANSI_RE2));
        assertThat(catalog.active()).hasSizeGreaterThan(1000);
        assertThat(sql.length()).isLessThan(CatalogSql.BIGQUERY_MAX_QUERY_CHARS);
    }
}
