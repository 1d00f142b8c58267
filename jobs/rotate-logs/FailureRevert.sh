#!/bin/sh
# Brings an interrupted rotation to a consistent state: every log line ends up either in its live log
# or in one complete archive. Reads the AutoAction's journal in the same run directory; running it
# twice does no harm. Archives removed for age are not brought back (see README).
set -eu

run_dir=${RSA_RUN_DIR:-$(pwd)}
journal="$run_dir/rotate-logs.journal"

say() { printf '%s\n' "$*"; }

say "AutoAction exit code: ${RSA_AUTOACTION_EXIT:-none}"
if [ ! -f "$journal" ]; then
  say "the AutoAction changed nothing in this run (no journal in $run_dir); nothing to revert"
  exit 0
fi

# The last step recorded for each archive tells how far its log got.
last_steps=$(awk '$1 != "done" { step = $1; sub(/^[^ ]+ /, ""); last[$0] = step }
                  END { for (a in last) print last[a] " " a }' "$journal")

printf '%s\n' "$last_steps" | while IFS= read -r line; do
  [ -n "$line" ] || continue
  step=${line%% *}
  archive=${line#* }
  case $step in
    copy|copied)
      # The log was not truncated: it still holds every line, the copy is redundant.
      rm -f "$archive"
      say "removed the unneeded copy $archive (its log was not truncated)"
      ;;
    truncated)
      # The archive holds the lines; a .gz beside an existing archive is an unfinished compression.
      if [ -f "$archive" ] && [ -e "$archive.gz" ]; then
        rm -f "$archive.gz"
        say "removed the unfinished $archive.gz; $archive keeps the log lines"
      elif [ -f "$archive" ]; then
        say "$archive keeps the log lines (not compressed)"
      elif [ -f "$archive.gz" ]; then
        say "$archive.gz is complete"
      else
        say "RSA-RESULT: FAILURE neither $archive nor $archive.gz exists; the rotated lines are missing"
        exit 1
      fi
      ;;
    compressed) ;;
  esac
done
say "RSA-RESULT: SUCCESS"
