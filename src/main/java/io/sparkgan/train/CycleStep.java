package io.sparkgan.train;

import io.sparkgan.config.GanConfig;
import io.sparkgan.data.Minibatch;
import io.sparkgan.data.UnpairedImages;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * One CycleGAN iteration (Zhu et al. 2017) on a minibatch of a [B, C, H, W] from A and b [B, C, H, W] from B:
 * <pre>
 * generators, one Adam step each on
 *   L_G = mean (D_B(G_AB(a)) - 1)^2 + mean (D_A(G_BA(b)) - 1)^2                       (least squares, per patch)
 *       + lambda (mean |G_BA(G_AB(a)) - a| + mean |G_AB(G_BA(b)) - b|)                 (cycle consistency)
 *       + identity * lambda (mean |G_AB(b) - b| + mean |G_BA(a) - a|)                   (identity)
 * then each discriminator, one Adam step on
 *   L_D_B = (mean (D_B(b) - 1)^2 + mean D_B(pool_B(G_AB(a)))^2) / 2, and L_D_A likewise with a and pool_A.
 * </pre>
 * Means run over every element (pixels or patches). The fakes that D sees are those of the generator step, taken
 * before G's update, through the history pools. The gradient of each generator gathers two backward passes: once
 * as the outer network (identity and the second half of a cycle, on [G_other(x); x'] stacked as one minibatch,
 * which instance normalisation keeps exact) and once as the inner one (from a, with the epsilon that D and the
 * other generator pass back to G_AB(a)).
 */
public final class CycleStep implements IterationStep {
    private final double lambda;
    private final double identity;
    private final boolean workspaces;

    public CycleStep(GanConfig config) {
        this.lambda = config.cycle().lambda();
        this.identity = config.cycle().identityWeight();
        this.workspaces = config.train().workspaces();
    }

    /**
     * All four gradients are computed inside the {@link StepWorkspace} (when train.workspaces is on), then the four
     * Adam steps are taken outside it. Each gradient depends only on the parameters from before the iteration and
     * on the fakes of the generator pass, so computing D's gradients before G's update changes nothing.
     */
    @Override
    public DeviceStepFigures iterate(GanState state, Supplier<Minibatch> realBatches, EpochSettings settings,
                             SplittableRandom random) {
        INDArray[] ab = UnpairedImages.split(realBatches.get().samples());
        INDArray a = ab[0];
        INDArray b = ab[1];
        MultiLayerNetwork gAB = state.generator();
        MultiLayerNetwork dB = state.discriminator();
        MultiLayerNetwork gBA = state.reverse().generator();
        MultiLayerNetwork dA = state.reverse().discriminator();
        Gradient innerAB;
        Gradient innerBA;
        DTerms termsB;
        DTerms termsA;
        INDArray generatorLoss;
        INDArray meanFakeScore;
        try (MemoryWorkspace scope = StepWorkspace.open(workspaces && StepWorkspace.supported(gAB, dB, gBA, dA))) {
            INDArray fakeB = forward(gAB, a);     // [B, C, H, W]
            INDArray fakeA = forward(gBA, b);

            // adversarial terms: dL/dfake through each D (D's own gradient discarded)
            Outer advB = throughDiscriminator(dB, fakeB);
            Outer advA = throughDiscriminator(dA, fakeA);
            // G_BA as the outer network: [G_AB(a); a] -> cycle A and identity of A
            Outer outerBA = outerPass(gBA, fakeB, a, a);
            Outer outerAB = outerPass(gAB, fakeA, b, b);
            INDArray dFakeB = advB.inputGradient.addi(outerBA.inputGradient);   // dL/dG_AB(a)
            INDArray dFakeA = advA.inputGradient.addi(outerAB.inputGradient);   // dL/dG_BA(b)
            innerAB = backward(gAB, a, dFakeB);
            innerAB.gradient().addi(outerAB.parameterGradient);
            innerBA = backward(gBA, b, dFakeA);
            innerBA.gradient().addi(outerBA.parameterGradient);
            generatorLoss = StepWorkspace.outside(advA.loss.add(advB.loss).addi(outerAB.loss).addi(outerBA.loss));
            meanFakeScore = StepWorkspace.outside(advB.meanScore);

            termsB = discriminatorGradient(dB, b, state.pool(0).query(fakeB, random));
            termsA = discriminatorGradient(dA, a, state.pool(1).query(fakeA, random));
        }
        long gStep = state.nextGeneratorStep();
        TrainingStep.applyUpdate(gAB, innerAB, gStep);
        TrainingStep.applyUpdate(gBA, innerBA, gStep);
        long dStep = state.nextDiscriminatorStep();
        TrainingStep.applyUpdate(dB, termsB.gradient, dStep);
        TrainingStep.applyUpdate(dA, termsA.gradient, dStep);
        return new DeviceStepFigures(termsA.loss.add(termsB.loss), generatorLoss, termsB.meanReal, meanFakeScore, null);
    }

    /** A backward pass's loss (a scalar array), the parameter gradient (a copy), dL/dinput and D's mean score. */
    private record Outer(INDArray loss, INDArray parameterGradient, INDArray inputGradient, INDArray meanScore) {
    }

    /** L = mean (D(fake) - 1)^2 over the patches; dL/dfake by a backward pass through D. */
    private static Outer throughDiscriminator(MultiLayerNetwork d, INDArray fake) {
        INDArray scores = forward(d, fake);                                  // [B, 1, h, w]
        INDArray diff = scores.sub(1.0);
        INDArray loss = diff.mul(diff).mean();
        INDArray epsilon = diff.mul(2.0 / diff.length());
        INDArray dFake = d.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces()).getSecond().dup();
        return new Outer(loss, null, dFake, scores.mean());
    }

    /**
     * The generator g on [fake; real] as one minibatch: lambda mean |g(fake) - cycleTarget| (the second half of a
     * cycle) and identity mean |g(real) - real| (the identity term). Returns g's parameter gradient and dL/dfake.
     */
    private Outer outerPass(MultiLayerNetwork g, INDArray fake, INDArray cycleTarget, INDArray real) {
        long n = fake.size(0);
        boolean withIdentity = identity > 0;
        INDArray input = withIdentity ? Nd4j.concat(0, fake, real) : fake;
        INDArray output = forward(g, input);
        INDArray target = withIdentity ? Nd4j.concat(0, cycleTarget, real) : cycleTarget;
        INDArray diff = output.sub(target);
        long half = diff.length() / (withIdentity ? 2 : 1);   // elements of one of the two stacked minibatches
        INDArray loss = Transforms.abs(rows(diff, 0, n), true).mean().muli(lambda);    // the cycle term
        if (withIdentity) {
            loss.addi(Transforms.abs(rows(diff, n, 2 * n), true).mean().muli(identity));
        }
        INDArray epsilon = Transforms.sign(diff, true);     // d|diff|/ddiff, scaled per half below
        rows(epsilon, 0, n).muli(lambda / half);
        if (withIdentity) {
            rows(epsilon, n, 2 * n).muli(identity / half);
        }
        Pair<Gradient, INDArray> back = g.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
        INDArray parameterGradient = back.getFirst().gradient().dup();
        INDArray dFake = rows(back.getSecond(), 0, n).dup();
        return new Outer(loss, parameterGradient, dFake, null);
    }

    /** g's parameter gradient for dL/dg(x) = epsilon (a fresh forward pass first: the stored activations are x's). */
    private static Gradient backward(MultiLayerNetwork g, INDArray x, INDArray epsilon) {
        forward(g, x);
        return g.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces()).getFirst();
    }

    /** D's loss and mean score on the real minibatch (on the heap), and its gradient (D's gradient view). */
    private record DTerms(INDArray loss, INDArray meanReal, Gradient gradient) {
    }

    /**
     * L_D = (mean (D(real) - 1)^2 + mean D(fake)^2) / 2, both passes' gradients summed in D's gradient view for one
     * Adam step.
     */
    private static DTerms discriminatorGradient(MultiLayerNetwork d, INDArray real, INDArray fake) {
        INDArray realScores = forward(d, real);
        INDArray realDiff = realScores.sub(1.0);
        INDArray realGradient = d.backpropGradient(realDiff.mul(1.0 / realDiff.length()),
                LayerWorkspaceMgr.noWorkspaces()).getFirst().gradient().dup();
        INDArray fakeScores = forward(d, fake);
        Gradient gradient = d.backpropGradient(fakeScores.mul(1.0 / fakeScores.length()),
                LayerWorkspaceMgr.noWorkspaces()).getFirst();
        gradient.gradient().addi(realGradient);
        INDArray loss = realDiff.mul(realDiff).mean().addi(fakeScores.mul(fakeScores).mean()).muli(0.5);
        return new DTerms(StepWorkspace.outside(loss), StepWorkspace.outside(realScores.mean()), gradient);
    }

    /**
     * Forward in training mode, keeping each layer's input for the backward pass (in the StepWorkspace when it is
     * open); returns the output.
     */
    private static INDArray forward(MultiLayerNetwork net, INDArray input) {
        return StepWorkspace.forward(net, input);
    }

    private static INDArray rows(INDArray x, long from, long to) {
        return x.get(NDArrayIndex.interval(from, to));
    }
}
