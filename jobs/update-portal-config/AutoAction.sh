#!/bin/sh
# Replaces the portal configuration ($RSA_PARAM_PORTAL_CONFIG) with files/portal.conf.
#
# Every step is written to a journal in the run directory *before* it is taken, so that FailureRevert
# can undo exactly what was done, whatever point this program reached. The backup lives in the run
# directory, not next to the configuration, so that it cannot be mistaken for a newer one later.
set -eu

conf=${RSA_PARAM_PORTAL_CONFIG:-}
marker=${RSA_PARAM_FAIL_MARKER:-}
run_dir=${RSA_RUN_DIR:-$(pwd)}
new="$run_dir/files/portal.conf"
journal="$run_dir/portal-config.journal"
backup="$run_dir/backup/portal.conf"

say() { printf '%s\n' "$*"; }
fail() { say "RSA-RESULT: FAILURE $*"; printf 'update-portal-config: %s\n' "$*" >&2; exit 1; }
log() { printf '%s\n' "$*" >> "$journal"; }

# A marker file lets tests make this server fail at a chosen point; its first line names the point.
fail_here() {
  [ -n "$marker" ] && [ -e "$marker" ] || return 0
  point=$(sed -n '1p' "$marker" 2>/dev/null || true)
  [ -n "$point" ] || point=after-replace
  if [ "$point" = "$1" ]; then
    fail "marker file $marker asks to fail $1"
  fi
}

case $conf in
  /*) ;;
  '') fail "parameter portal_config is empty; set it in the inventory's vars" ;;
  *) fail "parameter portal_config must be an absolute path, not '$conf'" ;;
esac
[ -f "$new" ] || fail "the package's files/portal.conf is missing in $run_dir"
[ -d "$(dirname "$conf")" ] || fail "directory $(dirname "$conf") does not exist"
if [ -e "$conf" ] && [ ! -f "$conf" ]; then
  fail "$conf exists but is not a regular file"
fi

: > "$journal"
log "conf=$conf"

if [ -f "$conf" ] && cmp -s "$new" "$conf"; then
  log "unchanged"
  say "$conf already has the new content; nothing to do"
  exit 0
fi

# 1. Backup (or note that there was no file, so that FailureRevert removes the new one).
mkdir -p "$run_dir/backup"
if [ -f "$conf" ]; then
  cp -p "$conf" "$backup.tmp"
  mv -f "$backup.tmp" "$backup"
  log "backup=present"
  say "backup of $conf taken: $backup"
else
  log "backup=absent"
  say "$conf does not exist yet; it will be created"
fi

fail_here after-backup

# 2. Replace atomically: write next to the file (same file system), keep owner and mode, rename.
tmp="$conf.rsa-new.$$"
log "tmp=$tmp"
if [ -f "$conf" ]; then
  cp -p "$conf" "$tmp"
  cat "$new" > "$tmp"
else
  cp "$new" "$tmp"
fi
log "replacing"
mv -f "$tmp" "$conf"
log "replaced"
say "$conf replaced"

fail_here after-replace

# 3. Verify.
cmp -s "$new" "$conf" || fail "$conf does not have the new content after replacing it"
log "done"
say "RSA-RESULT: SUCCESS"
