package io.sparkgan.eval;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * The k-NN work on Spark executors: the reference rows (and ball radii) are broadcast once, the query rows
 * are cut into blocks of {@link NeighbourKernel#BLOCK} rows, one block per task, each task runs
 * {@link NeighbourKernel} on its block, and the driver puts the per-row answers back in
 * query order. Only the answers (one number per query row) come back to the driver.
 */
final class SparkNeighbourSearch implements NeighbourSearch {
    private final JavaSparkContext sc;

    SparkNeighbourSearch(JavaSparkContext sc) {
        this.sc = sc;
    }

    @Override
    public double[] kthNeighbourDistances(FeatureMatrix points, int k) {
        return run(points, points, null, k + 1, "k-NN radii of " + points.rows() + " rows (k = " + k + ")");
    }

    @Override
    public boolean[] insideAnyBall(FeatureMatrix queries, FeatureMatrix centres, double[] radii) {
        double[] inside = run(queries, centres, radii, 0, queries.rows() + " rows in " + centres.rows() + " k-NN balls");
        boolean[] out = new boolean[inside.length];
        for (int i = 0; i < inside.length; i++) {
            out[i] = inside[i] > 0;
        }
        return out;
    }

    /** rank > 0: the rank-th smallest distance per query row; else 1 when inside a ball, 0 when not. */
    private double[] run(FeatureMatrix queries, FeatureMatrix reference, double[] radii, int rank, String what) {
        Broadcast<Rows> ref = sc.broadcast(Rows.of(0, reference, radii));
        try {
            List<Rows> blocks = new ArrayList<>();
            for (int from = 0; from < queries.rows(); from += NeighbourKernel.BLOCK) {
                int to = Math.min(queries.rows(), from + NeighbourKernel.BLOCK);
                blocks.add(Rows.of(from, queries.slice(from, to), null));
            }
            sc.setJobDescription("spark-gan evaluation: " + what);
            // One block per task (256 rows of F doubles: 256 KB for F = 128), so that tasks stay small whatever N.
            List<Rows> answers = new ArrayList<>(sc.parallelize(blocks, blocks.size())
                    .mapPartitions(it -> answer(it, ref.value(), rank)).collect());
            answers.sort(Comparator.comparingInt(r -> r.offset));
            double[] out = new double[queries.rows()];
            for (Rows a : answers) {
                System.arraycopy(a.values, 0, out, a.offset, a.values.length);
            }
            return out;
        } finally {
            ref.destroy();
        }
    }

    private static Iterator<Rows> answer(Iterator<Rows> blocks, Rows reference, int rank) {
        FeatureMatrix ref = reference.matrix();
        List<Rows> out = new ArrayList<>();
        while (blocks.hasNext()) {
            Rows block = blocks.next();
            double[] values;
            if (rank > 0) {
                values = NeighbourKernel.kthSmallestDistance(block.matrix(), ref, rank);
            } else {
                boolean[] inside = NeighbourKernel.insideAnyBall(block.matrix(), ref, reference.radii);
                values = new double[inside.length];
                for (int i = 0; i < inside.length; i++) {
                    values[i] = inside[i] ? 1 : 0;
                }
            }
            Rows answer = new Rows();
            answer.offset = block.offset;
            answer.values = values;
            out.add(answer);
        }
        return out.iterator();
    }

    /**
     * A block of rows starting at {@code offset} (with ball radii for a broadcast reference), or a block's
     * answers. A plain class: Spark's Kryo (4.x) cannot build records.
     */
    static final class Rows implements Serializable {
        private static final long serialVersionUID = 1L;
        int offset;
        int rows;
        int cols;
        double[] values;
        double[] radii;

        static Rows of(int offset, FeatureMatrix m, double[] radii) {
            Rows r = new Rows();
            r.offset = offset;
            r.rows = m.rows();
            r.cols = m.cols();
            r.values = m.values();
            r.radii = radii;
            return r;
        }

        FeatureMatrix matrix() {
            return new FeatureMatrix(rows, cols, values);
        }
    }
}
