package io.sluice.mq.store.index;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The index slot hash is the hash of {@code topic#key}, as written in existing index files. */
class KeyIndexHashPropertyTest {

    @Property(tries = 2000)
    void hashIsTheHashOfTheJoinedString(@ForAll String topic, @ForAll String key) {
        assertThat(KeyIndex.hash(topic, key)).isEqualTo((topic + "#" + key).hashCode());
    }
}
