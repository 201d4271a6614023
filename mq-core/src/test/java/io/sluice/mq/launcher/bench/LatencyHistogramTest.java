package io.sluice.mq.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void smallValuesAreExact() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 1; i <= 50; i++) {
            histogram.record(i);
        }

        assertThat(histogram.percentile(50)).isEqualTo(25);
        assertThat(histogram.percentile(100)).isEqualTo(50);
        assertThat(histogram.mean()).isCloseTo(25.5, within(1e-9));
    }

    @Test
    void percentilesOfWideValuesAreWithinThreePercentOfTheSortedTruth() {
        Random random = new Random(7);
        long[] values = new long[100_000];
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(random.nextDouble() * 20); // 1 .. ~5e8
            histogram.record(values[i]);
        }
        Arrays.sort(values);

        for (double p : new double[] {50, 90, 99, 99.9}) {
            long truth = values[(int) Math.ceil(p / 100 * values.length) - 1];
            assertThat((double) histogram.percentile(p)).isCloseTo(truth, within(truth * 0.03 + 1));
        }
        assertThat(histogram.percentile(100)).isEqualTo(values[values.length - 1]);
    }

    @Test
    void bucketsAreContiguousAndMonotonic() {
        for (long value = 0; value < 1 << 20; value += 7) {
            int bucket = LatencyHistogram.bucketOf(value);
            assertThat(LatencyHistogram.upperEdge(bucket)).isGreaterThanOrEqualTo(value);
            if (bucket > 0) {
                assertThat(LatencyHistogram.upperEdge(bucket - 1)).isLessThan(value);
            }
        }
        assertThat(LatencyHistogram.bucketOf(Long.MAX_VALUE)).isLessThan(2000);
    }

    @Test
    void mergingAddsCounts() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(10);
        b.record(1000);
        b.record(-5);

        a.add(b);

        assertThat(a.count()).isEqualTo(3);
        assertThat(a.max()).isEqualTo(1000);
        assertThat(a.percentile(1)).isZero();
    }
}
