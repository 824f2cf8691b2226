package dev.vigil.perf.pipeline;

/**
 * Steady throughput from the arrival times of a run's output records: the records after the first
 * {@code skip} fraction (start-up, JIT, model load) divided by the time they took.
 */
final class Throughput {
    private Throughput() {}

    /**
     * @param arrivals {@code System.nanoTime()} of each record's arrival, in order
     * @param count how many of {@code arrivals} are filled
     * @return records per second, or NaN when fewer than two records remain after the skip
     */
    static double steady(long[] arrivals, int count, double skip) {
        int first = (int) Math.floor(count * skip);
        int last = count - 1;
        if (last - first < 1 || arrivals[last] <= arrivals[first]) {
            return Double.NaN;
        }
        return (last - first) * 1e9 / (arrivals[last] - arrivals[first]);
    }
}
