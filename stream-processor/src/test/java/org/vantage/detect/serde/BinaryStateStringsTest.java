package org.vantage.detect.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BinaryStateStringsTest {
    /** A value that is one string, written and read with the format's string encoding. */
    static final BinaryStateSerde<String> ONE_STRING =
            BinaryStateSerde.of(String.class, new BinaryStateSerde.Codec<>() {
                @Override
                public void write(String value, BinaryStateSerde.Writer out) {
                    out.writeString(value.equals("<null>") ? null : value);
                }

                @Override
                public String read(BinaryStateSerde.Reader in) {
                    String s = in.readString();
                    return s == null ? "<null>" : s;
                }
            });

    static byte[] expected(String s) {
        byte[] utf8 = s == null ? null : s.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(5 + (utf8 == null ? 0 : utf8.length)).put(BinaryStateSerde.FORMAT_V1);
        if (utf8 == null) {
            return b.putInt(-1).array();
        }
        return b.putInt(utf8.length).put(utf8).array();
    }

    @Test
    void stringsAreTheirLengthThenTheirUtf8BytesWhateverTheirAlphabet() {
        for (String s :
                new String[] {"sim-pk-as100000-001", "", "Île-de-France", "東京", "a\u0080b", "x".repeat(10_000)}) {
            byte[] written = ONE_STRING.serialize("t", s);
            assertThat(written).as(s.length() > 40 ? "long" : s).isEqualTo(expected(s));
            assertThat(ONE_STRING.deserialize("t", written)).isEqualTo(s);
        }
        assertThat(ONE_STRING.serialize("t", "<null>")).isEqualTo(expected(null));
    }

    @Test
    void aNonAsciiStringAfterOthersInTheSameValueDoesNotDisturbThem() {
        BinaryStateSerde<String[]> pair = BinaryStateSerde.of(String[].class, new BinaryStateSerde.Codec<>() {
            @Override
            public void write(String[] v, BinaryStateSerde.Writer out) {
                out.writeString(v[0]);
                out.writeString(v[1]);
                out.writeLong(7);
            }

            @Override
            public String[] read(BinaryStateSerde.Reader in) {
                String[] v = {in.readString(), in.readString()};
                assertThat(in.readLong()).isEqualTo(7);
                return v;
            }
        });
        String[] v = {"PK:45669", "São Paulo"};
        assertThat(Arrays.asList(pair.deserialize("t", pair.serialize("t", v))))
                .containsExactly("PK:45669", "São Paulo");
    }
}
