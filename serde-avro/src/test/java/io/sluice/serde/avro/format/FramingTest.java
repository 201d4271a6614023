package io.sluice.serde.avro.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class FramingTest {

    @Test
    void singleObjectHeaderIsMarkerThenLittleEndianFingerprint() {
        byte[] header = Framing.header(SchemaRef.fingerprint(0x0102030405060708L));

        assertThat(header).containsExactly(0xC3, 0x01, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01);
        assertThat(Framing.detect(header)).isEqualTo(WireFormat.SINGLE_OBJECT);
        assertThat(Framing.readFingerprint(header)).isEqualTo(0x0102030405060708L);
    }

    @Test
    void negativeFingerprintsSurviveTheLittleEndianRoundTrip() {
        long fingerprint = 0xF1E2D3C4B5A69788L;

        assertThat(Framing.readFingerprint(Framing.header(SchemaRef.fingerprint(fingerprint))))
                .isEqualTo(fingerprint);
    }

    @Test
    void confluentHeaderIsMagicZeroThenBigEndianId() {
        byte[] header = Framing.header(SchemaRef.schemaId(0x01020304));

        assertThat(header).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04);
        assertThat(Framing.detect(header)).isEqualTo(WireFormat.CONFLUENT);
        assertThat(Framing.readSchemaId(header)).isEqualTo(0x01020304);
        assertThat(Framing.readSchemaId(Framing.header(SchemaRef.schemaId(Integer.MAX_VALUE))))
                .isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void detectionRejectsOtherAndShortBodies() {
        assertThat(Framing.detect(new byte[0])).isNull();
        assertThat(Framing.detect(new byte[] {0x7B, 0x22})).isNull();
        assertThat(Framing.detect(new byte[] {(byte) 0xC3, 0x01, 1, 2, 3})).isNull();
        assertThat(Framing.detect(new byte[] {(byte) 0xC3, 0x02, 1, 2, 3, 4, 5, 6, 7, 8}))
                .isNull();
        assertThat(Framing.detect(new byte[] {0x00, 0x00, 0x01})).isNull();
        assertThat(Framing.detect(new byte[] {0x00, 0, 0, 0, 1})).isEqualTo(WireFormat.CONFLUENT);
    }

    @Test
    void unrecognisedBodiesAreDescribedWithLengthAndFirstBytes() {
        assertThat(Framing.describeUnrecognised(new byte[0])).contains("body of 0 bytes is empty");
        assertThat(Framing.describeUnrecognised(new byte[] {0x7B, 0x22, 0x61}))
                .contains("body of 3 bytes starts with 7B 22 61")
                .contains("expected C3 01");
        assertThat(Framing.describeUnrecognised(new byte[] {(byte) 0xC3, 0x01, 0x05}))
                .contains("shorter than its 10-byte header");
        assertThat(Framing.describeUnrecognised(new byte[] {0x00, 0x01})).contains("shorter than its 5-byte header");
    }

    @Test
    void fingerprintIsAvrosParsingCanonicalFormCrc64AndIgnoresDocs() {
        Schema plain = new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
        Schema documented = new Schema.Parser()
                .parse(
                        "{\"type\":\"record\",\"name\":\"R\",\"doc\":\"d\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"doc\":\"x\"}]}");

        assertThat(SchemaRef.fingerprintOf(plain)).isEqualTo(SchemaNormalization.parsingFingerprint64(plain));
        assertThat(SchemaRef.fingerprintOf(documented)).isEqualTo(SchemaRef.fingerprintOf(plain));
    }

    @Test
    void propertyValuesAndDescriptions() {
        SchemaRef fingerprint = SchemaRef.fingerprint(0xABL);
        SchemaRef id = SchemaRef.schemaId(42);

        assertThat(fingerprint.propertyValue()).isEqualTo("00000000000000ab");
        assertThat(SchemaRef.fingerprint(-1L).propertyValue()).isEqualTo("ffffffffffffffff");
        assertThat(fingerprint).hasToString("fingerprint 0x00000000000000ab");
        assertThat(id.propertyValue()).isEqualTo("42");
        assertThat(id).hasToString("schema id 42");
        assertThat(WireFormat.SINGLE_OBJECT.propertyName()).isEqualTo("sluice.avro.fingerprint");
        assertThat(WireFormat.CONFLUENT.propertyName()).isEqualTo("sluice.avro.schema.id");
    }
}
