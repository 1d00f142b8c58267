#!/bin/sh
# Puts the portal configuration back as it was before the AutoAction of this run, from whatever point
# the AutoAction reached. It reads the AutoAction's journal in the same run directory; running it
# twice does no harm.
set -eu

run_dir=${RSA_RUN_DIR:-$(pwd)}
journal="$run_dir/portal-config.journal"
backup="$run_dir/backup/portal.conf"
new="$run_dir/files/portal.conf"

say() { printf '%s\n' "$*"; }
fail() { say "RSA-RESULT: FAILURE $*"; printf 'update-portal-config revert: %s\n' "$*" >&2; exit 1; }
has() { grep -qx "$1" "$journal"; }
value() { sed -n "s/^$1=//p" "$journal" | tail -n 1; }

say "AutoAction exit code: ${RSA_AUTOACTION_EXIT:-none}"
if [ ! -f "$journal" ]; then
  say "the AutoAction changed nothing in this run (no journal in $run_dir); nothing to revert"
  exit 0
fi
conf=$(value conf)
[ -n "$conf" ] || fail "journal $journal names no configuration file; check the server by hand"

# A temporary file from an interrupted replacement is removed first; it never was the configuration.
tmp=$(value tmp)
if [ -n "$tmp" ] && [ -e "$tmp" ]; then
  rm -f "$tmp"
  say "removed the unfinished $tmp"
fi

if has unchanged || ! has replacing; then
  say "$conf was not replaced in this run; nothing to revert"
  exit 0
fi

case $(value backup) in
  present)
    [ -f "$backup" ] || fail "the backup $backup is missing; restore $conf by hand"
    if [ -f "$conf" ] && cmp -s "$backup" "$conf"; then
      say "$conf already has its old content"
    else
      cp -p "$backup" "$conf.rsa-revert.$$"
      mv -f "$conf.rsa-revert.$$" "$conf"
      cmp -s "$backup" "$conf" || fail "$conf differs from the backup after restoring it"
      say "$conf restored from $backup"
    fi
    ;;
  absent)
    # There was no configuration before; remove the one this run created, but nothing else.
    if [ -f "$conf" ]; then
      cmp -s "$new" "$conf" || fail "$conf was changed by someone else since this run created it; left in place"
      rm -f "$conf"
      say "$conf removed (it did not exist before this run)"
    fi
    ;;
  *) fail "journal $journal does not say whether a backup was taken; check $conf by hand" ;;
esac
say "RSA-RESULT: SUCCESS"
