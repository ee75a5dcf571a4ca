# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_pgacct_global_optspecs
    string join \n inventory= format= json q/quiet no-color wide connect-timeout= lock-timeout= statement-timeout= allow-md5-password h/help V/version
end

function __fish_pgacct_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_pgacct_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_pgacct_using_subcommand
    set -l cmd (__fish_pgacct_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c pgacct -n "__fish_pgacct_needs_command" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_needs_command" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_needs_command" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_needs_command" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_needs_command" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_needs_command" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_needs_command" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_needs_command" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_needs_command" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_needs_command" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_needs_command" -s V -l version -d 'Print version'
complete -c pgacct -n "__fish_pgacct_needs_command" -f -a "registry" -d 'Manage the inventory of target databases'
complete -c pgacct -n "__fish_pgacct_needs_command" -f -a "user" -d 'Create and manage login roles on targets'
complete -c pgacct -n "__fish_pgacct_needs_command" -f -a "undo" -d 'Reverse a recorded change by its audit entry id'
complete -c pgacct -n "__fish_pgacct_needs_command" -f -a "audit" -d 'Read and verify the audit log'
complete -c pgacct -n "__fish_pgacct_needs_command" -f -a "notify" -d 'Configure notifications (Slack, Webex, email, exec hook)'
complete -c pgacct -n "__fish_pgacct_needs_command" -f -a "kinds" -d 'Show or change the user kinds and their settings'
complete -c pgacct -n "__fish_pgacct_needs_command" -f -a "sandbox" -d 'A throwaway local PostgreSQL cluster to try pgacct on'
complete -c pgacct -n "__fish_pgacct_needs_command" -f -a "inventory" -d 'The inventory itself: which store is in use, its schema version, its size'
complete -c pgacct -n "__fish_pgacct_needs_command" -f -a "report" -d 'The fleet at a glance: every role on every target, drift, expiry, findings'
complete -c pgacct -n "__fish_pgacct_needs_command" -f -a "completions" -d 'Print shell completions to stdout'
complete -c pgacct -n "__fish_pgacct_needs_command" -f -a "__complete" -d 'Print completion candidates from the inventory, one per line'
complete -c pgacct -n "__fish_pgacct_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -f -a "add" -d 'Register a target database (env + database name -> host, port, TLS, admin role)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -f -a "list" -d 'List registered targets (active only unless --all)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -f -a "show" -d 'Show one target in full'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -f -a "disable" -d 'Mark a target inactive: kept, but not used by commands'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -f -a "enable" -d 'Mark a target active again'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -f -a "remove" -d 'Remove a target from the inventory (protected envs need --yes)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -f -a "import" -d 'Import targets from the original service\'s pg_registry.db or a CSV file'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -f -a "set" -d 'Change some settings of a registered target, keeping the others'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -f -a "check" -d 'Connect to targets and report TLS, server version and admin privileges'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -f -a "harden" -d 'Take CREATE on the public schema from PUBLIC (PostgreSQL\'s documented hardening)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and not __fish_seen_subcommand_from add list show disable enable remove import set check harden help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l env -d 'Environment name: [a-z][a-z0-9_-]{0,31} (dev, qa, uat, prod, ...)' -r -f -a "(pgacct __complete envs)"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l db -d 'Database name on the server' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l host -d 'Host name, IP address, or Unix socket directory (an absolute path)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l port -d 'Server port' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l hostaddr -d 'IP address to connect to instead of resolving --host; TLS (verify-full) still checks the certificate against --host, as libpq\'s hostaddr' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l require-auth -d 'Authentication methods the admin password may be answered with, as libpq\'s require_auth: a comma list of password, md5, scram-sha-256, none (or all negated with !). Default: scram-sha-256 (and none), or any method over verify-full TLS' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l admin-user -d 'Admin role pgacct connects as (else PGACCT_ADMIN_USER)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l sslmode -d 'TLS mode, as libpq\'s sslmode' -r -f -a "disable\t''
allow\t''
prefer\t''
require\t''
verify-ca\t''
verify-full\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l sslrootcert -d 'CA certificate file to verify the server with' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l sslcert -d 'Client certificate file (with --sslkey)' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l sslkey -d 'Client private key file (with --sslcert)' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l password-command -d 'Command that prints the admin password on its first line (run with sh -c)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l notes -d 'Free-text notes' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l protected -d 'Changes on this target need confirmation (default on for env `prod`)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l no-protected -d 'Do not protect this target, even in env `prod`'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l replace -d 'Replace an existing target with the same env and database: every setting as given here (defaults for those left out), except that it stays protected unless --no-protected and keeps its active state; a protected target needs --yes. Prints what changed. To change some settings only, use `registry set`'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l yes -d 'Confirm replacing a protected target (--replace), or taking its protection off'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from list" -l env -d 'Only this environment' -r -f -a "(pgacct __complete envs)"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from list" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from list" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from list" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from list" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from list" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from list" -l all -d 'Include inactive targets'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from list" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from list" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from list" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from list" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from show" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from show" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from show" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from show" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from show" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from show" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from show" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from show" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from show" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from disable" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from disable" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from disable" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from disable" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from disable" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from disable" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from disable" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from disable" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from disable" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from disable" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from enable" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from enable" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from enable" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from enable" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from enable" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from enable" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from enable" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from enable" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from enable" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from enable" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from remove" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from remove" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from remove" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from remove" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from remove" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from remove" -l yes -d 'Confirm removing a protected target'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from remove" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from remove" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from remove" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from remove" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from import" -l admin-user -d 'Admin role of every imported target (else PGACCT_ADMIN_USER at run time)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from import" -l sslmode -d 'TLS mode of every imported target, as libpq\'s sslmode' -r -f -a "disable\t''
allow\t''
prefer\t''
require\t''
verify-ca\t''
verify-full\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from import" -l sslrootcert -d 'CA certificate file of every imported target' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from import" -l password-command -d 'Password command of every imported target (run with sh -c)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from import" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from import" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from import" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from import" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from import" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from import" -l dry-run -d 'Show what would be imported, change nothing'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from import" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from import" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from import" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from import" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l host -d 'Host name, IP address, or Unix socket directory' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l port -d 'Server port' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l hostaddr -d 'IP address to connect to instead of resolving the host (\'\' clears it)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l admin-user -d 'Admin role pgacct connects as (\'\' clears it: PGACCT_ADMIN_USER then applies)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l sslmode -d 'TLS mode, as libpq\'s sslmode' -r -f -a "disable\t''
allow\t''
prefer\t''
require\t''
verify-ca\t''
verify-full\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l sslrootcert -d 'CA certificate file (\'\' clears it)' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l sslcert -d 'Client certificate file (\'\' clears it)' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l sslkey -d 'Client private key file (\'\' clears it)' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l password-command -d 'Command that prints the admin password (\'\' clears it)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l protected -d 'Whether changes on this target need confirmation' -r -f -a "true\t''
false\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l notes -d 'Free-text notes (\'\' clears them)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l yes -d 'Confirm a change on a protected target'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from check" -l env -d 'Only targets of this environment' -r -f -a "(pgacct __complete envs)"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from check" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from check" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from check" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from check" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from check" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from check" -l accept-identity -d 'Record the identity of the server that answers now, where it differs from the recorded one (a replaced or re-pointed server): changes on the target are refused (exit 5) until this confirms it'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from check" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from check" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from check" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from check" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from harden" -l env -d 'Every active database of this environment' -r -f -a "(pgacct __complete envs)"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from harden" -l schema -d 'Schema to take PUBLIC\'s CREATE from (repeatable; default public)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from harden" -l reason -d 'Why (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from harden" -l ticket -d 'Ticket or change id (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from harden" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from harden" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from harden" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from harden" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from harden" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from harden" -l dry-run -d 'Print the exact SQL plan and change nothing'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from harden" -l yes -d 'Confirm a change on a protected target without a prompt'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from harden" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from harden" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from harden" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from harden" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from harden" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from harden" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "add" -d 'Register a target database (env + database name -> host, port, TLS, admin role)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "list" -d 'List registered targets (active only unless --all)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one target in full'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Mark a target inactive: kept, but not used by commands'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Mark a target active again'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a target from the inventory (protected envs need --yes)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import targets from the original service\'s pg_registry.db or a CSV file'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change some settings of a registered target, keeping the others'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "check" -d 'Connect to targets and report TLS, server version and admin privileges'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "harden" -d 'Take CREATE on the public schema from PUBLIC (PostgreSQL\'s documented hardening)'
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -f -a "create" -d 'Create a user of a kind (app, k8s, devqa, devlead, readonly, dba, or your own)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -f -a "list" -d 'List the roles of each target\'s cluster'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -f -a "find" -d 'Everything about one role: attributes, settings, privileges, ownership'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -f -a "reset" -d 'Rotate a user\'s password'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -f -a "search-path" -d 'Set a user\'s search_path in the target database'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -f -a "lock" -d 'Forbid a user to log in (NOLOGIN), remembering its prior state'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -f -a "unlock" -d 'Let a locked user log in again'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -f -a "revoke" -d 'Remove a user\'s access in the target database'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -f -a "drop" -d 'Drop a user, after a preflight across every database of the cluster'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -f -a "apply" -d 'Apply a batch file: one verb and target per line (CSV with a header, or JSON lines)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -f -a "repair" -d 'Bring a drifted pgacct user back to its kind\'s definition'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and not __fish_seen_subcommand_from create list find reset search-path lock unlock revoke drop apply repair help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l username -d 'The user name, as an option' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l server -d 'Server name of an app service account (name: <server>_<service-port>)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l service-port -d 'The app service\'s own port (1-65535), part of the name <server>_<port>; not PostgreSQL\'s port (that is the target\'s). --port is accepted too' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l prefix -d 'Environment prefix of a k8s workload (name: <prefix>_<farm>)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l farm -d 'Farm of a k8s workload' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l schema -d 'Schemas to grant access in and put on the search_path (repeatable; default public)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l valid-until -d 'Password valid until this date (YYYY-MM-DD or RFC 3339)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l expires-in -d 'Password valid for this long (e.g. 90d)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l conn-limit -d 'Connection limit, at most the kind\'s maximum' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l password-length -d 'Length of a generated password (at least 16)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l password-file -d 'Write the password to this file (created 0600) instead of printing it' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l reason -d 'Why (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l ticket -d 'Ticket or change id (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -s t -l target -d 'Target as ENV/DB (repeatable)' -r -f -a "(pgacct __complete targets)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l env -d 'Environment: with --db one target, alone every active database of the env' -r -f -a "(pgacct __complete envs)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l db -d 'Database name within --env' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l jobs -d 'How many targets to work on at once' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l force -d 'Overwrite an existing --password-file'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l password-stdin -d 'Read the password from the first line of stdin instead of generating one'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l dry-run -d 'Print the exact SQL plan and change nothing'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l yes -d 'Confirm a change on a protected target without a prompt'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l all-envs -d 'Every active target of every environment'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -l kind -d 'Only roles pgacct manages as this kind' -r -f -a "(pgacct __complete kinds)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -l like -d 'Only names matching this SQL LIKE pattern' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -l expiring-within -d 'Only roles whose password expires within this long (e.g. 30d)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -s t -l target -d 'Target as ENV/DB (repeatable)' -r -f -a "(pgacct __complete targets)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -l env -d 'Environment: with --db one target, alone every active database of the env' -r -f -a "(pgacct __complete envs)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -l db -d 'Database name within --env' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -l jobs -d 'How many targets to work on at once' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -l login -d 'Only roles that can log in'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -l no-login -d 'Only roles that cannot log in'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -l all-envs -d 'Every active target of every environment'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from find" -s t -l target -d 'Target as ENV/DB (repeatable)' -r -f -a "(pgacct __complete targets)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from find" -l env -d 'Environment: with --db one target, alone every active database of the env' -r -f -a "(pgacct __complete envs)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from find" -l db -d 'Database name within --env' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from find" -l jobs -d 'How many targets to work on at once' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from find" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from find" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from find" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from find" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from find" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from find" -l all-envs -d 'Every active target of every environment'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from find" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from find" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from find" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from find" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from find" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from find" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l valid-until -d 'New password valid until this date (YYYY-MM-DD or RFC 3339)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l expires-in -d 'New password valid for this long (e.g. 90d)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l password-length -d 'Length of a generated password (at least 16)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l password-file -d 'Write the password to this file (created 0600) instead of printing it' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l reason -d 'Why (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l ticket -d 'Ticket or change id (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -s t -l target -d 'Target as ENV/DB (repeatable)' -r -f -a "(pgacct __complete targets)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l env -d 'Environment: with --db one target, alone every active database of the env' -r -f -a "(pgacct __complete envs)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l db -d 'Database name within --env' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l jobs -d 'How many targets to work on at once' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l terminate-sessions -d 'End sessions still open with the old credentials'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l force -d 'Overwrite an existing --password-file'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l password-stdin -d 'Read the password from the first line of stdin instead of generating one'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l dry-run -d 'Print the exact SQL plan and change nothing'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l yes -d 'Confirm a change on a protected target without a prompt'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l all-envs -d 'Every active target of every environment'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from reset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -l schema -d 'Schemas, in order (repeatable; default public)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -l reason -d 'Why (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -l ticket -d 'Ticket or change id (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -s t -l target -d 'Target as ENV/DB (repeatable)' -r -f -a "(pgacct __complete targets)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -l env -d 'Environment: with --db one target, alone every active database of the env' -r -f -a "(pgacct __complete envs)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -l db -d 'Database name within --env' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -l jobs -d 'How many targets to work on at once' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -l dry-run -d 'Print the exact SQL plan and change nothing'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -l yes -d 'Confirm a change on a protected target without a prompt'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -l all-envs -d 'Every active target of every environment'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from search-path" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -l reason -d 'Why (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -l ticket -d 'Ticket or change id (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -s t -l target -d 'Target as ENV/DB (repeatable)' -r -f -a "(pgacct __complete targets)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -l env -d 'Environment: with --db one target, alone every active database of the env' -r -f -a "(pgacct __complete envs)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -l db -d 'Database name within --env' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -l jobs -d 'How many targets to work on at once' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -l terminate-sessions -d 'End the user\'s open sessions too'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -l dry-run -d 'Print the exact SQL plan and change nothing'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -l yes -d 'Confirm a change on a protected target without a prompt'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -l all-envs -d 'Every active target of every environment'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from lock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -l reason -d 'Why (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -l ticket -d 'Ticket or change id (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -s t -l target -d 'Target as ENV/DB (repeatable)' -r -f -a "(pgacct __complete targets)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -l env -d 'Environment: with --db one target, alone every active database of the env' -r -f -a "(pgacct __complete envs)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -l db -d 'Database name within --env' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -l jobs -d 'How many targets to work on at once' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -l dry-run -d 'Print the exact SQL plan and change nothing'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -l yes -d 'Confirm a change on a protected target without a prompt'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -l all-envs -d 'Every active target of every environment'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from unlock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -l schema -d 'Only this schema (repeatable; default: the whole database)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -l reason -d 'Why (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -l ticket -d 'Ticket or change id (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -s t -l target -d 'Target as ENV/DB (repeatable)' -r -f -a "(pgacct __complete targets)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -l env -d 'Environment: with --db one target, alone every active database of the env' -r -f -a "(pgacct __complete envs)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -l db -d 'Database name within --env' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -l jobs -d 'How many targets to work on at once' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -l dry-run -d 'Print the exact SQL plan and change nothing'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -l yes -d 'Confirm a change on a protected target without a prompt'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -l all-envs -d 'Every active target of every environment'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -l reassign-to -d 'Give what the user owns to this role, then drop it' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -l reason -d 'Why (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -l ticket -d 'Ticket or change id (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -s t -l target -d 'Target as ENV/DB (repeatable)' -r -f -a "(pgacct __complete targets)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -l env -d 'Environment: with --db one target, alone every active database of the env' -r -f -a "(pgacct __complete envs)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -l db -d 'Database name within --env' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -l jobs -d 'How many targets to work on at once' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -l dry-run -d 'Print the exact SQL plan and change nothing'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -l yes -d 'Confirm a change on a protected target without a prompt'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -l all-envs -d 'Every active target of every environment'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from drop" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -l password-length -d 'Length of generated passwords (at least 16)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -l password-file -d 'Write the new passwords (created and reset users) to this file (created 0600), one line per user in the libpq password file format host:port:database:user:password' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -l jobs -d 'How many server connections work at once (across targets; lines of one target share them unless --atomic). Each CREATE ROLE with a password costs the server a SCRAM computation, so several connections are what makes a batch fast' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -l reason -d 'Why (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -l ticket -d 'Ticket or change id (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -l atomic -d 'All lines of one target (create, reset, lock, unlock, search-path) in one transaction on one connection: if one fails, none of them applies (drop lines are refused with --atomic: drop commits one transaction per database)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -l force -d 'Overwrite an existing --password-file'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -l dry-run -d 'Print the exact SQL plan and change nothing'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -l yes -d 'Confirm a change on a protected target without a prompt'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -l reason -d 'Why (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -l ticket -d 'Ticket or change id (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -s t -l target -d 'Target as ENV/DB (repeatable)' -r -f -a "(pgacct __complete targets)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -l env -d 'Environment: with --db one target, alone every active database of the env' -r -f -a "(pgacct __complete envs)"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -l db -d 'Database name within --env' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -l jobs -d 'How many targets to work on at once' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -l dry-run -d 'Print the exact SQL plan and change nothing'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -l yes -d 'Confirm a change on a protected target without a prompt'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -l all-envs -d 'Every active target of every environment'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from repair" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a user of a kind (app, k8s, devqa, devlead, readonly, dba, or your own)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the roles of each target\'s cluster'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "find" -d 'Everything about one role: attributes, settings, privileges, ownership'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "reset" -d 'Rotate a user\'s password'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "search-path" -d 'Set a user\'s search_path in the target database'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "lock" -d 'Forbid a user to log in (NOLOGIN), remembering its prior state'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "unlock" -d 'Let a locked user log in again'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Remove a user\'s access in the target database'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "drop" -d 'Drop a user, after a preflight across every database of the cluster'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Apply a batch file: one verb and target per line (CSV with a header, or JSON lines)'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "repair" -d 'Bring a drifted pgacct user back to its kind\'s definition'
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pgacct -n "__fish_pgacct_using_subcommand undo" -l reason -d 'Why (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand undo" -l ticket -d 'Ticket or change id (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand undo" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand undo" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand undo" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand undo" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand undo" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand undo" -l dry-run -d 'Print the exact SQL plan and change nothing'
complete -c pgacct -n "__fish_pgacct_using_subcommand undo" -l yes -d 'Confirm a change on a protected target without a prompt'
complete -c pgacct -n "__fish_pgacct_using_subcommand undo" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand undo" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand undo" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand undo" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand undo" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand undo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and not __fish_seen_subcommand_from list show verify reads help" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and not __fish_seen_subcommand_from list show verify reads help" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and not __fish_seen_subcommand_from list show verify reads help" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and not __fish_seen_subcommand_from list show verify reads help" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and not __fish_seen_subcommand_from list show verify reads help" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and not __fish_seen_subcommand_from list show verify reads help" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and not __fish_seen_subcommand_from list show verify reads help" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and not __fish_seen_subcommand_from list show verify reads help" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and not __fish_seen_subcommand_from list show verify reads help" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and not __fish_seen_subcommand_from list show verify reads help" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and not __fish_seen_subcommand_from list show verify reads help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and not __fish_seen_subcommand_from list show verify reads help" -f -a "list" -d 'List attempts, newest first: a started entry merged with its completion'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and not __fish_seen_subcommand_from list show verify reads help" -f -a "show" -d 'Print one audit entry in full'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and not __fish_seen_subcommand_from list show verify reads help" -f -a "verify" -d 'Re-walk the hash chain and report the first entry edited, deleted or inserted'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and not __fish_seen_subcommand_from list show verify reads help" -f -a "reads" -d 'Show or set whether reads (list, find, check) are recorded'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and not __fish_seen_subcommand_from list show verify reads help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l env -d 'Only this environment' -r -f -a "(pgacct __complete envs)"
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l db -d 'Only this database name' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l user -d 'Only this role (the login role acted on)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l actor -d 'Only this actor (matches PGACCT_ACTOR or the OS user)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l action -d 'Only this action, e.g. "user create", "registry add"' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l ticket -d 'Only attempts recorded with this ticket (--ticket of the command)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l outcome -d 'Only attempts that ended this way' -r -f -a "changed\t''
unchanged\t''
failed\t''
refused\t''
dry-run\t''
read\t''
started\t'No completion entry: outcome unknown (pgacct stopped mid-way)'"
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l since -d 'Started at or after: a date (YYYY-MM-DD), an RFC 3339 UTC time, or an age like 7d' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l until -d 'Started before: a date (up to the end of that day), an RFC 3339 UTC time, or an age' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l limit -d 'At most this many attempts, newest first (0 = all, e.g. for a full CSV export)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l csv -d 'CSV output (header row, one attempt per line), for access reviews'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from show" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from show" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from show" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from show" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from show" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from show" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from show" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from show" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from show" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from verify" -l expect-head -d 'A head hash exported earlier (`audit verify --json`): fail unless the chain still contains it, which catches a log rewritten and re-hashed since' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from verify" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from verify" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from verify" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from verify" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from verify" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from verify" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from verify" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from verify" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from verify" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from reads" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from reads" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from reads" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from reads" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from reads" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from reads" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from reads" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from reads" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from reads" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from reads" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from reads" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "list" -d 'List attempts, newest first: a started entry merged with its completion'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print one audit entry in full'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Re-walk the hash chain and report the first entry edited, deleted or inserted'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "reads" -d 'Show or set whether reads (list, find, check) are recorded'
complete -c pgacct -n "__fish_pgacct_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and not __fish_seen_subcommand_from add list remove test help" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and not __fish_seen_subcommand_from add list remove test help" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and not __fish_seen_subcommand_from add list remove test help" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and not __fish_seen_subcommand_from add list remove test help" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and not __fish_seen_subcommand_from add list remove test help" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and not __fish_seen_subcommand_from add list remove test help" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and not __fish_seen_subcommand_from add list remove test help" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and not __fish_seen_subcommand_from add list remove test help" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and not __fish_seen_subcommand_from add list remove test help" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and not __fish_seen_subcommand_from add list remove test help" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and not __fish_seen_subcommand_from add list remove test help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and not __fish_seen_subcommand_from add list remove test help" -f -a "add" -d 'Add a notification channel'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and not __fish_seen_subcommand_from add list remove test help" -f -a "list" -d 'List notification channels'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and not __fish_seen_subcommand_from add list remove test help" -f -a "remove" -d 'Remove a notification channel'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and not __fish_seen_subcommand_from add list remove test help" -f -a "test" -d 'Record a test event and send it to every channel (filters ignored)'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and not __fish_seen_subcommand_from add list remove test help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -l url -d 'Webhook URL (slack) or messages API URL (webex; default https://webexapis.com/v1/messages). http:// or https://' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -l room-id -d 'Webex room id' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -l token-env -d 'Name of the environment variable holding the Webex bearer token' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -l command -d 'Command to run with sh -c (exec: gets the event as JSON on stdin; email: a sendmail-style command reading the message on stdin, default `sendmail -t`)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -l to -d 'Email recipient (repeatable)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -l timeout -d 'Seconds a delivery may take (connect, send and answer) before it is given up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -l action -d 'Only these actions (repeatable), e.g. "user create"' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -l env -d 'Only these envs (repeatable)' -r -f -a "(pgacct __complete envs)"
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -l outcome -d 'Only these outcomes (repeatable)' -r -f -a "changed\t''
unchanged\t''
failed\t''
refused\t''
dry-run\t''
read\t''
started\t'No completion entry: outcome unknown (pgacct stopped mid-way)'"
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from list" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from list" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from list" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from list" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from list" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from list" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from list" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from list" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from list" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from remove" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from remove" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from remove" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from remove" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from remove" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from remove" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from remove" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from remove" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from remove" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from test" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from test" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from test" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from test" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from test" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from test" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from test" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from test" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from test" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from test" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a notification channel'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from help" -f -a "list" -d 'List notification channels'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a notification channel'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from help" -f -a "test" -d 'Record a test event and send it to every channel (filters ignored)'
complete -c pgacct -n "__fish_pgacct_using_subcommand notify; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and not __fish_seen_subcommand_from set help" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and not __fish_seen_subcommand_from set help" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and not __fish_seen_subcommand_from set help" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and not __fish_seen_subcommand_from set help" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and not __fish_seen_subcommand_from set help" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and not __fish_seen_subcommand_from set help" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and not __fish_seen_subcommand_from set help" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and not __fish_seen_subcommand_from set help" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and not __fish_seen_subcommand_from set help" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and not __fish_seen_subcommand_from set help" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and not __fish_seen_subcommand_from set help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and not __fish_seen_subcommand_from set help" -f -a "set" -d 'Change a kind\'s settings, or add a kind of your own'
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and not __fish_seen_subcommand_from set help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -l access -d 'Access level in the target database: none, read, write, owner' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -l conn-limit -d 'Default and maximum connection limit' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -l default-expiry -d 'Default password lifetime (e.g. 90d), or `none`' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -l name-rule -d 'Naming rule: username, server_port, prefix_farm' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -l attributes -d 'Role attributes, comma separated (createdb, createrole)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -l reason -d 'Why (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -l ticket -d 'Ticket or change id (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -l dry-run -d 'Print the exact SQL plan and change nothing'
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -l yes -d 'Confirm a change on a protected target without a prompt'
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change a kind\'s settings, or add a kind of your own'
complete -c pgacct -n "__fish_pgacct_using_subcommand kinds; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -f -a "up" -d 'Start a local throwaway cluster and register it as target sandbox/postgres'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -f -a "down" -d 'Stop and remove the sandbox cluster and its target'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -f -a "status" -d 'Report whether the sandbox is running'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and not __fish_seen_subcommand_from up down status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from up" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from up" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from up" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from up" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from up" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from up" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from up" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from up" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from up" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from up" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from up" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from down" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from down" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from down" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from down" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from down" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from down" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from down" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from down" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from down" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from down" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from down" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from status" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from status" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from status" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from status" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from status" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from status" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from status" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from status" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from status" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "up" -d 'Start a local throwaway cluster and register it as target sandbox/postgres'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "down" -d 'Stop and remove the sandbox cluster and its target'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "status" -d 'Report whether the sandbox is running'
complete -c pgacct -n "__fish_pgacct_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and not __fish_seen_subcommand_from info copy grant-sql help" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and not __fish_seen_subcommand_from info copy grant-sql help" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and not __fish_seen_subcommand_from info copy grant-sql help" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and not __fish_seen_subcommand_from info copy grant-sql help" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and not __fish_seen_subcommand_from info copy grant-sql help" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and not __fish_seen_subcommand_from info copy grant-sql help" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and not __fish_seen_subcommand_from info copy grant-sql help" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and not __fish_seen_subcommand_from info copy grant-sql help" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and not __fish_seen_subcommand_from info copy grant-sql help" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and not __fish_seen_subcommand_from info copy grant-sql help" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and not __fish_seen_subcommand_from info copy grant-sql help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and not __fish_seen_subcommand_from info copy grant-sql help" -f -a "info" -d 'Say which inventory is in use, its schema version and how many rows it holds'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and not __fish_seen_subcommand_from info copy grant-sql help" -f -a "copy" -d 'Copy one inventory into another (SQLite file or PostgreSQL URI, either way)'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and not __fish_seen_subcommand_from info copy grant-sql help" -f -a "grant-sql" -d 'Print the SQL that sets up a shared PostgreSQL inventory with least privilege'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and not __fish_seen_subcommand_from info copy grant-sql help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from info" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from info" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from info" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from info" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from info" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from info" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from info" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from info" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from info" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from info" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from info" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from copy" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from copy" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from copy" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from copy" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from copy" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from copy" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from copy" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from copy" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from copy" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from copy" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from copy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from grant-sql" -l owner -d 'The role that owns schema pgacct and its tables (created when missing)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from grant-sql" -l role -d 'The group role of the people using the inventory (created when missing)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from grant-sql" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from grant-sql" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from grant-sql" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from grant-sql" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from grant-sql" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from grant-sql" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from grant-sql" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from grant-sql" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from grant-sql" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from grant-sql" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from grant-sql" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from help" -f -a "info" -d 'Say which inventory is in use, its schema version and how many rows it holds'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from help" -f -a "copy" -d 'Copy one inventory into another (SQLite file or PostgreSQL URI, either way)'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from help" -f -a "grant-sql" -d 'Print the SQL that sets up a shared PostgreSQL inventory with least privilege'
complete -c pgacct -n "__fish_pgacct_using_subcommand inventory; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -s t -l target -d 'Target as ENV/DB (repeatable). Default: every active target' -r -f -a "(pgacct __complete targets)"
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l env -d 'Only the active targets of this environment (repeatable)' -r -f -a "(pgacct __complete envs)"
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l role -d 'Only this role (repeatable); unreachable targets are still reported' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l jobs -d 'How many servers to read at once (a server\'s databases are read in turn)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l expiring-within -d 'A password expiring within this long is a finding (and what --notify reminds of)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l reason -d 'Why (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l ticket -d 'Ticket or change id (kept in the audit log)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l by-target -d 'A flat list, one line per role and target, instead of the role x target matrix'
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l csv -d 'CSV (one line per role and target) for spreadsheets'
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l exit-code -d 'Exit 7 when anything is found, 0 when the fleet is clean (for CI and cron)'
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l notify -d 'Send one reminder per notification channel listing the accounts expiring within the window; each account and window is reminded of once (remembered in the inventory)'
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l repair -d 'Repair every drifted pgacct user found (as `pgacct user repair`), one transaction per target, audited; protected targets need --yes'
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l dry-run -d 'Print the exact SQL plan and change nothing'
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l yes -d 'Confirm a change on a protected target without a prompt'
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand completions" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand completions" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand completions" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand completions" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand completions" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand completions" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand completions" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand completions" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand completions" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand completions" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand __complete" -l inventory -d 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db' -r -F
complete -c pgacct -n "__fish_pgacct_using_subcommand __complete" -l format -d 'Output format: a table for people, JSON for scripts' -r -f -a "table\t''
json\t''"
complete -c pgacct -n "__fish_pgacct_using_subcommand __complete" -l connect-timeout -d 'Seconds to wait for a connection to a target (at least 1)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand __complete" -l lock-timeout -d 'Seconds a changing session waits for a lock before giving up' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand __complete" -l statement-timeout -d 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)' -r
complete -c pgacct -n "__fish_pgacct_using_subcommand __complete" -l json -d 'Shorthand for --format json'
complete -c pgacct -n "__fish_pgacct_using_subcommand __complete" -s q -l quiet -d 'Print only results and errors, no progress or advice'
complete -c pgacct -n "__fish_pgacct_using_subcommand __complete" -l no-color -d 'Never use colour (also when NO_COLOR is set)'
complete -c pgacct -n "__fish_pgacct_using_subcommand __complete" -l wide -d 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
complete -c pgacct -n "__fish_pgacct_using_subcommand __complete" -l allow-md5-password -d 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
complete -c pgacct -n "__fish_pgacct_using_subcommand __complete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and not __fish_seen_subcommand_from registry user undo audit notify kinds sandbox inventory report completions __complete help" -f -a "registry" -d 'Manage the inventory of target databases'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and not __fish_seen_subcommand_from registry user undo audit notify kinds sandbox inventory report completions __complete help" -f -a "user" -d 'Create and manage login roles on targets'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and not __fish_seen_subcommand_from registry user undo audit notify kinds sandbox inventory report completions __complete help" -f -a "undo" -d 'Reverse a recorded change by its audit entry id'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and not __fish_seen_subcommand_from registry user undo audit notify kinds sandbox inventory report completions __complete help" -f -a "audit" -d 'Read and verify the audit log'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and not __fish_seen_subcommand_from registry user undo audit notify kinds sandbox inventory report completions __complete help" -f -a "notify" -d 'Configure notifications (Slack, Webex, email, exec hook)'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and not __fish_seen_subcommand_from registry user undo audit notify kinds sandbox inventory report completions __complete help" -f -a "kinds" -d 'Show or change the user kinds and their settings'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and not __fish_seen_subcommand_from registry user undo audit notify kinds sandbox inventory report completions __complete help" -f -a "sandbox" -d 'A throwaway local PostgreSQL cluster to try pgacct on'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and not __fish_seen_subcommand_from registry user undo audit notify kinds sandbox inventory report completions __complete help" -f -a "inventory" -d 'The inventory itself: which store is in use, its schema version, its size'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and not __fish_seen_subcommand_from registry user undo audit notify kinds sandbox inventory report completions __complete help" -f -a "report" -d 'The fleet at a glance: every role on every target, drift, expiry, findings'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and not __fish_seen_subcommand_from registry user undo audit notify kinds sandbox inventory report completions __complete help" -f -a "completions" -d 'Print shell completions to stdout'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and not __fish_seen_subcommand_from registry user undo audit notify kinds sandbox inventory report completions __complete help" -f -a "__complete" -d 'Print completion candidates from the inventory, one per line'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and not __fish_seen_subcommand_from registry user undo audit notify kinds sandbox inventory report completions __complete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "add" -d 'Register a target database (env + database name -> host, port, TLS, admin role)'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "list" -d 'List registered targets (active only unless --all)'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "show" -d 'Show one target in full'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "disable" -d 'Mark a target inactive: kept, but not used by commands'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "enable" -d 'Mark a target active again'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "remove" -d 'Remove a target from the inventory (protected envs need --yes)'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "import" -d 'Import targets from the original service\'s pg_registry.db or a CSV file'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "set" -d 'Change some settings of a registered target, keeping the others'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "check" -d 'Connect to targets and report TLS, server version and admin privileges'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "harden" -d 'Take CREATE on the public schema from PUBLIC (PostgreSQL\'s documented hardening)'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "create" -d 'Create a user of a kind (app, k8s, devqa, devlead, readonly, dba, or your own)'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "list" -d 'List the roles of each target\'s cluster'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "find" -d 'Everything about one role: attributes, settings, privileges, ownership'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "reset" -d 'Rotate a user\'s password'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "search-path" -d 'Set a user\'s search_path in the target database'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "lock" -d 'Forbid a user to log in (NOLOGIN), remembering its prior state'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "unlock" -d 'Let a locked user log in again'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "revoke" -d 'Remove a user\'s access in the target database'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "drop" -d 'Drop a user, after a preflight across every database of the cluster'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "apply" -d 'Apply a batch file: one verb and target per line (CSV with a header, or JSON lines)'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "repair" -d 'Bring a drifted pgacct user back to its kind\'s definition'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "list" -d 'List attempts, newest first: a started entry merged with its completion'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "show" -d 'Print one audit entry in full'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Re-walk the hash chain and report the first entry edited, deleted or inserted'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "reads" -d 'Show or set whether reads (list, find, check) are recorded'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from notify" -f -a "add" -d 'Add a notification channel'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from notify" -f -a "list" -d 'List notification channels'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from notify" -f -a "remove" -d 'Remove a notification channel'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from notify" -f -a "test" -d 'Record a test event and send it to every channel (filters ignored)'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from kinds" -f -a "set" -d 'Change a kind\'s settings, or add a kind of your own'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "up" -d 'Start a local throwaway cluster and register it as target sandbox/postgres'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "down" -d 'Stop and remove the sandbox cluster and its target'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "status" -d 'Report whether the sandbox is running'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from inventory" -f -a "info" -d 'Say which inventory is in use, its schema version and how many rows it holds'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from inventory" -f -a "copy" -d 'Copy one inventory into another (SQLite file or PostgreSQL URI, either way)'
complete -c pgacct -n "__fish_pgacct_using_subcommand help; and __fish_seen_subcommand_from inventory" -f -a "grant-sql" -d 'Print the SQL that sets up a shared PostgreSQL inventory with least privilege'

# Inventory-aware positionals (pgacct __complete).
complete -c pgacct -n "__fish_pgacct_using_subcommand user; and __fish_seen_subcommand_from create" -f -a "(pgacct __complete kinds)"
complete -c pgacct -n "__fish_pgacct_using_subcommand registry; and __fish_seen_subcommand_from show check set disable enable remove" -f -a "(pgacct __complete targets)"
