package io.sparkgan.run;

import io.sparkgan.checkpoint.CheckpointState;
import io.sparkgan.checkpoint.CheckpointStore;
import io.sparkgan.checkpoint.TrainingPosition;
import io.sparkgan.config.DivergenceConfig;
import io.sparkgan.config.GanConfig;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.train.DivergenceException;
import io.sparkgan.train.EpochSettings;
import io.sparkgan.train.GanState;
import io.sparkgan.train.IntervalStats;
import io.sparkgan.train.Schedule;

import java.io.PrintStream;
import java.util.Optional;

/**
 * The driver's loop, shared by both engines: epochs of rounds (H iterations each, from the schedule), a
 * finiteness check of every parameter after each round, logging intervals, checkpoints at the start, after
 * every epoch and every M rounds, and the epoch-end outputs after the epoch's checkpoint (a resume from that
 * checkpoint writes them again). It starts fresh or from the latest
 * checkpoint (--resume), and on a divergence either stops, naming epoch, round and network, or rolls back
 * to the latest checkpoint with both learning rates scaled by divergence.learning-rate-factor.
 */
public final class TrainingLoop {
    private final GanConfig config;
    private final RunDirectory run;
    private final PrintStream progress;
    private final CheckpointStore store;
    private final TrainingLog log;
    private TrainingPosition position = TrainingPosition.START;
    private double learningRateScale = 1.0;
    private int rollbacks;
    private boolean nanInjected;
    private boolean dryRun;

    public TrainingLoop(GanConfig config, RunDirectory run, PrintStream progress) {
        this.config = config;
        this.run = run;
        this.progress = progress;
        this.store = CheckpointStore.open(config, run);
        this.log = new TrainingLog(config, run, progress);
    }

    /** Trains {@code state} with {@code runner}; with {@code resume}, from the latest checkpoint when there is one. */
    public RunSummary run(RoundRunner runner, GanState state, boolean resume, boolean dryRun) {
        start(state, resume, dryRun);
        Schedule schedule = new Schedule(config.train(), config.spark().averagingPeriod());
        int epochs = dryRun ? 1 : config.train().epochs();
        int logEvery = config.output().logEverySteps();
        long runStart = System.nanoTime();
        long done = 0;
        IntervalStats interval = new IntervalStats();
        int intervalIterations = 0;
        long intervalStart = System.nanoTime();

        while (position.epoch() < epochs) {
            int epoch = position.epoch();
            EpochSettings settings = scaled(schedule.at(epoch));
            state.setLearningRates(settings);
            int iterations = runner.iterations(settings, dryRun);
            int period = settings.averagingPeriod();
            int rounds = (iterations + period - 1) / period;
            int first = position.iteration();
            if (first < iterations) {
                int round = first / period;
                int count = Math.min(period, iterations - first);
                try {
                    IntervalStats stats = runner.round(state, settings, epoch, round, rounds, first, count);
                    maybeInjectNan(state, epoch, round);
                    String bad = state.firstNonFinite();
                    if (bad != null) {
                        throw new DivergenceException(bad);
                    }
                    interval.addAll(stats);
                } catch (DivergenceException e) {
                    rollBack(state, "training diverged at epoch " + epoch + ", round " + round + " of " + rounds
                            + " (iterations " + first + "-" + (first + count - 1) + "): " + e.getMessage());
                    interval = new IntervalStats();
                    intervalIterations = 0;
                    intervalStart = System.nanoTime();
                    continue;
                }
                position = new TrainingPosition(epoch, first + count);
                log.round(state);
                done += count;
                intervalIterations += count;
                boolean epochEnds = position.iteration() >= iterations;
                if (intervalIterations >= logEvery || epochEnds) {
                    long remaining = (long) (epochs - epoch) * iterations - position.iteration();
                    log.rounds(rounds, runner.takeCost());
                    log.interval(epoch, epochs, state.generatorSteps(), interval.mean(),
                            intervalIterations * runner.samplesPerIteration(settings),
                            (System.nanoTime() - intervalStart) / 1e9, "round " + (round + 1) + "/" + rounds,
                            done, done + remaining, (System.nanoTime() - runStart) / 1e9);
                    interval = new IntervalStats();
                    intervalIterations = 0;
                    intervalStart = System.nanoTime();
                }
                if (!epochEnds) {
                    int every = config.checkpoint().everyRounds();
                    if (every > 0 && (round + 1) % every == 0) {
                        checkpoint(state);
                    }
                    continue;
                }
            }
            // the checkpoint first: a failure in the samples, the evaluation or the report loses no training
            position = new TrainingPosition(epoch + 1, 0);
            checkpoint(state);
            log.endOfEpoch(epoch, state);
        }
        return log.finish(state, epochs, dryRun);
    }

    /** Restores the latest checkpoint (resume) or writes the initial one, so a good checkpoint always exists. */
    private void start(GanState state, boolean resume, boolean dryRun) {
        this.dryRun = dryRun;
        Optional<String> latest = resume ? store.latest() : Optional.empty();
        if (latest.isPresent()) {
            CheckpointStore.Restored restored = store.restore(latest.get(), state, config);
            CheckpointState saved = restored.state();
            if (saved.dryRun() && !dryRun) {
                throw new IllegalArgumentException("the checkpoint " + store.location() + "/" + restored.name()
                        + " is from a dry run (--dry-run: one iteration of one epoch), not a run to continue; start the "
                        + "run with --overwrite instead of --resume");
            }
            position = saved.position();
            learningRateScale = saved.learningRateScale();
            rollbacks = saved.rollbacks();
            log.restore(saved.samplesSeen(), saved.trainSeconds());
            run.truncateMetrics(saved.metricsBytes());
            progress.printf("resuming from checkpoint %s/%s (%s)%n", store.location(), restored.name(), position);
            restored.changedKeys().forEach(k -> progress.println("  changed since the checkpoint: " + k));
            run.writeConfig(config.resolved());
            if (position.iteration() == 0 && position.epoch() > 0) {
                // an epoch-end checkpoint precedes that epoch's outputs, and metrics.jsonl was cut back to the
                // checkpoint: write them again (the same fixed noise and seeds give the same lines)
                log.endOfEpoch(position.epoch() - 1, state);
            }
            return;
        }
        if (resume) {
            progress.println("no complete checkpoint in " + store.location() + ": starting a new run");
        }
        run.truncateMetrics(0);
        run.writeConfig(config.resolved());
        log.round(state);          // the starting point of a trajectory (the linear model)
        checkpoint(state);
    }

    private void checkpoint(GanState state) {
        store.write(state, new CheckpointState(position, state.generatorSteps(), state.discriminatorSteps(),
                learningRateScale, rollbacks, log.samplesSeen(), log.trainSeconds(), run.metricsBytes(),
                config.seed(), dryRun), config.resolved());
    }

    /** Stops with the divergence and the intact checkpoint named, or reloads that checkpoint with lower rates. */
    private void rollBack(GanState state, String divergence) {
        DivergenceConfig policy = config.divergence();
        String latest = store.latest().orElseThrow(() -> new DivergenceException(divergence + "; no checkpoint"));
        if (!policy.rollback() || rollbacks >= policy.maxRollbacks()) {
            throw new DivergenceException(divergence + "; the last good checkpoint " + store.location() + "/" + latest
                    + " is intact" + (policy.rollback()
                    ? " (" + rollbacks + " roll-backs already, divergence.max-rollbacks = " + policy.maxRollbacks() + ")"
                    : "; resume it with lower learning rates, or set divergence.action = rollback"));
        }
        CheckpointStore.Restored restored = store.restore(latest, state, config);
        position = restored.state().position();
        log.restore(restored.state().samplesSeen(), restored.state().trainSeconds());
        rollbacks++;
        learningRateScale *= policy.learningRateFactor();
        log.rollback(divergence, latest, learningRateScale, rollbacks);
    }

    /** The fault drill divergence.inject-nan: poisons D's first parameter once per process. */
    private void maybeInjectNan(GanState state, int epoch, int round) {
        DivergenceConfig policy = config.divergence();
        if (!nanInjected && policy.injectEpoch() == epoch && policy.injectRound() == round) {
            nanInjected = true;
            state.discriminator().params().putScalar(0, Double.NaN);
        }
    }

    private EpochSettings scaled(EpochSettings s) {
        return learningRateScale == 1.0 ? s : new EpochSettings(s.dSteps(), s.generatorLearningRate() * learningRateScale,
                s.discriminatorLearningRate() * learningRateScale, s.instanceNoiseStd(), s.averagingPeriod());
    }
}
