// The remote helper: a small Perl program that runs many commands for one SSH connection over one
// exec channel, so a command costs a fork and an exec on the host instead of a new sshd session, a PAM
// session and a login shell (most of a sweep's CPU on the monitored hosts; see test/bench/sweep.ts).
//
// Perl because it is the one interpreter a mail server can be counted on to have (postfix's own
// tools and Debian's perl-base need it); only core modules, and nothing newer than Perl 5.8.
// The program travels on the channel's stdin, never on the command line; where perl is missing or a
// forced command answers instead, the transport falls back to one channel per command.
//
// Frames both ways: 1 byte type, 4 bytes id, 4 bytes payload length (big endian), payload.
//   to the helper:   X id  argc \0 argv... \0 NAME=value...   start a command
//                    F id  path \0 max bytes \0 head|tail     read a file, output as remote-read.ts's script
//                    I id  bytes                               its stdin
//                    E id                                      end of its stdin
//                    K id                                      kill its process group
//   from the helper: H 0   "oxdoctor-helper 1 PID"             ready
//                    O id / R id  bytes                        its stdout / stderr
//                    Z id  "exit N" | "signal NAME"            it ended and its output is complete
// End of the helper's stdin (the connection or the client is gone) kills every command it runs.
import { quoteArgv } from '../../quote.js';

export const HELPER_HELLO = 'oxdoctor-helper 1 ';

const SOURCE = String.raw`
use strict;
use Fcntl qw(F_GETFL F_SETFL O_NONBLOCK);
my $WNOHANG = $^O eq 'linux' ? 1 : do { require POSIX; POSIX::WNOHANG() };
sub signame { my $n = shift; require Config; my @s = split ' ', $Config::Config{sig_name}; $s[$n] || $n }
# Handlers, not IGNORE: exec resets handled signals to their defaults, so a child needs no code for it.
my $chld = 1;
$SIG{PIPE} = sub { };
$SIG{CHLD} = sub { $chld = 1 };
# A child costs mostly its page faults: every page perl touches between fork and exec is copied. So
# the channel moves off fds 0-2 (to fds that close on exec), the parent points fds 0-2 at a child's
# pipes and sets its environment just before the fork, and the child runs nothing but setpgrp and exec.
open(my $CHIN, '<&', \*STDIN) or die "dup: $!";
open(my $CHOUT, '>&', \*STDOUT) or die "dup: $!";
open(my $CHERR, '>&', \*STDERR) or die "dup: $!";
open(my $NULLR, '<', '/dev/null') or die "/dev/null: $!";
open(my $NULLW, '>', '/dev/null') or die "/dev/null: $!";
sub park { open(STDIN, '<&', $NULLR); open(STDOUT, '>&', $NULLW); open(STDERR, '>&', $NULLW); }
park();
binmode $CHIN; binmode $CHOUT;
sub nonblock { my $fh = shift; my $f = fcntl($fh, F_GETFL, 0); fcntl($fh, F_SETFL, $f | O_NONBLOCK); }
nonblock($CHOUT);
my ($in, $out, $open) = ('', '', 1);
my (%job, %bypid);
sub frame { return unless $open; my ($t, $id, $p) = @_; $p = '' unless defined $p; $out .= pack('a1NN', $t, $id, length $p) . $p; }

# A file read in a child of its own, as remote-read.ts's script would print it: a hung file system
# must not stall the helper. The child lets go of the channel and the other commands' pipes first.
sub readfile {
  my ($path, $n, $mode) = @_;
  close $CHIN; close $CHOUT; close $CHERR;
  for my $j (values %job) { close $_ for grep { $_ } @$j{qw(in out err)}; }
  if (!-e $path) { syswrite(STDOUT, "oxdoctor-missing\n"); exit 0; }
  if (!-f _) { syswrite(STDERR, "not a regular file\n"); exit 2; }
  my $fh;
  unless (open($fh, '<', $path)) { syswrite(STDERR, "$path: $!\n"); exit 2; }
  binmode $fh;
  my @st = stat $fh;
  syswrite(STDOUT, "oxdoctor-file $st[7] $st[9]\n");
  sysseek($fh, $st[7] - $n, 0) if $st[7] > $n && $mode eq 'tail';
  my ($left, $buf) = ($n);
  while ($left > 0) {
    my $got = sysread($fh, $buf, $left > 65536 ? 65536 : $left);
    unless (defined $got) { syswrite(STDERR, "$path: $!\n"); exit 2; }
    last unless $got;
    my $off = 0;
    while ($off < $got) { my $put = syswrite(STDOUT, $buf, $got - $off, $off); exit 1 unless $put; $off += $put; }
    $left -= $got;
  }
  exit 0;
}

sub start {
  my ($id, $payload, $file) = @_;
  my @f = split /\0/, $payload, -1;
  my @argv;
  unless ($file) { my $argc = shift @f; @argv = splice @f, 0, $argc; }
  my ($ir, $iw, $or, $ow, $er, $ew);
  unless (pipe($ir, $iw) && pipe($or, $ow) && pipe($er, $ew)) { frame('R', $id, "oxdoctor-helper: pipe: $!\n"); frame('Z', $id, 'exit 126'); return; }
  open(STDIN, '<&', $ir); open(STDOUT, '>&', $ow); open(STDERR, '>&', $ew);
  close $ir; close $ow; close $ew;
  my %saved;
  unless ($file) { for (@f) { my ($k, $v) = split /=/, $_, 2; $saved{$k} = $ENV{$k}; $ENV{$k} = $v; } }
  my $pid = fork;
  if (defined $pid && $pid == 0) {
    setpgrp(0, 0);
    readfile(@f) if $file;
    exec { $argv[0] } @argv;
    my $missing = $!{ENOENT};
    print STDERR $missing ? "$argv[0]: not found\n" : "$argv[0]: $!\n";
    require POSIX;
    POSIX::_exit($missing ? 127 : 126);
  }
  my $err = $!;
  for (keys %saved) { if (defined $saved{$_}) { $ENV{$_} = $saved{$_} } else { delete $ENV{$_} } }
  park();
  unless (defined $pid) { frame('R', $id, "oxdoctor-helper: fork: $err\n"); frame('Z', $id, 'exit 126'); return; }
  nonblock($iw);
  $job{$id} = { pid => $pid, in => $iw, inbuf => '', ineof => 0, out => $or, err => $er };
  $bypid{$pid} = $id;
}

sub kill_job { my $j = shift; kill('KILL', -$j->{pid}) or kill('KILL', $j->{pid}) unless defined $j->{status}; }

sub request {
  my ($t, $id, $p) = @_;
  if ($t eq 'X' || $t eq 'F') { start($id, $p, $t eq 'F'); return; }
  my $j = $job{$id} or return;
  if ($t eq 'I') { $j->{inbuf} .= $p if $j->{in}; }
  elsif ($t eq 'E') { $j->{ineof} = 1; }
  elsif ($t eq 'K') { kill_job($j); }
}

sub reap {
  $chld = 0;
  while ((my $pid = waitpid(-1, $WNOHANG)) > 0) {
    my $id = delete $bypid{$pid};
    $job{$id}{status} = $? if defined $id && $job{$id};
  }
}

sub flush {
  return if $out eq '';
  my $put = syswrite($CHOUT, $out);
  if (defined $put) { substr($out, 0, $put) = ''; }
  elsif (!$!{EAGAIN} && !$!{EINTR}) { exit 1; }
}

sub serve {
  my $poll = 0.001;
  for (;;) {
    reap() if $chld;
    for my $id (keys %job) {
      my $j = $job{$id};
      next if $j->{out} || $j->{err} || !defined $j->{status};
      my $s = $j->{status};
      frame('Z', $id, ($s & 127) ? 'signal ' . signame($s & 127) : 'exit ' . ($s >> 8));
      close $j->{in} if $j->{in};
      delete $job{$id};
    }
    flush();
    exit 0 if !$open && !%job && $out eq '';
    my ($r, $w) = ('', '');
    vec($r, fileno($CHIN), 1) = 1 if $open;
    my $waiting = 0;
    for my $j (values %job) {
      if (length($out) < 1048576) { vec($r, fileno($j->{$_}), 1) = 1 for grep { $j->{$_} } qw(out err); }
      $waiting = 1 if !$j->{out} && !$j->{err} && !defined $j->{status};
      if ($j->{in} && $j->{inbuf} ne '') { vec($w, fileno($j->{in}), 1) = 1; }
      elsif ($j->{in} && $j->{ineof}) { close $j->{in}; $j->{in} = undef; }
    }
    vec($w, fileno($CHOUT), 1) = 1 if $out ne '';
    # A command that closed its output but has not been reaped yet is about to end: poll for it.
    my $timeout = $waiting ? $poll : (%job ? 1 : undef);
    $poll = $waiting ? ($poll < 0.25 ? $poll * 2 : 0.5) : 0.001;
    $chld = 1 if $waiting;
    my ($rr, $ww) = ($r, $w);
    my $n = select($rr, $ww, undef, $timeout);
    next if $n <= 0;
    if ($open && vec($rr, fileno($CHIN), 1)) {
      my $got = sysread($CHIN, $in, 65536, length $in);
      if (!$got) {
        next if !defined $got && $!{EINTR};
        $open = 0; $out = ''; $in = '';
        kill_job($_) for values %job;
      }
      while (length($in) >= 9) {
        my ($t, $id, $len) = unpack('a1NN', $in);
        last if length($in) < 9 + $len;
        my $p = substr($in, 9, $len);
        substr($in, 0, 9 + $len) = '';
        request($t, $id, $p);
      }
    }
    for my $id (keys %job) {
      my $j = $job{$id};
      for my $k (qw(out err)) {
        my $fh = $j->{$k} or next;
        next unless vec($rr, fileno($fh), 1);
        my $buf;
        my $got = sysread($fh, $buf, 65536);
        if ($got) { frame($k eq 'out' ? 'O' : 'R', $id, $buf); }
        elsif (defined $got || !$!{EINTR}) { close $fh; $j->{$k} = undef; $chld = 1; }
      }
      if ($j->{in} && $j->{inbuf} ne '' && vec($ww, fileno($j->{in}), 1)) {
        my $put = syswrite($j->{in}, $j->{inbuf});
        if (defined $put) { substr($j->{inbuf}, 0, $put) = ''; }
        elsif (!$!{EAGAIN} && !$!{EINTR}) { close $j->{in}; $j->{in} = undef; $j->{inbuf} = ''; }
      }
    }
  }
}

frame('H', 0, "oxdoctor-helper 1 $$");
# The helper's own error, should it have one, goes to the channel's stderr, not to the parked fd 2.
eval { serve() };
open(STDERR, '>&', $CHERR);
die $@ if $@;
`;

// Reads the program's length (8 hex digits) and the program from stdin with sysread, so not a byte of
// the frames behind it is left in a stdio buffer, and runs it. One line without "!": csh login shells.
const BOOTSTRAP =
  'binmode STDIN;my($s,$b)=("","");while(length($s)<8){sysread(STDIN,$b,8-length $s) or exit 97;$s.=$b}' +
  'my $n=hex $s;$s="";while(length($s)<$n){sysread(STDIN,$b,$n-length $s) or exit 97;$s.=$b}eval $s;die $@ if $@';

export function helperArgv(): string[] {
  return ['perl', '-e', BOOTSTRAP];
}

export function helperCommand(): string {
  return quoteArgv(helperArgv());
}

// What goes on the channel's stdin first: the length and the program.
export function helperProgram(): Buffer {
  const body = Buffer.from(SOURCE, 'utf8');
  return Buffer.concat([Buffer.from(body.length.toString(16).padStart(8, '0'), 'latin1'), body]);
}
