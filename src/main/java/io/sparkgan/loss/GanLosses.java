package io.sparkgan.loss;

/**
 * The adversarial losses as pure functions of D's raw outputs (logits l; D(x) = sigmoid(l) for the
 * probabilistic families). Each returns the minibatch mean and its gradient per logit. The generator
 * minimises its loss, the discriminator minimises its own.
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
    public static DiscriminatorLoss minimaxDiscriminatorLoss(double[] realLogits, double[] fakeLogits,
                                                             double labelSmoothing) {
        double realTarget = 1.0 - labelSmoothing;
        double value = 0;
        double[] dReal = new double[realLogits.length];
        double[] dFake = new double[fakeLogits.length];
        for (int i = 0; i < realLogits.length; i++) {
            double l = realLogits[i];
            value += (softplus(l) - realTarget * l) / realLogits.length;
            dReal[i] = (sigmoid(l) - realTarget) / realLogits.length;
        }
        for (int i = 0; i < fakeLogits.length; i++) {
            double l = fakeLogits[i];
            value += softplus(l) / fakeLogits.length;
            dFake[i] = sigmoid(l) / fakeLogits.length;
        }
        return new DiscriminatorLoss(value, dReal, dFake);
    }

    /** G minimises E log(1 - D(G(z))) = -mean softplus(l_f); d/dl = -sigmoid(l). Saturates when D rejects fakes. */
    public static GeneratorLoss minimaxGeneratorLoss(double[] fakeLogits) {
        double value = 0;
        double[] d = new double[fakeLogits.length];
        for (int i = 0; i < fakeLogits.length; i++) {
            value -= softplus(fakeLogits[i]) / fakeLogits.length;
            d[i] = -sigmoid(fakeLogits[i]) / fakeLogits.length;
        }
        return new GeneratorLoss(value, d);
    }

    // ---- Non-saturating, Goodfellow et al. 2014, section 3 ("maximize log D(G(z))") ----

    /** Same discriminator as minimax. */
    public static DiscriminatorLoss nonSaturatingDiscriminatorLoss(double[] realLogits, double[] fakeLogits,
                                                                   double labelSmoothing) {
        return minimaxDiscriminatorLoss(realLogits, fakeLogits, labelSmoothing);
    }

    /** G minimises -E log D(G(z)) = mean softplus(-l_f); d/dl = sigmoid(l) - 1. */
    public static GeneratorLoss nonSaturatingGeneratorLoss(double[] fakeLogits) {
        double value = 0;
        double[] d = new double[fakeLogits.length];
        for (int i = 0; i < fakeLogits.length; i++) {
            value += softplus(-fakeLogits[i]) / fakeLogits.length;
            d[i] = (sigmoid(fakeLogits[i]) - 1.0) / fakeLogits.length;
        }
        return new GeneratorLoss(value, d);
    }

    // ---- Maximum likelihood, Goodfellow 2014 "On distinguishability criteria"; NIPS 2016 tutorial, eq. 10 ----

    /** Same discriminator as minimax. */
    public static DiscriminatorLoss maximumLikelihoodDiscriminatorLoss(double[] realLogits, double[] fakeLogits,
                                                                       double labelSmoothing) {
        return minimaxDiscriminatorLoss(realLogits, fakeLogits, labelSmoothing);
    }

    /**
     * G minimises J = -1/2 E exp(sigma^-1(D(G(z)))) = -1/2 mean exp(l_f), since sigma^-1(D) is D's logit l;
     * dJ/dl = -1/2 exp(l) / B. With the optimal D, exp(l) = p_data / p_G, and the expected gradient of J is
     * that of the maximum-likelihood objective KL(p_data || p_G).
     */
    public static GeneratorLoss maximumLikelihoodGeneratorLoss(double[] fakeLogits) {
        double value = 0;
        double[] d = new double[fakeLogits.length];
        for (int i = 0; i < fakeLogits.length; i++) {
            double e = Math.exp(fakeLogits[i]);
            value -= 0.5 * e / fakeLogits.length;
            d[i] = -0.5 * e / fakeLogits.length;
        }
        return new GeneratorLoss(value, d);
    }

    // ---- Wasserstein, Arjovsky, Chintala & Bottou 2017, "Wasserstein GAN", eq. 3 ----

    /** The critic f maximises E f(x) - E f(G(z)); as a loss: mean f(fake) - mean f(real). */
    public static DiscriminatorLoss wassersteinDiscriminatorLoss(double[] realScores, double[] fakeScores) {
        double[] dReal = new double[realScores.length];
        double[] dFake = new double[fakeScores.length];
        double value = mean(fakeScores) - mean(realScores);
        java.util.Arrays.fill(dReal, -1.0 / realScores.length);
        java.util.Arrays.fill(dFake, 1.0 / fakeScores.length);
        return new DiscriminatorLoss(value, dReal, dFake);
    }

    /** G minimises -E f(G(z)). */
    public static GeneratorLoss wassersteinGeneratorLoss(double[] fakeScores) {
        double[] d = new double[fakeScores.length];
        java.util.Arrays.fill(d, -1.0 / fakeScores.length);
        return new GeneratorLoss(-mean(fakeScores), d);
    }

    // ---- Hinge, Lim & Ye 2017 "Geometric GAN"; Miyato et al. 2018 "Spectral Normalization", eq. 17 ----

    /** L_D = mean max(0, 1 - f(x)) + mean max(0, 1 + f(G(z))). */
    public static DiscriminatorLoss hingeDiscriminatorLoss(double[] realScores, double[] fakeScores) {
        double value = 0;
        double[] dReal = new double[realScores.length];
        double[] dFake = new double[fakeScores.length];
        for (int i = 0; i < realScores.length; i++) {
            double margin = 1.0 - realScores[i];
            value += Math.max(0, margin) / realScores.length;
            dReal[i] = margin > 0 ? -1.0 / realScores.length : 0;
        }
        for (int i = 0; i < fakeScores.length; i++) {
            double margin = 1.0 + fakeScores[i];
            value += Math.max(0, margin) / fakeScores.length;
            dFake[i] = margin > 0 ? 1.0 / fakeScores.length : 0;
        }
        return new DiscriminatorLoss(value, dReal, dFake);
    }

    /** L_G = -mean f(G(z)). */
    public static GeneratorLoss hingeGeneratorLoss(double[] fakeScores) {
        return wassersteinGeneratorLoss(fakeScores);
    }

    // ---- Least squares, Mao et al. 2017 "Least Squares GANs", eq. 2 with a = 0, b = c = 1 ----

    /** L_D = 1/2 mean (D(x) - b)^2 + 1/2 mean (D(G(z)) - a)^2, b = 1 - s (one-sided smoothing), a = 0. */
    public static DiscriminatorLoss leastSquaresDiscriminatorLoss(double[] realScores, double[] fakeScores,
                                                                  double labelSmoothing) {
        double b = 1.0 - labelSmoothing;
        double value = 0;
        double[] dReal = new double[realScores.length];
        double[] dFake = new double[fakeScores.length];
        for (int i = 0; i < realScores.length; i++) {
            double r = realScores[i] - b;
            value += 0.5 * r * r / realScores.length;
            dReal[i] = r / realScores.length;
        }
        for (int i = 0; i < fakeScores.length; i++) {
            double f = fakeScores[i];
            value += 0.5 * f * f / fakeScores.length;
            dFake[i] = f / fakeScores.length;
        }
        return new DiscriminatorLoss(value, dReal, dFake);
    }

    /** L_G = 1/2 mean (D(G(z)) - c)^2, c = 1. */
    public static GeneratorLoss leastSquaresGeneratorLoss(double[] fakeScores) {
        double value = 0;
        double[] d = new double[fakeScores.length];
        for (int i = 0; i < fakeScores.length; i++) {
            double r = fakeScores[i] - 1.0;
            value += 0.5 * r * r / fakeScores.length;
            d[i] = r / fakeScores.length;
        }
        return new GeneratorLoss(value, d);
    }

    // ---- helpers ----

    /** The value function V(G, D) = mean log D(x) + mean log(1 - D(G(z))) on logits. */
    public static double valueFunction(double[] realLogits, double[] fakeLogits) {
        double v = 0;
        for (double l : realLogits) {
            v -= softplus(-l) / realLogits.length;
        }
        for (double l : fakeLogits) {
            v -= softplus(l) / fakeLogits.length;
        }
        return v;
    }

    /**
     * Lower-bound estimate of JSD(p_data || p_G) from V: at the optimal D, max_D V = -log 4 + 2 JSD,
     * so JSD ~ (V + log 4) / 2 (DESIGN §1).
     */
    public static double jsdEstimate(double[] realLogits, double[] fakeLogits) {
        return (valueFunction(realLogits, fakeLogits) + Math.log(4)) / 2;
    }

    /** log(1 + e^x), stable for large |x|. */
    public static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }
}
