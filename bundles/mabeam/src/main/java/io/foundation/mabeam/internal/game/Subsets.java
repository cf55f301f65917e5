package io.foundation.mabeam.internal.game;

import java.util.ArrayList;
import java.util.List;

/** The k-element subsets of {0, …, n−1}, each ascending, in lexicographic order. */
final class Subsets {

    private Subsets() {
    }

    static List<int[]> of(int n, int k) {
        List<int[]> subsets = new ArrayList<>();
        int[] current = new int[k];
        for (int i = 0; i < k; i++) {
            current[i] = i;
        }
        while (true) {
            subsets.add(current.clone());
            int i = k - 1;
            while (i >= 0 && current[i] == n - k + i) {
                i--;
            }
            if (i < 0) {
                return subsets;
            }
            current[i]++;
            for (int j = i + 1; j < k; j++) {
                current[j] = current[j - 1] + 1;
            }
        }
    }
}
