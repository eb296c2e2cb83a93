#!/usr/bin/perl
# OX stand-in (NOT the real oxldapsync): /opt/oxldapsync/sbin/oxldapsync.pl of the oxdoctor lab.
#   oxldapsync.pl -f CONF [-A ADMIN] [-P PASS] [-c CTX]     (password also from $ADMIN_PASSWORD)
# Reads the seed's ldapsync-*.conf keys (ldapuri, binddn, bindpwfile, userbasedn, ldaptype, userfilter,
# userignorefilter, deleteusers, dontModifyUids, mappingfile) and the mapping file (attribute mapping,
# imapserver, smtpserver, folder names, access-* = "on"/"off"), searches the directory with ldapsearch and
# creates, updates and deletes users in the stand-in user store that listuser reads.
# ldaptype = openldap does not page (like the real tool): against AD's 1000-entry cap the search stops with
# "Size limit exceeded" and the users beyond it are missing (and deleted, with deleteusers = yes).
# ldaptype = ads pages (ldapsearch -E pr=500/noprompt).
# Logs to /var/log/oxldapsync.log and OX-format records to /var/log/open-xchange/open-xchange.log.0.
use strict;
use warnings;
use Getopt::Std;
use Digest::SHA qw(sha256_hex);
use POSIX qw(strftime);
use Time::HiRes qw(time);
use File::Temp qw(tempfile);
use File::Basename qw(dirname);

my $ROOT = $ENV{OX_STANDIN_ROOT} // '/opt/open-xchange';
# The store (shared with listuser): contexts.tsv (ctx, admin, sha256 of its password, next user id) and per
# context users-<ctx>.tsv: a header of field names, one user per line, \t \n \\ escaped, \N for null.
my $CONTEXTS = "$ROOT/var/standin-contexts.tsv";
my $USERS;
my $SYNCLOG = $ENV{OXLDAPSYNC_LOG} // '/var/log/oxldapsync.log';
my $OXLOG = $ENV{OX_LOG} // '/var/log/open-xchange/open-xchange.log.0';

my %o;
getopts('f:A:P:c:', \%o) or die "usage: oxldapsync.pl -f CONF [-A admin] [-P pass] [-c ctx]\n";
die "usage: oxldapsync.pl -f CONF [-A admin] [-P pass] [-c ctx]\n" unless $o{f};
my $admin = $o{A} // 'oxadmin';
my $pass = $o{P} // $ENV{ADMIN_PASSWORD};
my $ctx = $o{c} // 1;
die "context id must be a number\n" unless $ctx =~ /^\d+$/;
$USERS = "$ROOT/var/standin-users-$ctx.tsv";

sub ts { strftime('%Y-%m-%d %H:%M:%S', localtime(int(time))) }
sub slog {
    my ($level, $msg) = @_;
    my $conf = $o{f} =~ s{.*/}{}r;
    if (open my $fh, '>>', $SYNCLOG) { print $fh ts() . " oxldapsync[$$]: $conf: $level: $msg\n"; close $fh }
    print STDERR "$level: $msg\n" if $level eq 'ERROR';
}
my $oxseq = 0;
sub oxlog {
    my ($level, $class, $msg, @extra) = @_;
    my $now = time;
    my @t = localtime($now);
    my $stamp = strftime('%Y-%m-%dT%H:%M:%S', @t) . sprintf(',%03d', int(($now - int($now)) * 1000)) . strftime('%z', @t);
    $oxseq++;
    my $rec = sprintf("%s %-5s [RMI TCP Connection(%d)-127.0.0.1] %s\n%s\n", $stamp, $level, $oxseq, $class, $msg);
    $rec .= " $_\n" for @extra;
    mkdir dirname($OXLOG);
    if (open my $fh, '>>', $OXLOG) { print $fh $rec; close $fh }
}

sub read_kv {
    my ($file) = @_;
    open my $fh, '<', $file or do { slog('ERROR', "cannot read $file: $!"); exit 1 };
    my %kv;
    while (my $l = <$fh>) {
        next if $l =~ /^\s*(#|$)/;
        next unless $l =~ /^\s*([^=\s]+)\s*=\s*(.*?)\s*$/;
        my ($k, $v) = ($1, $2);
        $v =~ s/^["\x{201c}\x{201d}](.*)["\x{201c}\x{201d}]$/$1/;
        $kv{$k} = $v;
    }
    return \%kv;
}

my $conf = read_kv($o{f});
my $map = read_kv($conf->{mappingfile} // '/opt/oxldapsync/etc/mapping.ads.conf');
my $class = ($o{f} =~ /infostore/) ? 'infostore' : 'groupware';
slog('INFO', "start sync of context $ctx with $o{f} (ldaptype=" . ($conf->{ldaptype} // '') . ")");

# --- admin authentication and configdb, as the admin daemon would check them
unless (defined $pass) { slog('ERROR', 'no admin password (-P or ADMIN_PASSWORD)'); exit 1 }
sub configdb_up {
    # A real login as the admin daemon does (password in MYSQL_PWD, not argv).
    my ($host, $port, $user, $pw) = ('127.0.0.1', 3313, 'openexchange', '');
    if (open my $fh, '<', "$ROOT/etc/configdb.properties") {
        while (<$fh>) {
            chomp;
            if (m{^readUrl=jdbc:mysql://([^:/]+):?(\d*)/}) { ($host, $port) = ($1, $2 || 3306) }
            elsif (/^readProperty\.1=user=(.*)$/) { $user = $1 }
            elsif (/^readProperty\.2=password=(.*)$/) { $pw = $1 }
        }
        close $fh;
    }
    local $ENV{MYSQL_PWD} = $pw;
    my $pid = fork() // return 0;
    if ($pid == 0) {
        open STDOUT, '>', '/dev/null'; open STDERR, '>', '/dev/null';
        exec 'mariadb', '--connect-timeout=3', '-h', $host, '-P', $port, '-u', $user, '-N', '-e', 'SELECT 1', 'configdb';
        exit 127;
    }
    waitpid $pid, 0;
    return $? == 0;
}
unless (configdb_up()) {
    oxlog('ERROR', 'com.openexchange.database.internal.ConfigDatabaseServiceImpl.get(ConfigDatabaseServiceImpl.java:112)',
        "com.openexchange.exception.OXException: DBP-0001 Categories=SERVICE_DOWN Message='Cannot get connection to config DB.' exceptionID=" . int(rand(2**31)) . "-1");
    slog('ERROR', 'Server response: Cannot get connection to config DB.');
    exit 1;
}
sub esc { my $v = shift; return '\N' unless defined $v; $v =~ s/\\/\\\\/g; $v =~ s/\t/\\t/g; $v =~ s/\n/\\n/g; $v }
sub unesc { my $v = shift; return undef if $v eq '\N'; $v =~ s/\\(.)/$1 eq 't' ? "\t" : $1 eq 'n' ? "\n" : $1/ge; $v }
my (%contexts, @fields, $users);
if (open my $fh, '<', $CONTEXTS) {
    while (<$fh>) { chomp; my ($id, $a, $h, $next) = split /\t/; $contexts{$id} = { admin => $a, adminSha256 => $h, nextId => $next } }
    close $fh;
}
my $c = $contexts{$ctx};
unless ($c) { slog('ERROR', "Server response: Context $ctx does not exist"); exit 1 }
if (open my $fh, '<', $USERS) {
    my $h = <$fh>;
    chomp $h;
    @fields = split /\t/, $h;
    while (my $l = <$fh>) {
        chomp $l;
        my @v = split /\t/, $l, -1;
        my %u;
        @u{@fields} = map { unesc($_) } @v;
        $users->{lc $u{Name}} = \%u;
    }
    close $fh;
}
unless ($admin eq $c->{admin} && sha256_hex($pass) eq $c->{adminSha256}) {
    oxlog('ERROR', 'com.openexchange.admin.rmi.impl.BasicAuthenticator.doAuthentication(BasicAuthenticator.java:143)',
        "com.openexchange.admin.rmi.exceptions.InvalidCredentialsException: Authentication failed for user $admin");
    slog('ERROR', 'Server response: Authentication failed');
    exit 1;
}

# --- directory search (ldapsearch; no paging unless ldaptype = ads)
sub search {
    my ($filter) = @_;
    my @cmd = ('ldapsearch', '-x', '-LLL', '-o', 'ldif-wrap=no', '-H', $conf->{ldapuri}, '-b', $conf->{userbasedn});
    push @cmd, '-D', $conf->{binddn}, '-y', $conf->{bindpwfile} if $conf->{binddn};
    push @cmd, '-E', 'pr=500/noprompt' if lc($conf->{ldaptype} // '') eq 'ads';
    push @cmd, $filter, qw(sAMAccountName mail givenName sn displayName proxyAddresses department company);
    my $pid = open(my $fh, '-|') // do { slog('ERROR', "fork: $!"); exit 1 };
    if ($pid == 0) { open STDERR, '>&', \*STDOUT; exec @cmd or exit 127 }
    my (@entries, $cur, @noise);
    while (my $l = <$fh>) {
        chomp $l;
        if ($l eq '') { push @entries, $cur if $cur && $cur->{dn}; $cur = undef; next }
        if ($l =~ /^([A-Za-z0-9-]+)(::?)\s?(.*)$/) {
            my ($k, $sep, $v) = (lc $1, $2, $3);
            if ($sep eq '::') { require MIME::Base64; $v = MIME::Base64::decode_base64($v) }
            $cur //= {};
            push @{$cur->{$k}}, $v;
            $cur->{dn} = $v if $k eq 'dn';
        } else { push @noise, $l }
    }
    push @entries, $cur if $cur && $cur->{dn};
    close $fh;
    my $rc = $? >> 8;
    @entries = grep { $_->{samaccountname} } @entries;
    return ($rc, \@entries, join(' ', grep { /\S/ && !/^# / } @noise));
}

my ($rc, $found, $noise) = search($conf->{userfilter});
if ($rc == 4) {
    slog('ERROR', "LDAP search returned: Size limit exceeded (4) after " . scalar(@$found) .
        " entries; the result is incomplete (ldaptype=$conf->{ldaptype} does not page)");
} elsif ($rc != 0) {
    slog('ERROR', "LDAP search failed (rc=$rc): $noise");
    exit 1;
}
my ($irc, $ignored) = (0, []);
if ($conf->{userignorefilter}) {
    ($irc, $ignored, my $inoise) = search($conf->{userignorefilter});
    slog('ERROR', "LDAP search (userignorefilter) returned rc=$irc: $inoise") if $irc != 0 && $irc != 4;
}

my %keep = map { lc($_) => 1 } split /\s*,\s*/, ($conf->{dontModifyUids} // '');
my %ignore = map { lc($_->{samaccountname}[0]) => 1 } @$ignored;
$users //= {};
my ($created, $updated, $deleted) = (0, 0, 0);
my %seen;
my @access = grep { /^access-/i } keys %$map;

for my $e (@$found) {
    my $login = $e->{samaccountname}[0];
    next if $keep{lc $login};
    $seen{lc $login} = 1;
    my @aliases = map { my $a = $_; $a =~ s/^smtp://i; $a } @{$e->{proxyaddresses} // []};
    my %u = (
        Name => $login, ImapLogin => $login,
        Display_name => $e->{displayname}[0] // $login,
        Given_name => $e->{givenname}[0], Sur_name => $e->{sn}[0],
        PrimaryEmail => $e->{mail}[0], Email1 => $e->{mail}[0],
        Aliases => join(', ', sort(uniq($e->{mail}[0], @aliases))),
        Department => $e->{department}[0], Company => $e->{company}[0],
        ImapServer => $map->{imapserver}, ImapServerString => "imap://$map->{imapserver}:143",
        SmtpServer => $map->{smtpserver}, SmtpServerString => "smtp://$map->{smtpserver}:25",
        Mail_folder_drafts_name => $map->{mail_folder_drafts_name} // 'Drafts',
        Mail_folder_sent_name => $map->{mail_folder_sent_name} // 'Sent Items',
        Mail_folder_spam_name => $map->{mail_folder_spam_name} // 'Junk',
        Mail_folder_trash_name => $map->{mail_folder_trash_name} // 'Trash',
        Mail_folder_confirmed_ham_name => 'confirmed-ham', Mail_folder_confirmed_spam_name => 'confirmed-spam',
        Gui_spam_filter_enabled => (($map->{gui_spam_filter_capabilities_enabled} // 'false') eq 'true') ? 'true' : 'false',
        Mailenabled => 'true', Language => $map->{language} // 'en_US',
        Timezone => $map->{timezone} // 'Europe/Berlin', PasswordMech => 'crypt',
        UploadFileSizeLimit => $map->{uploadfilesizelimit}, UploadFileSizeLimitPerFile => $map->{uploadfilesizelimitperfile},
        class => $class,
        # the OX column names spell one access key with upper case letters (read-create-shared-Folders)
        map { ((lc($_) eq 'access-read-create-shared-folders' ? 'access-read-create-shared-Folders' : lc($_)) =>
               (lc($map->{$_}) eq 'on' ? 'true' : 'false')) } @access,
    );
    my $old = $users->{lc $login};
    if ($old) {
        $u{Id} = $old->{Id};
        unless (same(\%u, $old)) { $users->{lc $login} = \%u; $updated++ }
    } else {
        $u{Id} = $c->{nextId}++;
        $users->{lc $login} = \%u;
        $created++;
        oxlog('INFO', 'com.openexchange.admin.rmi.impl.OXUser.create(OXUser.java:583)',
            "User $u{Id} ($login) created in context $ctx", "com.openexchange.admin.contextId=$ctx");
    }
}
if (lc($conf->{deleteusers} // 'no') eq 'yes') {
    for my $k (sort keys %$users) {
        my $u = $users->{$k};
        next if $seen{$k} || $keep{$k} || $ignore{$k};
        delete $users->{$k};
        $deleted++;
        oxlog('INFO', 'com.openexchange.admin.rmi.impl.OXUser.delete(OXUser.java:912)',
            "User $u->{Id} ($u->{Name}) deleted from context $ctx", "com.openexchange.admin.contextId=$ctx");
    }
}

sub uniq { my %s; grep { defined && !$s{lc $_}++ } @_ }
sub same { my ($x, $y) = @_; my %k = (%$x, %$y); for (keys %k) { return 0 if esc($x->{$_}) ne esc($y->{$_}) } return 1 }

# Every field any user has, the known ones first.
my %known = map { $_ => 1 } @fields;
for my $u (values %$users) { for (sort keys %$u) { push @fields, $_ unless $known{$_}++ } }
sub row { my $u = shift; join "\t", map { esc($u->{$_}) } @fields }
my ($tfh, $tmp) = tempfile("$USERS.XXXX");
print $tfh join("\t", @fields), "\n";
print $tfh row($users->{$_}), "\n" for sort { $users->{$a}{Id} <=> $users->{$b}{Id} } keys %$users;
close $tfh;
chmod 0640, $tmp;
rename $tmp, $USERS or do { slog('ERROR', "cannot write $USERS: $!"); exit 1 };
$contexts{$ctx} = $c;
($tfh, $tmp) = tempfile("$CONTEXTS.XXXX");
print $tfh join("\t", $_, @{$contexts{$_}}{qw(admin adminSha256 nextId)}), "\n" for sort { $a <=> $b } keys %contexts;
close $tfh;
chmod 0640, $tmp;
rename $tmp, $CONTEXTS or do { slog('ERROR', "cannot write $CONTEXTS: $!"); exit 1 };
my $total = scalar(@$found);
slog($rc == 4 ? 'WARN' : 'INFO', "finished: $total entries from LDAP, $created created, $updated updated, $deleted deleted");
exit($rc == 4 ? 2 : 0);
