#!/usr/bin/env bash
# The convergence lab: jobs/lab.sh [--epochs 10] [--out lab.json] [--work target/lab] [--config conf/dirac-gan.conf]
# Trains the Dirac-GAN (conf/dirac-gan.conf) with every loss family, both update orders and each regulariser,
# and prints the outcome table (converges, circles, spirals out, ...) that README's "The convergence lab" shows.
exec "$(dirname "$0")/launch.sh" io.sparkgan.lab.LabCommand "$@"
