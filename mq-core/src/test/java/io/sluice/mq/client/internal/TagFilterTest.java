package io.sluice.mq.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TagFilterTest {

    @Test
    void starBlankAndNullMatchEverything() {
        for (String expression : new String[] {"*", " ", null, " * "}) {
            TagFilter filter = TagFilter.of(expression);
            assertThat(filter.matchesAll()).isTrue();
            assertThat(filter.matches(null)).isTrue();
            assertThat(filter.matches("X")).isTrue();
            assertThat(filter.expression()).isEqualTo("*");
        }
    }

    @Test
    void tagExpressionsMatchExactTagsOnly() {
        TagFilter filter = TagFilter.of("TagA || TagB ||  ");
        assertThat(filter.matches("TagA")).isTrue();
        assertThat(filter.matches("TagB")).isTrue();
        assertThat(filter.matches("TagC")).isFalse();
        assertThat(filter.matches("taga")).isFalse();
        assertThat(filter.matches(null)).isFalse();
        // Same hash as "Aa": brokers filter by hash and may over-deliver; the client must not.
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        assertThat(TagFilter.of("Aa").matches("BB")).isFalse();
    }
}
