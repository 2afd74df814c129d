package io.sparkgan.spark;

import io.sparkgan.config.GanConfig;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What an executor JVM keeps between the rounds of a run, and only for that run: its decoded shards
 * ({@link ShardCache}), its pooled G/D pairs ({@link NetworkPool}) and its parsed config ({@link ConfigCache}),
 * under the run's id. Nothing else in the Spark engine outlives a task on an executor.
 * <p>
 * <b>Lifetime.</b> The driver opens a {@link Run} when a run starts ({@link #open}) and closes it when the run
 * ends, normally or by an exception ({@link SparkEngine#trainOn}, and so also a failed
 * {@code io.sparkgan.ml.GanEstimator.fit}). An executor makes its part of the run on the run's first task there;
 * close drops it everywhere:
 * <ol>
 *   <li>a <b>release job</b>: as many one-element tasks as the application has task slots (at least one per
 *   executor), each dropping the run in the JVM it lands on and answering with that JVM's executor id. With
 *   every slot free at a run's end, Spark's scheduler spreads such a job over all executors; when fewer
 *   executors answered than the status tracker lists (busy slots, another run's tasks in the same
 *   application) the job runs once more with four times the tasks. The job is best effort and bounded: it is
 *   skipped when the context is stopped or there are no executors (it must not ask dynamic allocation for new
 *   ones), and it is cancelled after {@value #RELEASE_SECONDS} s (a cluster that is gone, the very failure that
 *   may have ended the run); its failure is logged, never thrown over the run's own outcome;</li>
 *   <li>the driver's JVM drops the run too (it is the executor in local mode; also when the job was
 *   skipped);</li>
 *   <li>where a release is lost anyway (an executor that never got a release task, one that joined late),
 *   <b>bounded eviction</b> ends it: a JVM keeps the {@value #MAX_RUNS} runs it used last and drops the
 *   least recently used beyond them, so a lost release holds memory only until a few more runs have used that
 *   executor, never for the application's lifetime. A run evicted while still alive (more than
 *   {@value #MAX_RUNS} runs training at once on one executor, e.g. a parallel CrossValidator) only rebuilds its
 *   shards and networks, as a retried task on another executor does.</li>
 * </ol>
 * Spark's own hooks were considered and not taken: a broadcast's or an RDD's unpersist reaches every executor
 * reliably, but only for blocks in Spark's block manager, with no code run on the executor, and neither the
 * pooled networks (ND4J arrays, on a GPU with the cuda profile) nor the decoded shards live there.
 * <p>
 * A released run's id is remembered (the last {@value #MAX_RELEASED}), so that a straggling task of a finished
 * run (a zombie attempt Spark no longer waits for) computes without caching rather than bringing its run back.
 * <p>
 * Determinism is untouched: a task computes the same from a cached shard or network as from a rebuilt one (the
 * round's snapshot overwrites every parameter and updater state of a pooled pair), which is what makes a retry
 * on another executor, eviction and release all safe.
 */
public final class ExecutorCache {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorCache.class);
    /** Runs one JVM keeps at most: the least recently used beyond them are dropped. */
    static final int MAX_RUNS = 4;
    /** Released run ids one JVM remembers, so that late tasks of those runs do not cache again. */
    static final int MAX_RELEASED = 64;
    /** How long the driver waits for the release job before cancelling it. */
    static final int RELEASE_SECONDS = 15;

    private static final Object LOCK = new Object();
    /** This JVM's runs, least recently used first. */
    private static final Map<String, Parts> RUNS = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Parts> eldest) {
            if (size() <= MAX_RUNS) {
                return false;
            }
            LOG.warn("spark-gan: dropping run {}'s executor cache ({}): more than {} runs used this JVM since, and its "
                    + "release did not arrive", eldest.getKey(), eldest.getValue().contents(), MAX_RUNS);
            return true;
        }
    };
    private static final Set<String> RELEASED = new LinkedHashSet<>();

    private ExecutorCache() {
    }

    /** One run's parts in one JVM. */
    record Parts(ConfigCache configs, ShardCache shards, NetworkPool networks) {
        Parts() {
            this(new ConfigCache(), new ShardCache(), new NetworkPool());
        }

        GanConfig config(String resolvedHocon, String name) {
            return configs.get(resolvedHocon, name);
        }

        Contents contents() {
            return new Contents(shards.size(), networks.size(), configs.size());
        }
    }

    /** How much of a run a JVM holds (or dropped): shards, pooled G/D pairs, parsed configs. */
    public record Contents(int shards, int networks, int configs) {
        public static final Contents NONE = new Contents(0, 0, 0);

        public boolean isEmpty() {
            return shards == 0 && networks == 0 && configs == 0;
        }

        Contents plus(Contents o) {
            return new Contents(shards + o.shards, networks + o.networks, configs + o.configs);
        }

        @Override
        public String toString() {
            return shards + " shards, " + networks + " pooled G/D pairs, " + configs + " configs";
        }
    }

    /**
     * What a run's release did: the executors that answered (their ids; "driver" in local mode), of how many
     * the application listed, and what they dropped.
     */
    public record Release(Set<String> executors, int expected, Contents dropped) {
        public boolean reachedAll() {
            return executors.size() >= expected;
        }
    }

    /**
     * A run's scope on the driver: its id travels with the run's tasks; {@link #close} releases the run on every
     * executor (best effort, see the class comment) and in this JVM. Closing twice releases once.
     */
    public static final class Run implements AutoCloseable {
        private final JavaSparkContext sc;
        private final String id;
        private Release release;

        private Run(JavaSparkContext sc, String id) {
            this.sc = sc;
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** What the release did; null while the run is open. */
        public Release release() {
            return release;
        }

        @Override
        public void close() {
            if (release == null) {
                release = releaseEverywhere(sc, id);
            }
        }
    }

    /** Opens a run's scope on the driver; {@code name} (the experiment's) only makes the id readable in logs. */
    public static Run open(JavaSparkContext sc, String name) {
        return new Run(sc, name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + UUID.randomUUID());
    }

    /**
     * On an executor: this JVM's parts of run {@code runId}, made on its first task here. A released run gets
     * parts of its own that nothing keeps.
     */
    static Parts of(String runId) {
        synchronized (LOCK) {
            Parts parts = RUNS.get(runId);
            if (parts == null) {
                parts = new Parts();
                if (!RELEASED.contains(runId)) {
                    RUNS.put(runId, parts);
                }
            }
            return parts;
        }
    }

    /** The runs this JVM holds now, least recently used first. */
    public static List<String> heldRuns() {
        synchronized (LOCK) {
            return List.copyOf(RUNS.keySet());
        }
    }

    /** What this JVM holds of run {@code runId} (nothing when it holds no part of it). */
    public static Contents contents(String runId) {
        synchronized (LOCK) {
            Parts parts = RUNS.get(runId);
            return parts == null ? Contents.NONE : parts.contents();
        }
    }

    /** Drops run {@code runId} in this JVM and remembers it as released; returns what it held. */
    static Contents releaseHere(String runId) {
        synchronized (LOCK) {
            RELEASED.add(runId);
            if (RELEASED.size() > MAX_RELEASED) {
                RELEASED.remove(RELEASED.iterator().next());
            }
            Parts parts = RUNS.remove(runId);
            return parts == null ? Contents.NONE : parts.contents();
        }
    }

    /** The release job on the executors, then this JVM's own release; never throws. */
    static Release releaseEverywhere(JavaSparkContext sc, String runId) {
        Release release = new Release(Set.of(), 0, Contents.NONE);
        try {
            release = onExecutors(sc, runId);
        } catch (RuntimeException e) {
            LOG.warn("spark-gan: the release job of run {} failed; executors drop it when they evict it: {}", runId,
                    e.toString());
        } finally {
            Contents here = releaseHere(runId);
            release = new Release(release.executors(), release.expected(), release.dropped().plus(here));
        }
        if (release.reachedAll()) {
            LOG.info("spark-gan: released run {} on {} executor(s): {}", runId, release.executors().size(),
                    release.dropped());
        } else {
            LOG.warn("spark-gan: released run {} on {} of {} executor(s) ({}); the others drop it when they evict it",
                    runId, release.executors().size(), release.expected(), release.dropped());
        }
        return release;
    }

    private static Release onExecutors(JavaSparkContext sc, String runId) {
        if (sc.sc().isStopped()) {
            return new Release(Set.of(), 0, Contents.NONE);
        }
        // the status tracker lists the driver too; in local mode the driver is the one executor
        int listed = sc.sc().statusTracker().getExecutorInfos().length;
        int expected = sc.isLocal() ? 1 : listed - 1;
        Set<String> answered = new TreeSet<>();
        Contents dropped = Contents.NONE;
        if (expected <= 0) {
            return new Release(answered, 0, dropped);
        }
        int tasks = Math.max(expected, sc.defaultParallelism());
        String description = sc.getLocalProperty("spark.job.description");
        sc.setJobDescription("spark-gan: release run " + runId + " on the executors");
        try {
            for (int attempt = 0; attempt < 2 && answered.size() < expected; attempt++, tasks *= 4) {
                List<Integer> slots = new ArrayList<>();
                for (int i = 0; i < tasks; i++) {
                    slots.add(i);
                }
                JavaFutureAction<List<Dropped>> job = sc.parallelize(slots, tasks)
                        .mapPartitions(ignored -> List.of(Dropped.here(runId)).iterator()).collectAsync();
                List<Dropped> answers;
                try {
                    answers = job.get(RELEASE_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    job.cancel(true);
                    LOG.warn("spark-gan: the release job of run {} did not finish in {} s; cancelled", runId,
                            RELEASE_SECONDS);
                    break;
                } catch (InterruptedException e) {
                    job.cancel(true);
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("release job failed: " + e.getCause(), e.getCause());
                }
                for (Dropped d : answers) {
                    answered.add(d.executor);
                    dropped = dropped.plus(new Contents(d.shards, d.networks, d.configs));
                }
            }
        } finally {
            sc.setJobDescription(description);
        }
        return new Release(answered, expected, dropped);
    }

    /** One release task's answer: a plain class for Spark's Kryo (4.x cannot build records). */
    static final class Dropped implements Serializable {
        private static final long serialVersionUID = 1L;
        final String executor;
        final int shards;
        final int networks;
        final int configs;

        Dropped(String executor, Contents c) {
            this.executor = executor;
            this.shards = c.shards();
            this.networks = c.networks();
            this.configs = c.configs();
        }

        static Dropped here(String runId) {
            SparkEnv env = SparkEnv.get();
            return new Dropped(env == null ? "?" : env.executorId(), releaseHere(runId));
        }
    }
}
