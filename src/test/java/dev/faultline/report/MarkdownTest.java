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
    }
}
