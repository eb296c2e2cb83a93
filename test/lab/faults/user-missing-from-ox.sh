# checks: ox/listuser
# about: the test user is deleted from OX (stand-in user store) on servera; the nightly oxsync would bring it back
. "$LAB_DIR/services/_groupware.sh"

fault_break() {
  local store
  store="$(lab_root servera)/opt/open-xchange/var/standin-users-$LAB_OX_CONTEXT.tsv"
  # The store is TSV with a header line (see standin/oxldapsync.pl): drop the row whose Name is the test user.
  USER_GONE="${LAB_TEST_USERS%% *}" lab_edit_in_place "$store" '
    if ($. == 1) { chomp(my $h = $_); my @h = split /\t/, $h; ($n) = grep { $h[$_] eq "Name" } 0 .. $#h }
    elsif ((split /\t/)[$n] eq $ENV{USER_GONE}) { $_ = "" }'
}

fault_heal() { lab_exec servera /opt/open-xchange/sbin/oxsync >/dev/null; }
