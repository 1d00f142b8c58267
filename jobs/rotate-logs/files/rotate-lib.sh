# Log rotation shared by the AutoAction variants; sourced, not run. A variant defines
#   size_of FILE          prints the size in bytes
#   compress FILE         gzips FILE into FILE.gz and removes FILE only on success
#   prune DIR PATTERN DAYS  removes archives matching PATTERN older than DAYS days
# before calling rotate_all.
#
# Each log is copied to an archive and then truncated (copy-truncate), so that programs that keep the
# log open go on writing without being told to reopen it. Each step is written to a journal in the
# run directory before it is taken; FailureRevert reads it.

say() { printf '%s\n' "$*"; }
fail() { say "RSA-RESULT: FAILURE $*"; printf 'rotate-logs: %s\n' "$*" >&2; exit 1; }
log_step() { printf '%s %s\n' "$1" "$2" >> "$journal"; }

rotate_all() {
  log_dir=${RSA_PARAM_LOG_DIR:-}
  pattern=${RSA_PARAM_PATTERN:-*.log}
  min_bytes=${RSA_PARAM_MIN_BYTES:-1}
  keep_days=${RSA_PARAM_KEEP_DAYS:-14}
  run_dir=${RSA_RUN_DIR:-$(pwd)}
  journal="$run_dir/rotate-logs.journal"

  case $log_dir in
    /) fail "parameter log_dir must not be /" ;;
    /*) ;;
    *) fail "parameter log_dir must be an absolute path, not '$log_dir'" ;;
  esac
  [ -d "$log_dir" ] || fail "log directory $log_dir does not exist"
  case $pattern in
    */*|'') fail "parameter pattern must be a file name pattern without '/', not '$pattern'" ;;
  esac
  case $min_bytes$keep_days in
    *[!0-9]*) fail "parameters min_bytes and keep_days must be whole numbers" ;;
  esac

  : > "$journal"
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  rotated=0
  skipped=0
  for f in "$log_dir"/$pattern; do
    [ -f "$f" ] && [ ! -L "$f" ] || continue
    size=$(size_of "$f")
    if [ "$size" -lt "$min_bytes" ]; then
      skipped=$((skipped + 1))
      continue
    fi
    archive="$f.$stamp"
    if [ -e "$archive" ] || [ -e "$archive.gz" ]; then
      say "skipped $f: $archive exists already"
      skipped=$((skipped + 1))
      continue
    fi
    log_step copy "$archive"
    cp -p "$f" "$archive"
    log_step copied "$archive"
    : > "$f"
    log_step truncated "$archive"
    compress "$archive"
    log_step compressed "$archive"
    say "rotated $f ($size bytes) to $archive.gz"
    rotated=$((rotated + 1))
  done
  prune "$log_dir" "$pattern.*.gz" "$keep_days"
  log_step done "$log_dir"
  say "rotated $rotated log(s), skipped $skipped, removed archives older than $keep_days days in $log_dir"
  say "RSA-RESULT: SUCCESS"
}
