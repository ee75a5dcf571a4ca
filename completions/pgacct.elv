
use builtin;
use str;

set edit:completion:arg-completer[pgacct] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'pgacct'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'pgacct'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand registry 'Manage the inventory of target databases'
            cand user 'Create and manage login roles on targets'
            cand undo 'Reverse a recorded change by its audit entry id'
            cand audit 'Read and verify the audit log'
            cand notify 'Configure notifications (Slack, Webex, email, exec hook)'
            cand kinds 'Show or change the user kinds and their settings'
            cand sandbox 'A throwaway local PostgreSQL cluster to try pgacct on'
            cand inventory 'The inventory itself: which store is in use, its schema version, its size'
            cand report 'The fleet at a glance: every role on every target, drift, expiry, findings'
            cand completions 'Print shell completions to stdout'
            cand __complete 'Print completion candidates from the inventory, one per line'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pgacct;registry'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Register a target database (env + database name -> host, port, TLS, admin role)'
            cand list 'List registered targets (active only unless --all)'
            cand show 'Show one target in full'
            cand disable 'Mark a target inactive: kept, but not used by commands'
            cand enable 'Mark a target active again'
            cand remove 'Remove a target from the inventory (protected envs need --yes)'
            cand import 'Import targets from the original service''s pg_registry.db or a CSV file'
            cand set 'Change some settings of a registered target, keeping the others'
            cand check 'Connect to targets and report TLS, server version and admin privileges'
            cand harden 'Take CREATE on the public schema from PUBLIC (PostgreSQL''s documented hardening)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pgacct;registry;add'= {
            cand --env 'Environment name: [a-z][a-z0-9_-]{0,31} (dev, qa, uat, prod, ...)'
            cand --db 'Database name on the server'
            cand --host 'Host name, IP address, or Unix socket directory (an absolute path)'
            cand --port 'Server port'
            cand --hostaddr 'IP address to connect to instead of resolving --host; TLS (verify-full) still checks the certificate against --host, as libpq''s hostaddr'
            cand --require-auth 'Authentication methods the admin password may be answered with, as libpq''s require_auth: a comma list of password, md5, scram-sha-256, none (or all negated with !). Default: scram-sha-256 (and none), or any method over verify-full TLS'
            cand --admin-user 'Admin role pgacct connects as (else PGACCT_ADMIN_USER)'
            cand --sslmode 'TLS mode, as libpq''s sslmode'
            cand --sslrootcert 'CA certificate file to verify the server with'
            cand --sslcert 'Client certificate file (with --sslkey)'
            cand --sslkey 'Client private key file (with --sslcert)'
            cand --password-command 'Command that prints the admin password on its first line (run with sh -c)'
            cand --notes 'Free-text notes'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --protected 'Changes on this target need confirmation (default on for env `prod`)'
            cand --no-protected 'Do not protect this target, even in env `prod`'
            cand --replace 'Replace an existing target with the same env and database: every setting as given here (defaults for those left out), except that it stays protected unless --no-protected and keeps its active state; a protected target needs --yes. Prints what changed. To change some settings only, use `registry set`'
            cand --yes 'Confirm replacing a protected target (--replace), or taking its protection off'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;registry;list'= {
            cand --env 'Only this environment'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --all 'Include inactive targets'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;registry;show'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;registry;disable'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;registry;enable'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;registry;remove'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --yes 'Confirm removing a protected target'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;registry;import'= {
            cand --admin-user 'Admin role of every imported target (else PGACCT_ADMIN_USER at run time)'
            cand --sslmode 'TLS mode of every imported target, as libpq''s sslmode'
            cand --sslrootcert 'CA certificate file of every imported target'
            cand --password-command 'Password command of every imported target (run with sh -c)'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --dry-run 'Show what would be imported, change nothing'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;registry;set'= {
            cand --host 'Host name, IP address, or Unix socket directory'
            cand --port 'Server port'
            cand --hostaddr 'IP address to connect to instead of resolving the host ('''' clears it)'
            cand --admin-user 'Admin role pgacct connects as ('''' clears it: PGACCT_ADMIN_USER then applies)'
            cand --sslmode 'TLS mode, as libpq''s sslmode'
            cand --sslrootcert 'CA certificate file ('''' clears it)'
            cand --sslcert 'Client certificate file ('''' clears it)'
            cand --sslkey 'Client private key file ('''' clears it)'
            cand --password-command 'Command that prints the admin password ('''' clears it)'
            cand --protected 'Whether changes on this target need confirmation'
            cand --notes 'Free-text notes ('''' clears them)'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --yes 'Confirm a change on a protected target'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;registry;check'= {
            cand --env 'Only targets of this environment'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --accept-identity 'Record the identity of the server that answers now, where it differs from the recorded one (a replaced or re-pointed server): changes on the target are refused (exit 5) until this confirms it'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;registry;harden'= {
            cand --env 'Every active database of this environment'
            cand --schema 'Schema to take PUBLIC''s CREATE from (repeatable; default public)'
            cand --reason 'Why (kept in the audit log)'
            cand --ticket 'Ticket or change id (kept in the audit log)'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --dry-run 'Print the exact SQL plan and change nothing'
            cand --yes 'Confirm a change on a protected target without a prompt'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;registry;help'= {
            cand add 'Register a target database (env + database name -> host, port, TLS, admin role)'
            cand list 'List registered targets (active only unless --all)'
            cand show 'Show one target in full'
            cand disable 'Mark a target inactive: kept, but not used by commands'
            cand enable 'Mark a target active again'
            cand remove 'Remove a target from the inventory (protected envs need --yes)'
            cand import 'Import targets from the original service''s pg_registry.db or a CSV file'
            cand set 'Change some settings of a registered target, keeping the others'
            cand check 'Connect to targets and report TLS, server version and admin privileges'
            cand harden 'Take CREATE on the public schema from PUBLIC (PostgreSQL''s documented hardening)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pgacct;registry;help;add'= {
        }
        &'pgacct;registry;help;list'= {
        }
        &'pgacct;registry;help;show'= {
        }
        &'pgacct;registry;help;disable'= {
        }
        &'pgacct;registry;help;enable'= {
        }
        &'pgacct;registry;help;remove'= {
        }
        &'pgacct;registry;help;import'= {
        }
        &'pgacct;registry;help;set'= {
        }
        &'pgacct;registry;help;check'= {
        }
        &'pgacct;registry;help;harden'= {
        }
        &'pgacct;registry;help;help'= {
        }
        &'pgacct;user'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand create 'Create a user of a kind (app, k8s, devqa, devlead, readonly, dba, or your own)'
            cand list 'List the roles of each target''s cluster'
            cand find 'Everything about one role: attributes, settings, privileges, ownership'
            cand reset 'Rotate a user''s password'
            cand search-path 'Set a user''s search_path in the target database'
            cand lock 'Forbid a user to log in (NOLOGIN), remembering its prior state'
            cand unlock 'Let a locked user log in again'
            cand revoke 'Remove a user''s access in the target database'
            cand drop 'Drop a user, after a preflight across every database of the cluster'
            cand apply 'Apply a batch file: one verb and target per line (CSV with a header, or JSON lines)'
            cand repair 'Bring a drifted pgacct user back to its kind''s definition'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pgacct;user;create'= {
            cand --username 'The user name, as an option'
            cand --server 'Server name of an app service account (name: <server>_<service-port>)'
            cand --service-port 'The app service''s own port (1-65535), part of the name <server>_<port>; not PostgreSQL''s port (that is the target''s). --port is accepted too'
            cand --prefix 'Environment prefix of a k8s workload (name: <prefix>_<farm>)'
            cand --farm 'Farm of a k8s workload'
            cand --schema 'Schemas to grant access in and put on the search_path (repeatable; default public)'
            cand --valid-until 'Password valid until this date (YYYY-MM-DD or RFC 3339)'
            cand --expires-in 'Password valid for this long (e.g. 90d)'
            cand --conn-limit 'Connection limit, at most the kind''s maximum'
            cand --password-length 'Length of a generated password (at least 16)'
            cand --password-file 'Write the password to this file (created 0600) instead of printing it'
            cand --reason 'Why (kept in the audit log)'
            cand --ticket 'Ticket or change id (kept in the audit log)'
            cand -t 'Target as ENV/DB (repeatable)'
            cand --target 'Target as ENV/DB (repeatable)'
            cand --env 'Environment: with --db one target, alone every active database of the env'
            cand --db 'Database name within --env'
            cand --jobs 'How many targets to work on at once'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --force 'Overwrite an existing --password-file'
            cand --password-stdin 'Read the password from the first line of stdin instead of generating one'
            cand --dry-run 'Print the exact SQL plan and change nothing'
            cand --yes 'Confirm a change on a protected target without a prompt'
            cand --all-envs 'Every active target of every environment'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;user;list'= {
            cand --kind 'Only roles pgacct manages as this kind'
            cand --like 'Only names matching this SQL LIKE pattern'
            cand --expiring-within 'Only roles whose password expires within this long (e.g. 30d)'
            cand -t 'Target as ENV/DB (repeatable)'
            cand --target 'Target as ENV/DB (repeatable)'
            cand --env 'Environment: with --db one target, alone every active database of the env'
            cand --db 'Database name within --env'
            cand --jobs 'How many targets to work on at once'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --login 'Only roles that can log in'
            cand --no-login 'Only roles that cannot log in'
            cand --all-envs 'Every active target of every environment'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;user;find'= {
            cand -t 'Target as ENV/DB (repeatable)'
            cand --target 'Target as ENV/DB (repeatable)'
            cand --env 'Environment: with --db one target, alone every active database of the env'
            cand --db 'Database name within --env'
            cand --jobs 'How many targets to work on at once'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --all-envs 'Every active target of every environment'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;user;reset'= {
            cand --valid-until 'New password valid until this date (YYYY-MM-DD or RFC 3339)'
            cand --expires-in 'New password valid for this long (e.g. 90d)'
            cand --password-length 'Length of a generated password (at least 16)'
            cand --password-file 'Write the password to this file (created 0600) instead of printing it'
            cand --reason 'Why (kept in the audit log)'
            cand --ticket 'Ticket or change id (kept in the audit log)'
            cand -t 'Target as ENV/DB (repeatable)'
            cand --target 'Target as ENV/DB (repeatable)'
            cand --env 'Environment: with --db one target, alone every active database of the env'
            cand --db 'Database name within --env'
            cand --jobs 'How many targets to work on at once'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --terminate-sessions 'End sessions still open with the old credentials'
            cand --force 'Overwrite an existing --password-file'
            cand --password-stdin 'Read the password from the first line of stdin instead of generating one'
            cand --dry-run 'Print the exact SQL plan and change nothing'
            cand --yes 'Confirm a change on a protected target without a prompt'
            cand --all-envs 'Every active target of every environment'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;user;search-path'= {
            cand --schema 'Schemas, in order (repeatable; default public)'
            cand --reason 'Why (kept in the audit log)'
            cand --ticket 'Ticket or change id (kept in the audit log)'
            cand -t 'Target as ENV/DB (repeatable)'
            cand --target 'Target as ENV/DB (repeatable)'
            cand --env 'Environment: with --db one target, alone every active database of the env'
            cand --db 'Database name within --env'
            cand --jobs 'How many targets to work on at once'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --dry-run 'Print the exact SQL plan and change nothing'
            cand --yes 'Confirm a change on a protected target without a prompt'
            cand --all-envs 'Every active target of every environment'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;user;lock'= {
            cand --reason 'Why (kept in the audit log)'
            cand --ticket 'Ticket or change id (kept in the audit log)'
            cand -t 'Target as ENV/DB (repeatable)'
            cand --target 'Target as ENV/DB (repeatable)'
            cand --env 'Environment: with --db one target, alone every active database of the env'
            cand --db 'Database name within --env'
            cand --jobs 'How many targets to work on at once'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --terminate-sessions 'End the user''s open sessions too'
            cand --dry-run 'Print the exact SQL plan and change nothing'
            cand --yes 'Confirm a change on a protected target without a prompt'
            cand --all-envs 'Every active target of every environment'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;user;unlock'= {
            cand --reason 'Why (kept in the audit log)'
            cand --ticket 'Ticket or change id (kept in the audit log)'
            cand -t 'Target as ENV/DB (repeatable)'
            cand --target 'Target as ENV/DB (repeatable)'
            cand --env 'Environment: with --db one target, alone every active database of the env'
            cand --db 'Database name within --env'
            cand --jobs 'How many targets to work on at once'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --dry-run 'Print the exact SQL plan and change nothing'
            cand --yes 'Confirm a change on a protected target without a prompt'
            cand --all-envs 'Every active target of every environment'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;user;revoke'= {
            cand --schema 'Only this schema (repeatable; default: the whole database)'
            cand --reason 'Why (kept in the audit log)'
            cand --ticket 'Ticket or change id (kept in the audit log)'
            cand -t 'Target as ENV/DB (repeatable)'
            cand --target 'Target as ENV/DB (repeatable)'
            cand --env 'Environment: with --db one target, alone every active database of the env'
            cand --db 'Database name within --env'
            cand --jobs 'How many targets to work on at once'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --dry-run 'Print the exact SQL plan and change nothing'
            cand --yes 'Confirm a change on a protected target without a prompt'
            cand --all-envs 'Every active target of every environment'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;user;drop'= {
            cand --reassign-to 'Give what the user owns to this role, then drop it'
            cand --reason 'Why (kept in the audit log)'
            cand --ticket 'Ticket or change id (kept in the audit log)'
            cand -t 'Target as ENV/DB (repeatable)'
            cand --target 'Target as ENV/DB (repeatable)'
            cand --env 'Environment: with --db one target, alone every active database of the env'
            cand --db 'Database name within --env'
            cand --jobs 'How many targets to work on at once'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --dry-run 'Print the exact SQL plan and change nothing'
            cand --yes 'Confirm a change on a protected target without a prompt'
            cand --all-envs 'Every active target of every environment'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;user;apply'= {
            cand --password-length 'Length of generated passwords (at least 16)'
            cand --password-file 'Write the new passwords (created and reset users) to this file (created 0600), one line per user in the libpq password file format host:port:database:user:password'
            cand --jobs 'How many server connections work at once (across targets; lines of one target share them unless --atomic). Each CREATE ROLE with a password costs the server a SCRAM computation, so several connections are what makes a batch fast'
            cand --reason 'Why (kept in the audit log)'
            cand --ticket 'Ticket or change id (kept in the audit log)'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --atomic 'All lines of one target (create, reset, lock, unlock, search-path) in one transaction on one connection: if one fails, none of them applies (drop lines are refused with --atomic: drop commits one transaction per database)'
            cand --force 'Overwrite an existing --password-file'
            cand --dry-run 'Print the exact SQL plan and change nothing'
            cand --yes 'Confirm a change on a protected target without a prompt'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;user;repair'= {
            cand --reason 'Why (kept in the audit log)'
            cand --ticket 'Ticket or change id (kept in the audit log)'
            cand -t 'Target as ENV/DB (repeatable)'
            cand --target 'Target as ENV/DB (repeatable)'
            cand --env 'Environment: with --db one target, alone every active database of the env'
            cand --db 'Database name within --env'
            cand --jobs 'How many targets to work on at once'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --dry-run 'Print the exact SQL plan and change nothing'
            cand --yes 'Confirm a change on a protected target without a prompt'
            cand --all-envs 'Every active target of every environment'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;user;help'= {
            cand create 'Create a user of a kind (app, k8s, devqa, devlead, readonly, dba, or your own)'
            cand list 'List the roles of each target''s cluster'
            cand find 'Everything about one role: attributes, settings, privileges, ownership'
            cand reset 'Rotate a user''s password'
            cand search-path 'Set a user''s search_path in the target database'
            cand lock 'Forbid a user to log in (NOLOGIN), remembering its prior state'
            cand unlock 'Let a locked user log in again'
            cand revoke 'Remove a user''s access in the target database'
            cand drop 'Drop a user, after a preflight across every database of the cluster'
            cand apply 'Apply a batch file: one verb and target per line (CSV with a header, or JSON lines)'
            cand repair 'Bring a drifted pgacct user back to its kind''s definition'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pgacct;user;help;create'= {
        }
        &'pgacct;user;help;list'= {
        }
        &'pgacct;user;help;find'= {
        }
        &'pgacct;user;help;reset'= {
        }
        &'pgacct;user;help;search-path'= {
        }
        &'pgacct;user;help;lock'= {
        }
        &'pgacct;user;help;unlock'= {
        }
        &'pgacct;user;help;revoke'= {
        }
        &'pgacct;user;help;drop'= {
        }
        &'pgacct;user;help;apply'= {
        }
        &'pgacct;user;help;repair'= {
        }
        &'pgacct;user;help;help'= {
        }
        &'pgacct;undo'= {
            cand --reason 'Why (kept in the audit log)'
            cand --ticket 'Ticket or change id (kept in the audit log)'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --dry-run 'Print the exact SQL plan and change nothing'
            cand --yes 'Confirm a change on a protected target without a prompt'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;audit'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand list 'List attempts, newest first: a started entry merged with its completion'
            cand show 'Print one audit entry in full'
            cand verify 'Re-walk the hash chain and report the first entry edited, deleted or inserted'
            cand reads 'Show or set whether reads (list, find, check) are recorded'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pgacct;audit;list'= {
            cand --env 'Only this environment'
            cand --db 'Only this database name'
            cand --user 'Only this role (the login role acted on)'
            cand --actor 'Only this actor (matches PGACCT_ACTOR or the OS user)'
            cand --action 'Only this action, e.g. "user create", "registry add"'
            cand --ticket 'Only attempts recorded with this ticket (--ticket of the command)'
            cand --outcome 'Only attempts that ended this way'
            cand --since 'Started at or after: a date (YYYY-MM-DD), an RFC 3339 UTC time, or an age like 7d'
            cand --until 'Started before: a date (up to the end of that day), an RFC 3339 UTC time, or an age'
            cand --limit 'At most this many attempts, newest first (0 = all, e.g. for a full CSV export)'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --csv 'CSV output (header row, one attempt per line), for access reviews'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;audit;show'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;audit;verify'= {
            cand --expect-head 'A head hash exported earlier (`audit verify --json`): fail unless the chain still contains it, which catches a log rewritten and re-hashed since'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;audit;reads'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;audit;help'= {
            cand list 'List attempts, newest first: a started entry merged with its completion'
            cand show 'Print one audit entry in full'
            cand verify 'Re-walk the hash chain and report the first entry edited, deleted or inserted'
            cand reads 'Show or set whether reads (list, find, check) are recorded'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pgacct;audit;help;list'= {
        }
        &'pgacct;audit;help;show'= {
        }
        &'pgacct;audit;help;verify'= {
        }
        &'pgacct;audit;help;reads'= {
        }
        &'pgacct;audit;help;help'= {
        }
        &'pgacct;notify'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Add a notification channel'
            cand list 'List notification channels'
            cand remove 'Remove a notification channel'
            cand test 'Record a test event and send it to every channel (filters ignored)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pgacct;notify;add'= {
            cand --url 'Webhook URL (slack) or messages API URL (webex; default https://webexapis.com/v1/messages). http:// or https://'
            cand --room-id 'Webex room id'
            cand --token-env 'Name of the environment variable holding the Webex bearer token'
            cand --command 'Command to run with sh -c (exec: gets the event as JSON on stdin; email: a sendmail-style command reading the message on stdin, default `sendmail -t`)'
            cand --to 'Email recipient (repeatable)'
            cand --timeout 'Seconds a delivery may take (connect, send and answer) before it is given up'
            cand --action 'Only these actions (repeatable), e.g. "user create"'
            cand --env 'Only these envs (repeatable)'
            cand --outcome 'Only these outcomes (repeatable)'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;notify;list'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;notify;remove'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;notify;test'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;notify;help'= {
            cand add 'Add a notification channel'
            cand list 'List notification channels'
            cand remove 'Remove a notification channel'
            cand test 'Record a test event and send it to every channel (filters ignored)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pgacct;notify;help;add'= {
        }
        &'pgacct;notify;help;list'= {
        }
        &'pgacct;notify;help;remove'= {
        }
        &'pgacct;notify;help;test'= {
        }
        &'pgacct;notify;help;help'= {
        }
        &'pgacct;kinds'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand set 'Change a kind''s settings, or add a kind of your own'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pgacct;kinds;set'= {
            cand --access 'Access level in the target database: none, read, write, owner'
            cand --conn-limit 'Default and maximum connection limit'
            cand --default-expiry 'Default password lifetime (e.g. 90d), or `none`'
            cand --name-rule 'Naming rule: username, server_port, prefix_farm'
            cand --attributes 'Role attributes, comma separated (createdb, createrole)'
            cand --reason 'Why (kept in the audit log)'
            cand --ticket 'Ticket or change id (kept in the audit log)'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --dry-run 'Print the exact SQL plan and change nothing'
            cand --yes 'Confirm a change on a protected target without a prompt'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;kinds;help'= {
            cand set 'Change a kind''s settings, or add a kind of your own'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pgacct;kinds;help;set'= {
        }
        &'pgacct;kinds;help;help'= {
        }
        &'pgacct;sandbox'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand up 'Start a local throwaway cluster and register it as target sandbox/postgres'
            cand down 'Stop and remove the sandbox cluster and its target'
            cand status 'Report whether the sandbox is running'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pgacct;sandbox;up'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;sandbox;down'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;sandbox;status'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;sandbox;help'= {
            cand up 'Start a local throwaway cluster and register it as target sandbox/postgres'
            cand down 'Stop and remove the sandbox cluster and its target'
            cand status 'Report whether the sandbox is running'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pgacct;sandbox;help;up'= {
        }
        &'pgacct;sandbox;help;down'= {
        }
        &'pgacct;sandbox;help;status'= {
        }
        &'pgacct;sandbox;help;help'= {
        }
        &'pgacct;inventory'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand info 'Say which inventory is in use, its schema version and how many rows it holds'
            cand copy 'Copy one inventory into another (SQLite file or PostgreSQL URI, either way)'
            cand grant-sql 'Print the SQL that sets up a shared PostgreSQL inventory with least privilege'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pgacct;inventory;info'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;inventory;copy'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;inventory;grant-sql'= {
            cand --owner 'The role that owns schema pgacct and its tables (created when missing)'
            cand --role 'The group role of the people using the inventory (created when missing)'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;inventory;help'= {
            cand info 'Say which inventory is in use, its schema version and how many rows it holds'
            cand copy 'Copy one inventory into another (SQLite file or PostgreSQL URI, either way)'
            cand grant-sql 'Print the SQL that sets up a shared PostgreSQL inventory with least privilege'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pgacct;inventory;help;info'= {
        }
        &'pgacct;inventory;help;copy'= {
        }
        &'pgacct;inventory;help;grant-sql'= {
        }
        &'pgacct;inventory;help;help'= {
        }
        &'pgacct;report'= {
            cand -t 'Target as ENV/DB (repeatable). Default: every active target'
            cand --target 'Target as ENV/DB (repeatable). Default: every active target'
            cand --env 'Only the active targets of this environment (repeatable)'
            cand --role 'Only this role (repeatable); unreachable targets are still reported'
            cand --jobs 'How many servers to read at once (a server''s databases are read in turn)'
            cand --expiring-within 'A password expiring within this long is a finding (and what --notify reminds of)'
            cand --reason 'Why (kept in the audit log)'
            cand --ticket 'Ticket or change id (kept in the audit log)'
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --by-target 'A flat list, one line per role and target, instead of the role x target matrix'
            cand --csv 'CSV (one line per role and target) for spreadsheets'
            cand --exit-code 'Exit 7 when anything is found, 0 when the fleet is clean (for CI and cron)'
            cand --notify 'Send one reminder per notification channel listing the accounts expiring within the window; each account and window is reminded of once (remembered in the inventory)'
            cand --repair 'Repair every drifted pgacct user found (as `pgacct user repair`), one transaction per target, audited; protected targets need --yes'
            cand --dry-run 'Print the exact SQL plan and change nothing'
            cand --yes 'Confirm a change on a protected target without a prompt'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;completions'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;__complete'= {
            cand --inventory 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db'
            cand --format 'Output format: a table for people, JSON for scripts'
            cand --connect-timeout 'Seconds to wait for a connection to a target (at least 1)'
            cand --lock-timeout 'Seconds a changing session waits for a lock before giving up'
            cand --statement-timeout 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)'
            cand --json 'Shorthand for --format json'
            cand -q 'Print only results and errors, no progress or advice'
            cand --quiet 'Print only results and errors, no progress or advice'
            cand --no-color 'Never use colour (also when NO_COLOR is set)'
            cand --wide 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table'
            cand --allow-md5-password 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pgacct;help'= {
            cand registry 'Manage the inventory of target databases'
            cand user 'Create and manage login roles on targets'
            cand undo 'Reverse a recorded change by its audit entry id'
            cand audit 'Read and verify the audit log'
            cand notify 'Configure notifications (Slack, Webex, email, exec hook)'
            cand kinds 'Show or change the user kinds and their settings'
            cand sandbox 'A throwaway local PostgreSQL cluster to try pgacct on'
            cand inventory 'The inventory itself: which store is in use, its schema version, its size'
            cand report 'The fleet at a glance: every role on every target, drift, expiry, findings'
            cand completions 'Print shell completions to stdout'
            cand __complete 'Print completion candidates from the inventory, one per line'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pgacct;help;registry'= {
            cand add 'Register a target database (env + database name -> host, port, TLS, admin role)'
            cand list 'List registered targets (active only unless --all)'
            cand show 'Show one target in full'
            cand disable 'Mark a target inactive: kept, but not used by commands'
            cand enable 'Mark a target active again'
            cand remove 'Remove a target from the inventory (protected envs need --yes)'
            cand import 'Import targets from the original service''s pg_registry.db or a CSV file'
            cand set 'Change some settings of a registered target, keeping the others'
            cand check 'Connect to targets and report TLS, server version and admin privileges'
            cand harden 'Take CREATE on the public schema from PUBLIC (PostgreSQL''s documented hardening)'
        }
        &'pgacct;help;registry;add'= {
        }
        &'pgacct;help;registry;list'= {
        }
        &'pgacct;help;registry;show'= {
        }
        &'pgacct;help;registry;disable'= {
        }
        &'pgacct;help;registry;enable'= {
        }
        &'pgacct;help;registry;remove'= {
        }
        &'pgacct;help;registry;import'= {
        }
        &'pgacct;help;registry;set'= {
        }
        &'pgacct;help;registry;check'= {
        }
        &'pgacct;help;registry;harden'= {
        }
        &'pgacct;help;user'= {
            cand create 'Create a user of a kind (app, k8s, devqa, devlead, readonly, dba, or your own)'
            cand list 'List the roles of each target''s cluster'
            cand find 'Everything about one role: attributes, settings, privileges, ownership'
            cand reset 'Rotate a user''s password'
            cand search-path 'Set a user''s search_path in the target database'
            cand lock 'Forbid a user to log in (NOLOGIN), remembering its prior state'
            cand unlock 'Let a locked user log in again'
            cand revoke 'Remove a user''s access in the target database'
            cand drop 'Drop a user, after a preflight across every database of the cluster'
            cand apply 'Apply a batch file: one verb and target per line (CSV with a header, or JSON lines)'
            cand repair 'Bring a drifted pgacct user back to its kind''s definition'
        }
        &'pgacct;help;user;create'= {
        }
        &'pgacct;help;user;list'= {
        }
        &'pgacct;help;user;find'= {
        }
        &'pgacct;help;user;reset'= {
        }
        &'pgacct;help;user;search-path'= {
        }
        &'pgacct;help;user;lock'= {
        }
        &'pgacct;help;user;unlock'= {
        }
        &'pgacct;help;user;revoke'= {
        }
        &'pgacct;help;user;drop'= {
        }
        &'pgacct;help;user;apply'= {
        }
        &'pgacct;help;user;repair'= {
        }
        &'pgacct;help;undo'= {
        }
        &'pgacct;help;audit'= {
            cand list 'List attempts, newest first: a started entry merged with its completion'
            cand show 'Print one audit entry in full'
            cand verify 'Re-walk the hash chain and report the first entry edited, deleted or inserted'
            cand reads 'Show or set whether reads (list, find, check) are recorded'
        }
        &'pgacct;help;audit;list'= {
        }
        &'pgacct;help;audit;show'= {
        }
        &'pgacct;help;audit;verify'= {
        }
        &'pgacct;help;audit;reads'= {
        }
        &'pgacct;help;notify'= {
            cand add 'Add a notification channel'
            cand list 'List notification channels'
            cand remove 'Remove a notification channel'
            cand test 'Record a test event and send it to every channel (filters ignored)'
        }
        &'pgacct;help;notify;add'= {
        }
        &'pgacct;help;notify;list'= {
        }
        &'pgacct;help;notify;remove'= {
        }
        &'pgacct;help;notify;test'= {
        }
        &'pgacct;help;kinds'= {
            cand set 'Change a kind''s settings, or add a kind of your own'
        }
        &'pgacct;help;kinds;set'= {
        }
        &'pgacct;help;sandbox'= {
            cand up 'Start a local throwaway cluster and register it as target sandbox/postgres'
            cand down 'Stop and remove the sandbox cluster and its target'
            cand status 'Report whether the sandbox is running'
        }
        &'pgacct;help;sandbox;up'= {
        }
        &'pgacct;help;sandbox;down'= {
        }
        &'pgacct;help;sandbox;status'= {
        }
        &'pgacct;help;inventory'= {
            cand info 'Say which inventory is in use, its schema version and how many rows it holds'
            cand copy 'Copy one inventory into another (SQLite file or PostgreSQL URI, either way)'
            cand grant-sql 'Print the SQL that sets up a shared PostgreSQL inventory with least privilege'
        }
        &'pgacct;help;inventory;info'= {
        }
        &'pgacct;help;inventory;copy'= {
        }
        &'pgacct;help;inventory;grant-sql'= {
        }
        &'pgacct;help;report'= {
        }
        &'pgacct;help;completions'= {
        }
        &'pgacct;help;__complete'= {
        }
        &'pgacct;help;help'= {
        }
    ]
    $completions[$command]
}
