#!/usr/bin/env bash
# Map images through a CycleGAN generator, writing the kind it reads (image folder, IDX file, Parquet):
#   jobs/translate.sh (--model G.zip | --run DIR) --direction AB|BA --in PATH --out PATH [--image-column C] [key=value ...]
# e.g. jobs/translate.sh --run runs/fashion-cycle-20261202-120000 --direction AB \
#        --in /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz --out translated-idx3-ubyte.gz
exec "$(dirname "$0")/launch.sh" io.sparkgan.cli.TranslateCommand "$@"
