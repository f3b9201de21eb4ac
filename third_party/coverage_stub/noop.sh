#!/bin/sh
# Coverage post-processing is not done inside Bazel here.
exit 0
