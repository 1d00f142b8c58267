#!/bin/sh
# Any Unix: POSIX tools only (no GNU options), for servers that are not Debian.
set -eu
. "${RSA_RUN_DIR:-.}/files/rotate-lib.sh"

size_of() { wc -c < "$1" | tr -d ' '; }
compress() { gzip -f "$1"; }
# POSIX find has no -maxdepth: "! -name . -prune" keeps it in the directory itself.
prune() {
  find "$1/." ! -name . -prune -type f -name "$2" -mtime +"$3" -print | while IFS= read -r old; do
    rm -f "$old" && say "removed $old"
  done
}

rotate_all
