package dev.faultline.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownTest {

    @Test
    void fenceIsLongerThanAnyBacktickRunInside() {
        String hostile = "before\n```\n# injected heading\n````\nafter";
        String block = Markdown.fence(hostile);
        String fence = block.substring(0, block.indexOf("text"));
        assertThat(fence).isEqualTo("`````");
        // the only lines that consist of the fence are the opening and closing ones
        assertThat(block.lines().filter(l -> l.startsWith(fence)).count()).isEqualTo(2);
        assertThat(block).endsWith(fence + "\n");
    }

    @Test
    void cellCannotSplitATableRowOrOpenMarkup() {
        String cell = Markdown.cell("a | b\nc `code` <script>");
        assertThat(cell).doesNotContain("\n");
        assertThat(cell.replace("\\|", "")).doesNotContain("|");
        assertThat(cell).contains("\\`code\\`").contains("\\<script\\>");
    }

    @Test
    void inlineCodeSurvivesBackticks() {
        assertThat(Markdown.code("plain")).isEqualTo("`plain`");
        assertThat(Markdown.code("a`b")).isEqualTo("`` a`b ``");
        assertThat(Markdown.code("a``b")).isEqualTo("``` a``b ```");
    }

    /**
     * Issue 18 item 3: a value with backtick runs (an instance id, insertId, service or project from the
     * logs) cannot close its code span early and let raw HTML through. CommonMark closes a code span at
     * the next backtick run of exactly the opening length; check that this run is the one we wrote.
     */
    @Test
    void noBacktickRunInAValueClosesItsCodeSpan() {
        for (String value : new String[] {"i``<img src=x onerror=alert(1)>``", "`<img src=x>`", "```", "a`b``c```d````",
                "x ``` <b>y</b>", "ends with `", "` starts with"}) {
            String line = "instance " + Markdown.code(value) + " rest";
            int open = line.indexOf('`');
            int length = run(line, open);
            int close = nextRunOfLength(line, open + length, length);
            assertThat(close).as(value).isEqualTo(line.length() - " rest".length() - length);
            // CommonMark strips one space on each side when both are there: what remains is the value itself
            String content = line.substring(open + length, close);
            if (content.startsWith(" ") && content.endsWith(" ") && !content.isBlank()) {
                content = content.substring(1, content.length() - 1);
            }
            assertThat(content).isEqualTo(value);
        }
    }

    private static int run(String s, int at) {
        int n = 0;
        while (at + n < s.length() && s.charAt(at + n) == '`') {
            n++;
        }
        return n;
    }

    private static int nextRunOfLength(String s, int from, int length) {
        int i = from;
        while (i < s.length()) {
            if (s.charAt(i) == '`') {
                int n = run(s, i);
                if (n == length) {
                    return i;
                }
                i += n;
            } else {
                i++;
            }
        }
        return -1;
    }
}
