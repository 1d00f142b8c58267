#!/usr/bin/perl
# Test AutoAction: proves from inside that the load balancer sends this server no users, then changes a file.
use strict;
use warnings;
use IO::Socket::INET;
$| = 1;
my %p = map { lc(substr($_, 10)) => $ENV{$_} } grep { /^RSA_PARAM_/ } keys %ENV;
my $server = $ENV{RSA_SERVER_ID};

if ($p{counter}) {
  open(my $c, '>>', $p{counter}) or die "cannot append to $p{counter}: $!\n";
  print $c "$ENV{RSA_RUN_ID}\n";
  close $c;
}

my ($host, $port) = ($p{lb_socket} // '') =~ /^tcp:(.+):(\d+)$/
  or do { print "RSA-RESULT: FAILURE lb_socket must be tcp:HOST:PORT\n"; exit 2 };
my $s = IO::Socket::INET->new(PeerAddr => $host, PeerPort => $port, Timeout => 5)
  or do { print "RSA-RESULT: FAILURE cannot reach $p{lb_socket}: $!\n"; exit 2 };
print $s "show stat\n";
my $status;
while (my $line = <$s>) {
  my @f = split /,/, $line;
  $status = $f[17] if @f > 17 && $f[0] eq $p{lb_backend} && $f[1] eq $server;
}
close $s;
defined $status or do { print "RSA-RESULT: FAILURE $server is not in backend $p{lb_backend}\n"; exit 3 };
print "load balancer status of $server: $status\n";
if ($status ne 'MAINT') {
  print "RSA-RESULT: FAILURE the load balancer still sends users to $server ($status)\n";
  exit 4;
}

if ($p{state_file}) {
  rename($p{state_file}, "$p{state_file}.bak") if -e $p{state_file};
  open(my $f, '>', $p{state_file}) or die "cannot write $p{state_file}: $!\n";
  print $f "version 2 by $ENV{RSA_RUN_ID}\n";
  close $f;
  print "state changed\n";
}

if ($p{hold_flag}) {
  my $waited = 0;
  while (-e $p{hold_flag} && $waited++ < 600) { select(undef, undef, undef, 0.5); }
}

if ($p{fail_flag} && -e $p{fail_flag}) {
  print "RSA-RESULT: FAILURE failed on purpose after a partial change\n";
  exit 1;
}
print "done\n";
exit 0;
