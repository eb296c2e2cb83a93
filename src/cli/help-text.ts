// Help that answers the questions people have at 3 a.m.: what to type, what the exit code means,
// where the config comes from.
export const ROOT_HELP_AFTER = `
Examples:
  oxdoctor                                   dashboard on a terminal; otherwise the same as 'oxdoctor check'
  oxdoctor check --only-problems             every check on every host, only what is not OK
  oxdoctor check --host servera --check service
                                             the service checks of one host
  oxdoctor check --check host/ssh            can oxdoctor reach and log in to every host?
  oxdoctor check --format nagios             one status line with perfdata, for Nagios/Icinga
  oxdoctor check --format prometheus > /var/lib/node_exporter/oxdoctor.prom.tmp &&
    mv /var/lib/node_exporter/oxdoctor.prom.tmp /var/lib/node_exporter/oxdoctor.prom
  oxdoctor checks                            every check and what it proves
  oxdoctor config show                       the configuration in effect, secrets masked

Exit status (monitoring-plugins convention):
  0 OK   1 WARNING   2 CRITICAL   3 UNKNOWN, or a usage or configuration error

Configuration: the first of --config FILE, $OXDOCTOR_CONFIG, ~/.config/oxdoctor/config.yaml,
/etc/oxdoctor/config.yaml. Without one, oxdoctor checks the machine it runs on and discovers
its roles and endpoints from the system's own files (postfix, cyrus, krb5.conf, OX).

Dashboard (oxdoctor on a terminal; ? inside lists the keys): it takes the options of 'check' and
  --refresh <seconds>   sweep again this long after the last sweep (default: the config's refreshSeconds)
  --nice <n>            its own thread's nice value, default -10 where allowed (root), so the screen
                        answers keys on a loaded server, as atop does; commands it starts keep the
                        priority oxdoctor started with. --nice 0 keeps the normal priority; a
                        positive value lowers it, its commands' too (anyone may).

Environment: NO_COLOR turns colour off; with CI set or stdout not a terminal there is no dashboard.
`;

export const CHECK_HELP_AFTER = `
--check takes a check id (service/smtp) or a group (service); both options repeat and take
comma-separated lists. 'oxdoctor checks' lists the ids.

Formats:
  text        one line per check, problems last with a hint below each, then the totals
  json        one document, {"version": 1, ..., "results": [...]}; stable for scripts
  nagios      'OXDOCTOR <STATUS> - counts | perfdata', then one line per problem
  prometheus  node_exporter textfile format (oxdoctor_check_status{check,host} 0..3, ...)

Each check has a deadline (its own, else defaults.timeoutMs of the config; --timeout overrides
both). A check that misses it is CRITICAL ("no answer within ..."). When a host cannot be
reached, its other checks are UNKNOWN "not run" and host/ssh says why.

Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (the worst result wins; CRITICAL beats UNKNOWN).
`;
