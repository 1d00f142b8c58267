#!/usr/bin/perl
# Test FailureRevert: puts the state file back as it was, also when the AutoAction stopped half-way.
use strict;
use warnings;
$| = 1;
my %p = map { lc(substr($_, 10)) => $ENV{$_} } grep { /^RSA_PARAM_/ } keys %ENV;
print "reverting after AutoAction exit $ENV{RSA_AUTOACTION_EXIT}\n";
if ($p{revert_fail_flag} && -e $p{revert_fail_flag}) {
  print "RSA-RESULT: FAILURE cannot revert on purpose\n";
  exit 1;
}
if ($p{state_file} && -e "$p{state_file}.bak") {
  rename("$p{state_file}.bak", $p{state_file}) or die "cannot restore $p{state_file}: $!\n";
  print "state restored\n";
}
exit 0;
