package dev.vigil.perf.pipeline;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest SDK's {@code regions::find_with} in Java, for the plain-Java baseline: the 4-connected
 * regions of score-map cells above a threshold, in the row-major order of their first cell, each
 * with its bounding cells and peak score. Reuses its memory from map to map, as the guest does.
 */
final class RegionFinder {
    /** Bounding cells (inclusive) and the highest score of one region. */
    record Region(int col0, int row0, int col1, int row1, float maxScore) {}

    private int[] seen = new int[0];
    private int[] stack = new int[0];
    private int epoch;

    /** The regions of the {@code width x height} row-major map at {@code map}'s position. */
    List<Region> find(FloatBuffer map, int width, int height, float threshold) {
        int cells = width * height;
        if (seen.length < cells) {
            seen = new int[cells];
            stack = new int[cells];
            epoch = 0;
        }
        epoch++; // seen[i] == epoch marks cell i visited in this map: no clearing between maps
        int base = map.position();
        List<Region> regions = new ArrayList<>();
        for (int start = 0; start < cells; start++) {
            if (seen[start] == epoch || map.get(base + start) <= threshold) {
                continue;
            }
            int col0 = start % width;
            int row0 = start / width;
            int col1 = col0;
            int row1 = row0;
            float max = 0f;
            seen[start] = epoch;
            stack[0] = start;
            int top = 1;
            while (top > 0) {
                int cell = stack[--top];
                int c = cell % width;
                int r = cell / width;
                max = Math.max(max, map.get(base + cell));
                col0 = Math.min(col0, c);
                col1 = Math.max(col1, c);
                row0 = Math.min(row0, r);
                row1 = Math.max(row1, r);
                if (c > 0) {
                    top = push(map, base, cell - 1, threshold, top);
                }
                if (c + 1 < width) {
                    top = push(map, base, cell + 1, threshold, top);
                }
                if (r > 0) {
                    top = push(map, base, cell - width, threshold, top);
                }
                if (r + 1 < height) {
                    top = push(map, base, cell + width, threshold, top);
                }
            }
            regions.add(new Region(col0, row0, col1, row1, max));
        }
        return regions;
    }

    private int push(FloatBuffer map, int base, int cell, float threshold, int top) {
        if (seen[cell] != epoch && map.get(base + cell) > threshold) {
            seen[cell] = epoch;
            stack[top++] = cell;
        }
        return top;
    }
}
