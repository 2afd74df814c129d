package io.sparkgan.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The adversarial losses as pure functions of D's raw outputs (logits l [B]; D(x) = sigmoid(l) for the
 * probabilistic families). Each returns the minibatch mean (a scalar array) and its gradient per logit ([B],
 * already divided by B). The generator minimises its loss, the discriminator minimises its own.
 * Computed with ND4J operations in the scores' data type where the scores live (on the GPU with the cuda
 * profile), so a training step reads nothing back to the host; the inputs are never modified.
 */
public final class GanLosses {
    private GanLosses() {
    }

    // ---- Minimax (saturating), Goodfellow et al. 2014, "Generative Adversarial Nets", eq. 1 ----

    /**
     * D maximises V = E log D(x) + E log(1 - D(G(z))), i.e. minimises the binary cross-entropy
     * L_D = mean BCE(l_r, t) + mean BCE(l_f, 0), real target t = 1 - s (one-sided smoothing s), where
     * BCE(l, t) = softplus(l) - t * l and dBCE/dl = sigmoid(l) - t.
     */
    public static DiscriminatorLoss minimaxDiscriminatorLoss(INDArray realLogits, INDArray fakeLogits,
                                                             double labelSmoothing) {
        double realTarget = 1.0 - labelSmoothing;
        INDArray value = softplus(realLogits).subi(realLogits.mul(realTarget)).mean()
                .addi(softplus(fakeLogits).mean());
        INDArray dReal = Transforms.sigmoid(realLogits, true).subi(realTarget).divi(realLogits.length());
        INDArray dFake = Transforms.sigmoid(fakeLogits, true).divi(fakeLogits.length());
        return new DiscriminatorLoss(value, dReal, dFake);
    }

    /** G minimises E log(1 - D(G(z))) = -mean softplus(l_f); d/dl = -sigmoid(l). Saturates when D rejects fakes. */
    public static GeneratorLoss minimaxGeneratorLoss(INDArray fakeLogits) {
        INDArray value = softplus(fakeLogits).mean().negi();
        INDArray d = Transforms.sigmoid(fakeLogits, true).divi(-fakeLogits.length());
        return new GeneratorLoss(value, d);
    }

    // ---- Non-saturating, Goodfellow et al. 2014, section 3 ("maximize log D(G(z))") ----

    /** Same discriminator as minimax. */
    public static DiscriminatorLoss nonSaturatingDiscriminatorLoss(INDArray realLogits, INDArray fakeLogits,
                                                                   double labelSmoothing) {
        return minimaxDiscriminatorLoss(realLogits, fakeLogits, labelSmoothing);
    }

    /** G minimises -E log D(G(z)) = mean softplus(-l_f); d/dl = sigmoid(l) - 1. */
    public static GeneratorLoss nonSaturatingGeneratorLoss(INDArray fakeLogits) {
        INDArray value = softplus(fakeLogits.neg()).mean();
        INDArray d = Transforms.sigmoid(fakeLogits, true).subi(1.0).divi(fakeLogits.length());
        return new GeneratorLoss(value, d);
    }

    // ---- Maximum likelihood, Goodfellow 2014 "On distinguishability criteria"; NIPS 2016 tutorial, eq. 10 ----

    /** Same discriminator as minimax. */
    public static DiscriminatorLoss maximumLikelihoodDiscriminatorLoss(INDArray realLogits, INDArray fakeLogits,
                                                                       double labelSmoothing) {
        return minimaxDiscriminatorLoss(realLogits, fakeLogits, labelSmoothing);
    }

    /**
     * G minimises J = -1/2 E exp(sigma^-1(D(G(z)))) = -1/2 mean exp(l_f), since sigma^-1(D) is D's logit l;
     * dJ/dl = -1/2 exp(l) / B. With the optimal D, exp(l) = p_data / p_G, and the expected gradient of J is
     * that of the maximum-likelihood objective KL(p_data || p_G).
     */
    public static GeneratorLoss maximumLikelihoodGeneratorLoss(INDArray fakeLogits) {
        INDArray e = Transforms.exp(fakeLogits, true);
        INDArray value = e.mean().muli(-0.5);
        INDArray d = e.muli(-0.5 / fakeLogits.length());
        return new GeneratorLoss(value, d);
    }

    // ---- Wasserstein, Arjovsky, Chintala & Bottou 2017, "Wasserstein GAN", eq. 3 ----

    /** The critic f maximises E f(x) - E f(G(z)); as a loss: mean f(fake) - mean f(real). */
    public static DiscriminatorLoss wassersteinDiscriminatorLoss(INDArray realScores, INDArray fakeScores) {
        INDArray value = fakeScores.mean().subi(realScores.mean());
        return new DiscriminatorLoss(value, filled(realScores, -1.0 / realScores.length()),
                filled(fakeScores, 1.0 / fakeScores.length()));
    }

    /** G minimises -E f(G(z)). */
    public static GeneratorLoss wassersteinGeneratorLoss(INDArray fakeScores) {
        return new GeneratorLoss(fakeScores.mean().negi(), filled(fakeScores, -1.0 / fakeScores.length()));
    }

    // ---- Hinge, Lim & Ye 2017 "Geometric GAN"; Miyato et al. 2018 "Spectral Normalization", eq. 17 ----

    /**
     * L_D = mean max(0, 1 - f(x)) + mean max(0, 1 + f(G(z))); the gradient is -1/B (real) or 1/B (fake) where
     * the margin is positive, else 0 (step(m) = 1 for m > 0).
     */
    public static DiscriminatorLoss hingeDiscriminatorLoss(INDArray realScores, INDArray fakeScores) {
        INDArray realMargin = realScores.rsub(1.0);               // 1 - f(x)
        INDArray fakeMargin = fakeScores.add(1.0);                // 1 + f(G(z))
        INDArray value = Transforms.relu(realMargin, true).mean().addi(Transforms.relu(fakeMargin, true).mean());
        INDArray dReal = Transforms.step(realMargin, true).divi(-realScores.length());
        INDArray dFake = Transforms.step(fakeMargin, true).divi(fakeScores.length());
        return new DiscriminatorLoss(value, dReal, dFake);
    }

    /** L_G = -mean f(G(z)). */
    public static GeneratorLoss hingeGeneratorLoss(INDArray fakeScores) {
        return wassersteinGeneratorLoss(fakeScores);
    }

    // ---- Least squares, Mao et al. 2017 "Least Squares GANs", eq. 2 with a = 0, b = c = 1 ----

    /** L_D = 1/2 mean (D(x) - b)^2 + 1/2 mean (D(G(z)) - a)^2, b = 1 - s (one-sided smoothing), a = 0. */
    public static DiscriminatorLoss leastSquaresDiscriminatorLoss(INDArray realScores, INDArray fakeScores,
                                                                  double labelSmoothing) {
        INDArray realResidual = realScores.sub(1.0 - labelSmoothing);
        INDArray value = halfMeanSquare(realResidual).addi(halfMeanSquare(fakeScores));
        return new DiscriminatorLoss(value, realResidual.div(realScores.length()),
                fakeScores.div(fakeScores.length()));
    }

    /** L_G = 1/2 mean (D(G(z)) - c)^2, c = 1. */
    public static GeneratorLoss leastSquaresGeneratorLoss(INDArray fakeScores) {
        INDArray residual = fakeScores.sub(1.0);
        return new GeneratorLoss(halfMeanSquare(residual), residual.div(fakeScores.length()));
    }

    // ---- figures ----

    /** The value function V(G, D) = mean log D(x) + mean log(1 - D(G(z))) on logits (a scalar array). */
    public static INDArray valueFunction(INDArray realLogits, INDArray fakeLogits) {
        return softplus(realLogits.neg()).mean().addi(softplus(fakeLogits).mean()).negi();
    }

    /**
     * Lower-bound estimate of JSD(p_data || p_G) from V: at the optimal D, max_D V = -log 4 + 2 JSD,
     * so JSD ~ (V + log 4) / 2 (DESIGN §1).
     */
    public static INDArray jsdEstimate(INDArray realLogits, INDArray fakeLogits) {
        return valueFunction(realLogits, fakeLogits).addi(Math.log(4)).divi(2);
    }

    /** log(1 + e^x) = max(x, 0) + log(1 + e^-|x|), elementwise into a new array; stable for large |x|. */
    public static INDArray softplus(INDArray x) {
        INDArray tail = Transforms.log1p(Transforms.exp(Transforms.abs(x, true).negi(), false), false);
        return tail.addi(Transforms.relu(x, true));
    }

    private static INDArray halfMeanSquare(INDArray x) {
        return x.mul(x).mean().muli(0.5);
    }

    private static INDArray filled(INDArray like, double value) {
        return Nd4j.valueArrayOf(like.shape(), value, like.dataType());
    }
}
