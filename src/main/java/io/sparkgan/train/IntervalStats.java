package io.sparkgan.train;

/** Running means of the step figures over one logging interval. */
final class IntervalStats {
    private int count;
    private double dLoss;
    private double gLoss;
    private double dReal;
    private double dFake;
    private double jsd;

    void add(StepResult r) {
        count++;
        dLoss += r.discriminatorLoss();
        gLoss += r.generatorLoss();
        dReal += r.meanRealOutput();
        dFake += r.meanFakeOutput();
        jsd += r.jsdEstimate();
    }

    int count() {
        return count;
    }

    StepResult mean() {
        return new StepResult(dLoss / count, gLoss / count, dReal / count, dFake / count, jsd / count);
    }
}
