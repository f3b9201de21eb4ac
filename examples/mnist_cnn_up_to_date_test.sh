#!/usr/bin/env bash
# Fails when mnist_cnn.pbtxt differs from what generate_mnist_cnn.py writes.
set -euo pipefail
python3 examples/generate_mnist_cnn.py --check
