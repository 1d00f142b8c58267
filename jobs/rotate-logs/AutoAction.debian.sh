#!/bin/sh
# Debian: GNU find and stat; compression at idle I/O and low CPU priority, so that the server's
# remaining work is not slowed down.
set -eu
. "${RSA_RUN_DIR:-.}/files/rotate-lib.sh"

size_of() { stat -c %s -- "$1"; }
compress() {
  if command -v ionice >/dev/null 2>&1; then
    ionice -c3 nice -n 19 gzip -f -- "$1"
  else
    nice -n 19 gzip -f -- "$1"
  fi
}
prune() { find "$1" -maxdepth 1 -type f -name "$2" -mtime +"$3" -print -delete | sed 's/^/removed /'; }

rotate_all
