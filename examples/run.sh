#!/bin/sh
# Runs an example program as a test: it passes when the program exits 0.
exec "$@"
