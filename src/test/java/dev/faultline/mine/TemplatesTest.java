package dev.faultline.mine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TemplatesTest {

    private static List<Templates.Group> mine(List<String> lines) {
        Templates t = new Templates(Templates.Config.DEFAULT);
        lines.forEach(l -> t.add(Masker.tokens(l), null));
        return t.groups();
    }

    private static List<String> texts(List<Templates.Group> groups) {
        return groups.stream().map(Templates.Group::text).sorted().toList();
    }

    @Test
    void linesThatDifferInValuesShareATemplate() {
        List<Templates.Group> groups = mine(List.of(
                "User alice logged in from 10.0.0.1 after 120 ms",
                "User bob logged in from 10.0.0.2 after 80 ms",
                "User carol logged in from 10.0.0.3 after 95 ms",
                "User dave logged in from 10.0.0.4 after 11 ms",
                "User erin logged in from 10.0.0.5 after 7 ms",
                "Cache warmed in 3.2s"));
        assertThat(texts(groups)).containsExactly("Cache warmed in <DUR>", "User <*> logged in from <IP> after <NUM> <UNIT>");
        assertThat(groups.stream().mapToLong(Templates.Group::count).sum()).isEqualTo(6);
    }

    /** Drain puts "VM Paused" and "VM Resumed" in one cluster; a few fixed words at a position are a choice of the code. */
    @Test
    void aFewFixedWordsAtOnePositionAreSplitIntoTemplates() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            for (String state : List.of("Paused", "Resumed", "Started", "Stopped")) {
                lines.add("[instance: 3f0c9a1d-2b7e-4a51-9c3d-0e8f6a2b1c4" + i + "] VM " + state + " (Lifecycle Event)");
            }
        }
        assertThat(texts(mine(lines))).containsExactly(
                "[instance: <UUID>] VM Paused (Lifecycle Event)", "[instance: <UUID>] VM Resumed (Lifecycle Event)",
                "[instance: <UUID>] VM Started (Lifecycle Event)", "[instance: <UUID>] VM Stopped (Lifecycle Event)");
    }

    @Test
    void manyWordsOrMaskedValuesAtAPositionStayOneVariable() {
        List<String> users = List.of("alice", "bob", "carol", "dave", "erin", "frank");
        List<String> lines = users.stream().map(u -> "session opened for user " + u + " by (uid=0)").toList();
        assertThat(texts(mine(lines))).containsExactly("session opened for user <*> by (uid=<NUM>)");
        // values that hold a digit are data however few they are
        assertThat(texts(mine(List.of("job a1 done", "job b2 done")))).containsExactly("job <*> done");
    }

    @Test
    void theAnchorKeepsTheSameMessageFromTwoPlacesApart() {
        Templates t = new Templates(Templates.Config.DEFAULT);
        t.add(Masker.tokens("ValueError: bad input 12"), "/app/a.py in parse");
        t.add(Masker.tokens("ValueError: bad input 13"), "/app/b.py in load");
        t.add(Masker.tokens("ValueError: bad input 14"), "/app/a.py in parse");
        List<Templates.Group> groups = t.groups();
        assertThat(groups).hasSize(2);
        assertThat(groups).extracting(Templates.Group::anchor).containsExactlyInAnyOrder("/app/a.py in parse", "/app/b.py in load");
        assertThat(groups.get(0).id()).isNotEqualTo(groups.get(1).id());
    }

    @Test
    void theIdIsAHashOfTheTemplateSoItIsTheSameInEveryRunAndOrder() {
        List<String> lines = List.of("disk /dev/sda1 at 91% full", "disk /dev/sdb2 at 95% full", "disk /dev/sdc1 at 99% full");
        List<String> reversed = new ArrayList<>(lines);
        java.util.Collections.reverse(reversed);
        assertThat(mine(lines).get(0).id()).isEqualTo(mine(reversed).get(0).id()).matches("[0-9a-f]{12}")
                .isEqualTo(Templates.id(null, "disk <PATH> at <NUM> full"));
    }

    @Test
    void pastTheClusterCapLinesAreDroppedAndCounted() {
        Templates t = new Templates(new Templates.Config(new Drain.Config(4, 0.5, 100, 3), 1_000_000));
        for (int i = 0; i < 10; i++) {
            // each length is a cluster of its own
            assertThat(t.add(Masker.tokens(String.join(" ", java.util.Collections.nCopies(i + 1, "word"))), null) == null)
                    .isEqualTo(i >= 3);
        }
        assertThat(t.dropped()).isEqualTo(7);
        assertThat(t.groups()).hasSize(3);
    }

    @Test
    void aClusterWhoseVariantsOutgrewTheBudgetIsKeptWholeAndCounted() {
        Templates t = new Templates(new Templates.Config(new Drain.Config(4, 0.5, 100, 100), 200));
        for (String state : List.of("Paused", "Resumed", "Started", "Stopped", "Paused", "Resumed")) {
            t.add(Masker.tokens("the machine VM " + state + " now for real"), null);
        }
        assertThat(t.overflowed()).isEqualTo(1);
        assertThat(t.groups()).hasSize(1);
        assertThat(t.groups().get(0).count()).isEqualTo(6);
    }
}
