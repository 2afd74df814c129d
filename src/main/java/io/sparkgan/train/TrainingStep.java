package io.sparkgan.train;

import io.sparkgan.augment.AdaptiveProbability;
import io.sparkgan.augment.Augmentation;
import io.sparkgan.augment.DrawnAugmentation;
import io.sparkgan.config.GanConfig;
import io.sparkgan.data.Minibatch;
import io.sparkgan.loss.DiscriminatorLoss;
import io.sparkgan.loss.GanLosses;
import io.sparkgan.loss.GeneratorLoss;
import io.sparkgan.loss.GradientPenalties;
import io.sparkgan.loss.InputGradientPenalty;
import io.sparkgan.loss.LipschitzConstraint;
import io.sparkgan.loss.LossFamily;
import io.sparkgan.model.Conditioning;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * One iteration of Goodfellow et al.'s Algorithm 1: k discriminator steps, then one generator step on
 * fresh noise. G and D are separate networks; the G step backpropagates through D without changing D.
 * With train.update = simultaneous the last D step's gradient and the G step's gradient are both taken at the
 * same point (theta_G, theta_D) before either is applied. With train.augment every image D sees, real and fake, in
 * both players' steps is T(x) for a T drawn per minibatch, and G's gradient flows back through T.
 */
public final class TrainingStep implements IterationStep {
    private final LossFamily loss;
    private final double labelSmoothing;
    private final LipschitzConstraint lipschitz;
    private final LatentPrior prior;
    private final int latentDim;
    private final int batchSize;
    private final double emaDecay;
    private final boolean simultaneous;
    private final GradientPenalties penalties;
    private final Conditioning conditioning;
    private final boolean workspaces;
    private final Augmentation augmentation;
    /** ADA's controller; null unless train.augment.adaptive. */
    private final AdaptiveProbability adaptive;

    /** At the whole train.batch-size (the single-JVM engine). */
    public TrainingStep(GanConfig config) {
        this(config, config.train().batchSize());
    }

    /** @param batchSize fakes of one G step (a D step takes as many as its real minibatch holds) */
    public TrainingStep(GanConfig config, int batchSize) {
        this(config, batchSize, 0);
    }

    /**
     * @param batchSize fakes of one G step
     * @param classes   K of the data set (0 when unlabelled): a conditional model's classes
     */
    public TrainingStep(GanConfig config, int batchSize, int classes) {
        this.loss = LossFamily.named(config.loss().family());
        this.labelSmoothing = config.loss().labelSmoothing();
        this.lipschitz = LipschitzConstraint.from(config.loss());
        this.prior = LatentPrior.named(config.model().prior());
        this.latentDim = config.model().latentDim();
        this.batchSize = batchSize;
        this.emaDecay = config.train().emaDecay();
        this.simultaneous = config.train().simultaneous();
        this.penalties = GradientPenalties.from(config.loss());
        this.conditioning = Conditioning.of(config.model(), classes);
        this.workspaces = config.train().workspaces();
        this.augmentation = Augmentation.of(config.train().augment());
        this.adaptive = config.train().augment().adaptive()
                ? new AdaptiveProbability(config.train().augment(), config.train().batchSize()) : null;
    }

    /**
     * @param realBatches supplies the next real minibatch [B, ...] (with its classes) for each D step
     * @param random      the iteration's random stream (latent noise and instance noise)
     */
    @Override
    public DeviceStepFigures iterate(GanState state, Supplier<Minibatch> realBatches, EpochSettings settings,
                              SplittableRandom random) {
        DStepFigures d = null;
        int dropped = 0;
        int alternating = simultaneous ? settings.dSteps() - 1 : settings.dSteps();
        for (int i = 0; i < alternating; i++) {
            d = discriminatorGradient(state, realBatches.get(), settings, random).apply(state);
            dropped += d.penaltyDropped;
        }
        GFigures g;
        if (simultaneous) {
            DiscriminatorGradient last = discriminatorGradient(state, realBatches.get(), settings, random);
            g = generatorStep(state, settings, random);      // its gradient through the D that `last` saw
            d = last.apply(state);
            dropped += d.penaltyDropped;
        } else {
            g = generatorStep(state, settings, random);
        }
        return new DeviceStepFigures(d.loss, g.loss, d.meanReal, g.meanFake, d.jsd, dropped);
    }

    /**
     * D's loss, mean D(x) and JSD estimate (null unless probabilistic), scalar arrays on the backend, and the
     * samples the step's gradient penalty left out (0 without one).
     */
    private record DStepFigures(INDArray loss, INDArray meanReal, INDArray jsd, int penaltyDropped) {
    }

    /**
     * D's gradient of one step, computed and not yet applied. D's gradient buffer is shared by every backward
     * pass through D (the G step's as well), so the gradient is kept as a copy and put back before the update.
     */
    private final class DiscriminatorGradient {
        private final Gradient gradient;
        private final INDArray saved;
        private final DStepFigures figures;

        DiscriminatorGradient(Gradient gradient, DStepFigures figures) {
            this.gradient = gradient;
            this.saved = StepWorkspace.copyOutside(gradient.gradient());   // kept past the step's workspace
            this.figures = figures;
        }

        DStepFigures apply(GanState state) {
            MultiLayerNetwork d = state.discriminator();
            gradient.gradient().assign(saved);
            applyUpdate(d, gradient, state.nextDiscriminatorStep());
            lipschitz.apply(d, state.lipschitzState());
            if (adaptive != null) {
                adaptive.afterStep(state.augmentState(), state.discriminatorSteps());
            }
            return figures;
        }
    }

    private record GFigures(INDArray loss, INDArray meanFake) {
    }

    /**
     * (1) Update D: minimise the discriminator loss on a real minibatch (positives) and G(z) (negatives);
     * for the minimax family that is maximising log D(x) + log(1 - D(G(z))).
     * Real and fake go through D as two separate minibatches, as in the DCGAN reference code: with batch
     * norm in D, a mixed batch would let D judge a sample by its batch's statistics, which the G step (a
     * batch of fakes only) never shows it. Every D loss is a sum of a term in the real scores and a term in
     * the fake scores, so dLoss/dReal is known from the real scores alone and the real pass can be
     * backpropagated before the fake pass runs. The two gradients are summed into one Adam step (batch
     * norm's running statistics move once per pass, as in PyTorch).
     */
    DStepFigures discriminatorStep(GanState state, INDArray real, EpochSettings settings, SplittableRandom random) {
        return discriminatorGradient(state, new Minibatch(real, null), settings, random).apply(state);
    }

    /**
     * D's loss and gradient at the current G and D; {@link DiscriminatorGradient#apply} takes the step. With a
     * gradient penalty (WGAN-GP, R1) its value joins D's loss and its exact parameter gradient D's gradient.
     */
    private DiscriminatorGradient discriminatorGradient(GanState state, Minibatch real, EpochSettings settings,
                                                        SplittableRandom random) {
        MultiLayerNetwork g = state.generator();
        MultiLayerNetwork d = state.discriminator();
        int b = (int) real.samples().size(0);
        int[] realLabels = realLabels(real);
        // a step with a gradient penalty runs on fresh arrays: the penalty's float64 copy of D runs DL4J's detached
        // passes, which refuse to run while a workspace is open
        boolean workspace = usesWorkspace(state) && !penalties.appliesAt(state.discriminatorSteps());
        try (MemoryWorkspace scope = StepWorkspace.open(workspace)) {
            INDArray z = prior.sample(b, latentDim, random);
            int[] fakeLabels = conditioning.drawLabels(b, random);     // null when unconditional (no draw)
            INDArray fake = StepWorkspace.forward(g, conditioning.generatorInput(z, fakeLabels));   // [B, ...]
            INDArray realIn = real.samples().dup();
            addInstanceNoise(realIn, settings.instanceNoiseStd(), random);
            addInstanceNoise(fake, settings.instanceNoiseStd(), random);
            double p = AdaptiveProbability.probability(state.augmentState());
            realIn = augmentation.draw(realIn.shape(), p, random).apply(realIn);    // T(x), what D sees [B, ...]
            fake = augmentation.draw(fake.shape(), p, random).apply(fake);          // T'(G(z)), T' drawn afresh
            INDArray mixing = penalties.interpolates() ? DeviceNoise.uniform(0, 1, random, b) : null;   // [B] a
            InputGradientPenalty.Result penalty = penalties.compute(d, realIn, fake, mixing,
                    state.discriminatorSteps());      // null when none applies to this step

            INDArray realScores = forward(d, conditioning.discriminatorInput(realIn, realLabels), realLabels);   // [B]
            if (adaptive != null) {
                AdaptiveProbability.observe(state.augmentState(), realScores, loss.decisionThreshold());
            }
            INDArray dReal = loss.discriminatorLoss(realScores, realScores, labelSmoothing).dReal();
            INDArray realGradient = d.backpropGradient(conditioning.outputGradient(dReal, realLabels),
                    LayerWorkspaceMgr.noWorkspaces()).getFirst().gradient().dup();

            INDArray fakeScores = forward(d, conditioning.discriminatorInput(fake, fakeLabels), fakeLabels);
            DiscriminatorLoss l = loss.discriminatorLoss(realScores, fakeScores, labelSmoothing);
            Gradient gradient = d.backpropGradient(conditioning.outputGradient(l.dFake(), fakeLabels),
                    LayerWorkspaceMgr.noWorkspaces()).getFirst();
            gradient.gradient().addi(realGradient);
            INDArray value = l.value();
            if (penalty != null) {
                gradient.gradient().addi(penalty.gradient());
                value.addi(penalty.value().castTo(value.dataType()));
            }
            INDArray jsd = loss.probabilistic() ? GanLosses.jsdEstimate(realScores, fakeScores) : null;
            return new DiscriminatorGradient(gradient, new DStepFigures(StepWorkspace.outside(value),
                    StepWorkspace.outside(loss.meanReportedOutput(realScores)), StepWorkspace.outside(jsd),
                    penalty == null ? 0 : penalty.dropped()));
        }
    }

    /**
     * (2) Update G: minimise the generator loss on fresh noise (non-saturating: maximise log D(G(z))).
     * Forward z through G and D, take dLoss/dscore, backpropagate through D without applying D's gradient
     * (so D's weights and batch-norm statistics stay as they are) to get dLoss/dG(z), backpropagate that
     * through G and apply G's Adam step.
     */
    GFigures generatorStep(GanState state, EpochSettings settings, SplittableRandom random) {
        MultiLayerNetwork g = state.generator();
        MultiLayerNetwork d = state.discriminator();
        GFigures figures;
        Gradient gradient;
        try (MemoryWorkspace scope = StepWorkspace.open(usesWorkspace(state))) {
            INDArray z = prior.sample(batchSize, latentDim, random);
            int[] labels = conditioning.drawLabels(batchSize, random);
            INDArray fake = StepWorkspace.forward(g, conditioning.generatorInput(z, labels)).dup();   // [B, ...]
            addInstanceNoise(fake, settings.instanceNoiseStd(), random);
            DrawnAugmentation t = augmentation.draw(fake.shape(), AdaptiveProbability.probability(state.augmentState()),
                    random);
            INDArray seen = t.apply(fake);                                   // T(G(z)) [B, ...]

            INDArray fakeScores = forward(d, conditioning.discriminatorInput(seen, labels), labels);
            GeneratorLoss l = loss.generatorLoss(fakeScores);
            Pair<Gradient, INDArray> throughD = d.backpropGradient(conditioning.outputGradient(l.dFake(), labels),
                    LayerWorkspaceMgr.noWorkspaces());
            // dLoss/dT(G(z)) [B, ...] (for a concatenating D without its one-hot inputs); D's gradient is discarded;
            // then through T: dLoss/dG(z) = J_T^T dLoss/dT(G(z))
            INDArray dLossDFake = t.adjoint(conditioning.sampleGradient(throughD.getSecond(), seen.shape()));
            gradient = g.backpropGradient(dLossDFake, LayerWorkspaceMgr.noWorkspaces()).getFirst();
            figures = new GFigures(StepWorkspace.outside(l.value()),
                    StepWorkspace.outside(loss.meanReportedOutput(fakeScores)));
        }
        applyUpdate(g, gradient, state.nextGeneratorStep());
        updateAverage(state);
        return figures;
    }

    /** Whether this step's passes run in the {@link StepWorkspace}: the key is on and both networks allow it. */
    private boolean usesWorkspace(GanState state) {
        return workspaces && StepWorkspace.supported(state.generator(), state.discriminator());
    }

    /**
     * Forward in training mode keeping each layer's input for the backward pass; returns the [N] scores
     * (for a projection D, o_0 + o_{1+y} of its outputs).
     */
    private INDArray forward(MultiLayerNetwork net, INDArray input, int[] labels) {
        return conditioning.scores(StepWorkspace.forward(net, input), labels);
    }

    /** The real minibatch's classes; a conditional GAN refuses a minibatch without them. */
    private int[] realLabels(Minibatch real) {
        if (conditioning.active() && real.labels() == null) {
            throw new IllegalStateException("the conditional GAN got a minibatch without labels");
        }
        if (conditioning.active()) {
            for (int y : real.labels()) {
                if (y < 0 || y >= conditioning.classes()) {
                    throw new IllegalStateException("label " + y + " is outside the " + conditioning.classes()
                            + " classes of this conditional GAN");
                }
            }
        }
        return real.labels();
    }

    /**
     * Adam turns the gradient into an update in place; theta <- theta - update. Our epsilons are already
     * minibatch means, so DL4J's division by the minibatch size is switched off by passing 1.
     */
    static void applyUpdate(MultiLayerNetwork net, Gradient gradient, long step) {
        net.getUpdater().update(net, gradient, (int) step, net.getEpochCount(), 1,
                LayerWorkspaceMgr.noWorkspaces());
        net.params().subi(gradient.gradient());
    }

    private void updateAverage(GanState state) {
        INDArray average = state.generatorAverage();
        if (average != null) {
            // ema <- decay * ema + (1 - decay) * theta
            average.muli(emaDecay).addi(state.generator().params().mul(1.0 - emaDecay));
        }
    }

    /** x <- x + N(0, std^2), in place (instance noise, Sønderby et al. 2017; Arjovsky & Bottou 2017). */
    private static void addInstanceNoise(INDArray x, double std, SplittableRandom random) {
        DeviceNoise.addNormal(x, std, random);
    }

}
