
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'pgacct' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'pgacct'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'pgacct' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('registry', 'registry', [CompletionResultType]::ParameterValue, 'Manage the inventory of target databases')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Create and manage login roles on targets')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Reverse a recorded change by its audit entry id')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Read and verify the audit log')
            [CompletionResult]::new('notify', 'notify', [CompletionResultType]::ParameterValue, 'Configure notifications (Slack, Webex, email, exec hook)')
            [CompletionResult]::new('kinds', 'kinds', [CompletionResultType]::ParameterValue, 'Show or change the user kinds and their settings')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'A throwaway local PostgreSQL cluster to try pgacct on')
            [CompletionResult]::new('inventory', 'inventory', [CompletionResultType]::ParameterValue, 'The inventory itself: which store is in use, its schema version, its size')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'The fleet at a glance: every role on every target, drift, expiry, findings')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions to stdout')
            [CompletionResult]::new('__complete', '__complete', [CompletionResultType]::ParameterValue, 'Print completion candidates from the inventory, one per line')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pgacct;registry' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Register a target database (env + database name -> host, port, TLS, admin role)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List registered targets (active only unless --all)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one target in full')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Mark a target inactive: kept, but not used by commands')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Mark a target active again')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a target from the inventory (protected envs need --yes)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import targets from the original service''s pg_registry.db or a CSV file')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change some settings of a registered target, keeping the others')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Connect to targets and report TLS, server version and admin privileges')
            [CompletionResult]::new('harden', 'harden', [CompletionResultType]::ParameterValue, 'Take CREATE on the public schema from PUBLIC (PostgreSQL''s documented hardening)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pgacct;registry;add' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: [a-z][a-z0-9_-]{0,31} (dev, qa, uat, prod, ...)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name on the server')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Host name, IP address, or Unix socket directory (an absolute path)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Server port')
            [CompletionResult]::new('--hostaddr', '--hostaddr', [CompletionResultType]::ParameterName, 'IP address to connect to instead of resolving --host; TLS (verify-full) still checks the certificate against --host, as libpq''s hostaddr')
            [CompletionResult]::new('--require-auth', '--require-auth', [CompletionResultType]::ParameterName, 'Authentication methods the admin password may be answered with, as libpq''s require_auth: a comma list of password, md5, scram-sha-256, none (or all negated with !). Default: scram-sha-256 (and none), or any method over verify-full TLS')
            [CompletionResult]::new('--admin-user', '--admin-user', [CompletionResultType]::ParameterName, 'Admin role pgacct connects as (else PGACCT_ADMIN_USER)')
            [CompletionResult]::new('--sslmode', '--sslmode', [CompletionResultType]::ParameterName, 'TLS mode, as libpq''s sslmode')
            [CompletionResult]::new('--sslrootcert', '--sslrootcert', [CompletionResultType]::ParameterName, 'CA certificate file to verify the server with')
            [CompletionResult]::new('--sslcert', '--sslcert', [CompletionResultType]::ParameterName, 'Client certificate file (with --sslkey)')
            [CompletionResult]::new('--sslkey', '--sslkey', [CompletionResultType]::ParameterName, 'Client private key file (with --sslcert)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Command that prints the admin password on its first line (run with sh -c)')
            [CompletionResult]::new('--notes', '--notes', [CompletionResultType]::ParameterName, 'Free-text notes')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--protected', '--protected', [CompletionResultType]::ParameterName, 'Changes on this target need confirmation (default on for env `prod`)')
            [CompletionResult]::new('--no-protected', '--no-protected', [CompletionResultType]::ParameterName, 'Do not protect this target, even in env `prod`')
            [CompletionResult]::new('--replace', '--replace', [CompletionResultType]::ParameterName, 'Replace an existing target with the same env and database: every setting as given here (defaults for those left out), except that it stays protected unless --no-protected and keeps its active state; a protected target needs --yes. Prints what changed. To change some settings only, use `registry set`')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm replacing a protected target (--replace), or taking its protection off')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;registry;list' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Only this environment')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Include inactive targets')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;registry;show' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;registry;disable' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;registry;enable' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;registry;remove' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm removing a protected target')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;registry;import' {
            [CompletionResult]::new('--admin-user', '--admin-user', [CompletionResultType]::ParameterName, 'Admin role of every imported target (else PGACCT_ADMIN_USER at run time)')
            [CompletionResult]::new('--sslmode', '--sslmode', [CompletionResultType]::ParameterName, 'TLS mode of every imported target, as libpq''s sslmode')
            [CompletionResult]::new('--sslrootcert', '--sslrootcert', [CompletionResultType]::ParameterName, 'CA certificate file of every imported target')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Password command of every imported target (run with sh -c)')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be imported, change nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;registry;set' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Host name, IP address, or Unix socket directory')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Server port')
            [CompletionResult]::new('--hostaddr', '--hostaddr', [CompletionResultType]::ParameterName, 'IP address to connect to instead of resolving the host ('''' clears it)')
            [CompletionResult]::new('--admin-user', '--admin-user', [CompletionResultType]::ParameterName, 'Admin role pgacct connects as ('''' clears it: PGACCT_ADMIN_USER then applies)')
            [CompletionResult]::new('--sslmode', '--sslmode', [CompletionResultType]::ParameterName, 'TLS mode, as libpq''s sslmode')
            [CompletionResult]::new('--sslrootcert', '--sslrootcert', [CompletionResultType]::ParameterName, 'CA certificate file ('''' clears it)')
            [CompletionResult]::new('--sslcert', '--sslcert', [CompletionResultType]::ParameterName, 'Client certificate file ('''' clears it)')
            [CompletionResult]::new('--sslkey', '--sslkey', [CompletionResultType]::ParameterName, 'Client private key file ('''' clears it)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Command that prints the admin password ('''' clears it)')
            [CompletionResult]::new('--protected', '--protected', [CompletionResultType]::ParameterName, 'Whether changes on this target need confirmation')
            [CompletionResult]::new('--notes', '--notes', [CompletionResultType]::ParameterName, 'Free-text notes ('''' clears them)')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm a change on a protected target')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;registry;check' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Only targets of this environment')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--accept-identity', '--accept-identity', [CompletionResultType]::ParameterName, 'Record the identity of the server that answers now, where it differs from the recorded one (a replaced or re-pointed server): changes on the target are refused (exit 5) until this confirms it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;registry;harden' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Every active database of this environment')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'Schema to take PUBLIC''s CREATE from (repeatable; default public)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the audit log)')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'Ticket or change id (kept in the audit log)')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact SQL plan and change nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm a change on a protected target without a prompt')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;registry;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Register a target database (env + database name -> host, port, TLS, admin role)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List registered targets (active only unless --all)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one target in full')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Mark a target inactive: kept, but not used by commands')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Mark a target active again')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a target from the inventory (protected envs need --yes)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import targets from the original service''s pg_registry.db or a CSV file')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change some settings of a registered target, keeping the others')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Connect to targets and report TLS, server version and admin privileges')
            [CompletionResult]::new('harden', 'harden', [CompletionResultType]::ParameterValue, 'Take CREATE on the public schema from PUBLIC (PostgreSQL''s documented hardening)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pgacct;registry;help;add' {
            break
        }
        'pgacct;registry;help;list' {
            break
        }
        'pgacct;registry;help;show' {
            break
        }
        'pgacct;registry;help;disable' {
            break
        }
        'pgacct;registry;help;enable' {
            break
        }
        'pgacct;registry;help;remove' {
            break
        }
        'pgacct;registry;help;import' {
            break
        }
        'pgacct;registry;help;set' {
            break
        }
        'pgacct;registry;help;check' {
            break
        }
        'pgacct;registry;help;harden' {
            break
        }
        'pgacct;registry;help;help' {
            break
        }
        'pgacct;user' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a user of a kind (app, k8s, devqa, devlead, readonly, dba, or your own)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the roles of each target''s cluster')
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Everything about one role: attributes, settings, privileges, ownership')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Rotate a user''s password')
            [CompletionResult]::new('search-path', 'search-path', [CompletionResultType]::ParameterValue, 'Set a user''s search_path in the target database')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Forbid a user to log in (NOLOGIN), remembering its prior state')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Let a locked user log in again')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Remove a user''s access in the target database')
            [CompletionResult]::new('drop', 'drop', [CompletionResultType]::ParameterValue, 'Drop a user, after a preflight across every database of the cluster')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Apply a batch file: one verb and target per line (CSV with a header, or JSON lines)')
            [CompletionResult]::new('repair', 'repair', [CompletionResultType]::ParameterValue, 'Bring a drifted pgacct user back to its kind''s definition')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pgacct;user;create' {
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'The user name, as an option')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Server name of an app service account (name: <server>_<service-port>)')
            [CompletionResult]::new('--service-port', '--service-port', [CompletionResultType]::ParameterName, 'The app service''s own port (1-65535), part of the name <server>_<port>; not PostgreSQL''s port (that is the target''s). --port is accepted too')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Environment prefix of a k8s workload (name: <prefix>_<farm>)')
            [CompletionResult]::new('--farm', '--farm', [CompletionResultType]::ParameterName, 'Farm of a k8s workload')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'Schemas to grant access in and put on the search_path (repeatable; default public)')
            [CompletionResult]::new('--valid-until', '--valid-until', [CompletionResultType]::ParameterName, 'Password valid until this date (YYYY-MM-DD or RFC 3339)')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'Password valid for this long (e.g. 90d)')
            [CompletionResult]::new('--conn-limit', '--conn-limit', [CompletionResultType]::ParameterName, 'Connection limit, at most the kind''s maximum')
            [CompletionResult]::new('--password-length', '--password-length', [CompletionResultType]::ParameterName, 'Length of a generated password (at least 16)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Write the password to this file (created 0600) instead of printing it')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the audit log)')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'Ticket or change id (kept in the audit log)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment: with --db one target, alone every active database of the env')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name within --env')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many targets to work on at once')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite an existing --password-file')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of stdin instead of generating one')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact SQL plan and change nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm a change on a protected target without a prompt')
            [CompletionResult]::new('--all-envs', '--all-envs', [CompletionResultType]::ParameterName, 'Every active target of every environment')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;user;list' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only roles pgacct manages as this kind')
            [CompletionResult]::new('--like', '--like', [CompletionResultType]::ParameterName, 'Only names matching this SQL LIKE pattern')
            [CompletionResult]::new('--expiring-within', '--expiring-within', [CompletionResultType]::ParameterName, 'Only roles whose password expires within this long (e.g. 30d)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment: with --db one target, alone every active database of the env')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name within --env')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many targets to work on at once')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--login', '--login', [CompletionResultType]::ParameterName, 'Only roles that can log in')
            [CompletionResult]::new('--no-login', '--no-login', [CompletionResultType]::ParameterName, 'Only roles that cannot log in')
            [CompletionResult]::new('--all-envs', '--all-envs', [CompletionResultType]::ParameterName, 'Every active target of every environment')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;user;find' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment: with --db one target, alone every active database of the env')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name within --env')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many targets to work on at once')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--all-envs', '--all-envs', [CompletionResultType]::ParameterName, 'Every active target of every environment')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;user;reset' {
            [CompletionResult]::new('--valid-until', '--valid-until', [CompletionResultType]::ParameterName, 'New password valid until this date (YYYY-MM-DD or RFC 3339)')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'New password valid for this long (e.g. 90d)')
            [CompletionResult]::new('--password-length', '--password-length', [CompletionResultType]::ParameterName, 'Length of a generated password (at least 16)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Write the password to this file (created 0600) instead of printing it')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the audit log)')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'Ticket or change id (kept in the audit log)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment: with --db one target, alone every active database of the env')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name within --env')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many targets to work on at once')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--terminate-sessions', '--terminate-sessions', [CompletionResultType]::ParameterName, 'End sessions still open with the old credentials')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite an existing --password-file')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of stdin instead of generating one')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact SQL plan and change nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm a change on a protected target without a prompt')
            [CompletionResult]::new('--all-envs', '--all-envs', [CompletionResultType]::ParameterName, 'Every active target of every environment')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;user;search-path' {
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'Schemas, in order (repeatable; default public)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the audit log)')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'Ticket or change id (kept in the audit log)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment: with --db one target, alone every active database of the env')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name within --env')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many targets to work on at once')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact SQL plan and change nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm a change on a protected target without a prompt')
            [CompletionResult]::new('--all-envs', '--all-envs', [CompletionResultType]::ParameterName, 'Every active target of every environment')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;user;lock' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the audit log)')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'Ticket or change id (kept in the audit log)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment: with --db one target, alone every active database of the env')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name within --env')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many targets to work on at once')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--terminate-sessions', '--terminate-sessions', [CompletionResultType]::ParameterName, 'End the user''s open sessions too')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact SQL plan and change nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm a change on a protected target without a prompt')
            [CompletionResult]::new('--all-envs', '--all-envs', [CompletionResultType]::ParameterName, 'Every active target of every environment')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;user;unlock' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the audit log)')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'Ticket or change id (kept in the audit log)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment: with --db one target, alone every active database of the env')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name within --env')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many targets to work on at once')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact SQL plan and change nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm a change on a protected target without a prompt')
            [CompletionResult]::new('--all-envs', '--all-envs', [CompletionResultType]::ParameterName, 'Every active target of every environment')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;user;revoke' {
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'Only this schema (repeatable; default: the whole database)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the audit log)')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'Ticket or change id (kept in the audit log)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment: with --db one target, alone every active database of the env')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name within --env')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many targets to work on at once')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact SQL plan and change nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm a change on a protected target without a prompt')
            [CompletionResult]::new('--all-envs', '--all-envs', [CompletionResultType]::ParameterName, 'Every active target of every environment')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;user;drop' {
            [CompletionResult]::new('--reassign-to', '--reassign-to', [CompletionResultType]::ParameterName, 'Give what the user owns to this role, then drop it')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the audit log)')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'Ticket or change id (kept in the audit log)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment: with --db one target, alone every active database of the env')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name within --env')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many targets to work on at once')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact SQL plan and change nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm a change on a protected target without a prompt')
            [CompletionResult]::new('--all-envs', '--all-envs', [CompletionResultType]::ParameterName, 'Every active target of every environment')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;user;apply' {
            [CompletionResult]::new('--password-length', '--password-length', [CompletionResultType]::ParameterName, 'Length of generated passwords (at least 16)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Write the new passwords (created and reset users) to this file (created 0600), one line per user in the libpq password file format host:port:database:user:password')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many server connections work at once (across targets; lines of one target share them unless --atomic). Each CREATE ROLE with a password costs the server a SCRAM computation, so several connections are what makes a batch fast')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the audit log)')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'Ticket or change id (kept in the audit log)')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--atomic', '--atomic', [CompletionResultType]::ParameterName, 'All lines of one target (create, reset, lock, unlock, search-path) in one transaction on one connection: if one fails, none of them applies (drop lines are refused with --atomic: drop commits one transaction per database)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite an existing --password-file')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact SQL plan and change nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm a change on a protected target without a prompt')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;user;repair' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the audit log)')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'Ticket or change id (kept in the audit log)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment: with --db one target, alone every active database of the env')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name within --env')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many targets to work on at once')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact SQL plan and change nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm a change on a protected target without a prompt')
            [CompletionResult]::new('--all-envs', '--all-envs', [CompletionResultType]::ParameterName, 'Every active target of every environment')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;user;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a user of a kind (app, k8s, devqa, devlead, readonly, dba, or your own)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the roles of each target''s cluster')
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Everything about one role: attributes, settings, privileges, ownership')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Rotate a user''s password')
            [CompletionResult]::new('search-path', 'search-path', [CompletionResultType]::ParameterValue, 'Set a user''s search_path in the target database')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Forbid a user to log in (NOLOGIN), remembering its prior state')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Let a locked user log in again')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Remove a user''s access in the target database')
            [CompletionResult]::new('drop', 'drop', [CompletionResultType]::ParameterValue, 'Drop a user, after a preflight across every database of the cluster')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Apply a batch file: one verb and target per line (CSV with a header, or JSON lines)')
            [CompletionResult]::new('repair', 'repair', [CompletionResultType]::ParameterValue, 'Bring a drifted pgacct user back to its kind''s definition')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pgacct;user;help;create' {
            break
        }
        'pgacct;user;help;list' {
            break
        }
        'pgacct;user;help;find' {
            break
        }
        'pgacct;user;help;reset' {
            break
        }
        'pgacct;user;help;search-path' {
            break
        }
        'pgacct;user;help;lock' {
            break
        }
        'pgacct;user;help;unlock' {
            break
        }
        'pgacct;user;help;revoke' {
            break
        }
        'pgacct;user;help;drop' {
            break
        }
        'pgacct;user;help;apply' {
            break
        }
        'pgacct;user;help;repair' {
            break
        }
        'pgacct;user;help;help' {
            break
        }
        'pgacct;undo' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the audit log)')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'Ticket or change id (kept in the audit log)')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact SQL plan and change nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm a change on a protected target without a prompt')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;audit' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List attempts, newest first: a started entry merged with its completion')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one audit entry in full')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-walk the hash chain and report the first entry edited, deleted or inserted')
            [CompletionResult]::new('reads', 'reads', [CompletionResultType]::ParameterValue, 'Show or set whether reads (list, find, check) are recorded')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pgacct;audit;list' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Only this environment')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Only this database name')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Only this role (the login role acted on)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Only this actor (matches PGACCT_ACTOR or the OS user)')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Only this action, e.g. "user create", "registry add"')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'Only attempts recorded with this ticket (--ticket of the command)')
            [CompletionResult]::new('--outcome', '--outcome', [CompletionResultType]::ParameterName, 'Only attempts that ended this way')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Started at or after: a date (YYYY-MM-DD), an RFC 3339 UTC time, or an age like 7d')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Started before: a date (up to the end of that day), an RFC 3339 UTC time, or an age')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many attempts, newest first (0 = all, e.g. for a full CSV export)')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'CSV output (header row, one attempt per line), for access reviews')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;audit;show' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;audit;verify' {
            [CompletionResult]::new('--expect-head', '--expect-head', [CompletionResultType]::ParameterName, 'A head hash exported earlier (`audit verify --json`): fail unless the chain still contains it, which catches a log rewritten and re-hashed since')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;audit;reads' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;audit;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List attempts, newest first: a started entry merged with its completion')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one audit entry in full')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-walk the hash chain and report the first entry edited, deleted or inserted')
            [CompletionResult]::new('reads', 'reads', [CompletionResultType]::ParameterValue, 'Show or set whether reads (list, find, check) are recorded')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pgacct;audit;help;list' {
            break
        }
        'pgacct;audit;help;show' {
            break
        }
        'pgacct;audit;help;verify' {
            break
        }
        'pgacct;audit;help;reads' {
            break
        }
        'pgacct;audit;help;help' {
            break
        }
        'pgacct;notify' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a notification channel')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List notification channels')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a notification channel')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Record a test event and send it to every channel (filters ignored)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pgacct;notify;add' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Webhook URL (slack) or messages API URL (webex; default https://webexapis.com/v1/messages). http:// or https://')
            [CompletionResult]::new('--room-id', '--room-id', [CompletionResultType]::ParameterName, 'Webex room id')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Name of the environment variable holding the Webex bearer token')
            [CompletionResult]::new('--command', '--command', [CompletionResultType]::ParameterName, 'Command to run with sh -c (exec: gets the event as JSON on stdin; email: a sendmail-style command reading the message on stdin, default `sendmail -t`)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Email recipient (repeatable)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a delivery may take (connect, send and answer) before it is given up')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Only these actions (repeatable), e.g. "user create"')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Only these envs (repeatable)')
            [CompletionResult]::new('--outcome', '--outcome', [CompletionResultType]::ParameterName, 'Only these outcomes (repeatable)')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;notify;list' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;notify;remove' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;notify;test' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;notify;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a notification channel')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List notification channels')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a notification channel')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Record a test event and send it to every channel (filters ignored)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pgacct;notify;help;add' {
            break
        }
        'pgacct;notify;help;list' {
            break
        }
        'pgacct;notify;help;remove' {
            break
        }
        'pgacct;notify;help;test' {
            break
        }
        'pgacct;notify;help;help' {
            break
        }
        'pgacct;kinds' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a kind''s settings, or add a kind of your own')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pgacct;kinds;set' {
            [CompletionResult]::new('--access', '--access', [CompletionResultType]::ParameterName, 'Access level in the target database: none, read, write, owner')
            [CompletionResult]::new('--conn-limit', '--conn-limit', [CompletionResultType]::ParameterName, 'Default and maximum connection limit')
            [CompletionResult]::new('--default-expiry', '--default-expiry', [CompletionResultType]::ParameterName, 'Default password lifetime (e.g. 90d), or `none`')
            [CompletionResult]::new('--name-rule', '--name-rule', [CompletionResultType]::ParameterName, 'Naming rule: username, server_port, prefix_farm')
            [CompletionResult]::new('--attributes', '--attributes', [CompletionResultType]::ParameterName, 'Role attributes, comma separated (createdb, createrole)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the audit log)')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'Ticket or change id (kept in the audit log)')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact SQL plan and change nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm a change on a protected target without a prompt')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;kinds;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a kind''s settings, or add a kind of your own')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pgacct;kinds;help;set' {
            break
        }
        'pgacct;kinds;help;help' {
            break
        }
        'pgacct;sandbox' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Start a local throwaway cluster and register it as target sandbox/postgres')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Stop and remove the sandbox cluster and its target')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Report whether the sandbox is running')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pgacct;sandbox;up' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;sandbox;down' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;sandbox;status' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;sandbox;help' {
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Start a local throwaway cluster and register it as target sandbox/postgres')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Stop and remove the sandbox cluster and its target')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Report whether the sandbox is running')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pgacct;sandbox;help;up' {
            break
        }
        'pgacct;sandbox;help;down' {
            break
        }
        'pgacct;sandbox;help;status' {
            break
        }
        'pgacct;sandbox;help;help' {
            break
        }
        'pgacct;inventory' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Say which inventory is in use, its schema version and how many rows it holds')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy one inventory into another (SQLite file or PostgreSQL URI, either way)')
            [CompletionResult]::new('grant-sql', 'grant-sql', [CompletionResultType]::ParameterValue, 'Print the SQL that sets up a shared PostgreSQL inventory with least privilege')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pgacct;inventory;info' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;inventory;copy' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;inventory;grant-sql' {
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The role that owns schema pgacct and its tables (created when missing)')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'The group role of the people using the inventory (created when missing)')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;inventory;help' {
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Say which inventory is in use, its schema version and how many rows it holds')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy one inventory into another (SQLite file or PostgreSQL URI, either way)')
            [CompletionResult]::new('grant-sql', 'grant-sql', [CompletionResultType]::ParameterValue, 'Print the SQL that sets up a shared PostgreSQL inventory with least privilege')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pgacct;inventory;help;info' {
            break
        }
        'pgacct;inventory;help;copy' {
            break
        }
        'pgacct;inventory;help;grant-sql' {
            break
        }
        'pgacct;inventory;help;help' {
            break
        }
        'pgacct;report' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable). Default: every active target')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Target as ENV/DB (repeatable). Default: every active target')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Only the active targets of this environment (repeatable)')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Only this role (repeatable); unreachable targets are still reported')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many servers to read at once (a server''s databases are read in turn)')
            [CompletionResult]::new('--expiring-within', '--expiring-within', [CompletionResultType]::ParameterName, 'A password expiring within this long is a finding (and what --notify reminds of)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the audit log)')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'Ticket or change id (kept in the audit log)')
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--by-target', '--by-target', [CompletionResultType]::ParameterName, 'A flat list, one line per role and target, instead of the role x target matrix')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'CSV (one line per role and target) for spreadsheets')
            [CompletionResult]::new('--exit-code', '--exit-code', [CompletionResultType]::ParameterName, 'Exit 7 when anything is found, 0 when the fleet is clean (for CI and cron)')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'Send one reminder per notification channel listing the accounts expiring within the window; each account and window is reminded of once (remembered in the inventory)')
            [CompletionResult]::new('--repair', '--repair', [CompletionResultType]::ParameterName, 'Repair every drifted pgacct user found (as `pgacct user repair`), one transaction per target, audited; protected targets need --yes')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact SQL plan and change nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm a change on a protected target without a prompt')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;completions' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;__complete' {
            [CompletionResult]::new('--inventory', '--inventory', [CompletionResultType]::ParameterName, 'Inventory file (SQLite), or a postgresql:// URI (no password in it) for an inventory shared by a team. Default: <data dir>/pgacct/inventory.db')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a table for people, JSON for scripts')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a target (at least 1)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds a changing session waits for a lock before giving up')
            [CompletionResult]::new('--statement-timeout', '--statement-timeout', [CompletionResultType]::ParameterName, 'Seconds any statement may run on a changing session (0: no limit); a server that does not answer for this long plus 5 s is disconnected (client-side deadline)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Shorthand for --format json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors, no progress or advice')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also when NO_COLOR is set)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables at their natural width, long values (paths, errors) inside them. Without it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces, or rows become vertical records; long values go below the table')
            [CompletionResult]::new('--allow-md5-password', '--allow-md5-password', [CompletionResultType]::ParameterName, 'Set passwords also on servers whose password_encryption is md5 (refused by default): the role gets an md5 hash, which logs in like the password wherever it is read (server log, pg_stat_statements, pg_authid). Better: set password_encryption = scram-sha-256 on the server')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pgacct;help' {
            [CompletionResult]::new('registry', 'registry', [CompletionResultType]::ParameterValue, 'Manage the inventory of target databases')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Create and manage login roles on targets')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Reverse a recorded change by its audit entry id')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Read and verify the audit log')
            [CompletionResult]::new('notify', 'notify', [CompletionResultType]::ParameterValue, 'Configure notifications (Slack, Webex, email, exec hook)')
            [CompletionResult]::new('kinds', 'kinds', [CompletionResultType]::ParameterValue, 'Show or change the user kinds and their settings')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'A throwaway local PostgreSQL cluster to try pgacct on')
            [CompletionResult]::new('inventory', 'inventory', [CompletionResultType]::ParameterValue, 'The inventory itself: which store is in use, its schema version, its size')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'The fleet at a glance: every role on every target, drift, expiry, findings')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions to stdout')
            [CompletionResult]::new('__complete', '__complete', [CompletionResultType]::ParameterValue, 'Print completion candidates from the inventory, one per line')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pgacct;help;registry' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Register a target database (env + database name -> host, port, TLS, admin role)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List registered targets (active only unless --all)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one target in full')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Mark a target inactive: kept, but not used by commands')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Mark a target active again')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a target from the inventory (protected envs need --yes)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import targets from the original service''s pg_registry.db or a CSV file')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change some settings of a registered target, keeping the others')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Connect to targets and report TLS, server version and admin privileges')
            [CompletionResult]::new('harden', 'harden', [CompletionResultType]::ParameterValue, 'Take CREATE on the public schema from PUBLIC (PostgreSQL''s documented hardening)')
            break
        }
        'pgacct;help;registry;add' {
            break
        }
        'pgacct;help;registry;list' {
            break
        }
        'pgacct;help;registry;show' {
            break
        }
        'pgacct;help;registry;disable' {
            break
        }
        'pgacct;help;registry;enable' {
            break
        }
        'pgacct;help;registry;remove' {
            break
        }
        'pgacct;help;registry;import' {
            break
        }
        'pgacct;help;registry;set' {
            break
        }
        'pgacct;help;registry;check' {
            break
        }
        'pgacct;help;registry;harden' {
            break
        }
        'pgacct;help;user' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a user of a kind (app, k8s, devqa, devlead, readonly, dba, or your own)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the roles of each target''s cluster')
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Everything about one role: attributes, settings, privileges, ownership')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Rotate a user''s password')
            [CompletionResult]::new('search-path', 'search-path', [CompletionResultType]::ParameterValue, 'Set a user''s search_path in the target database')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Forbid a user to log in (NOLOGIN), remembering its prior state')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Let a locked user log in again')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Remove a user''s access in the target database')
            [CompletionResult]::new('drop', 'drop', [CompletionResultType]::ParameterValue, 'Drop a user, after a preflight across every database of the cluster')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Apply a batch file: one verb and target per line (CSV with a header, or JSON lines)')
            [CompletionResult]::new('repair', 'repair', [CompletionResultType]::ParameterValue, 'Bring a drifted pgacct user back to its kind''s definition')
            break
        }
        'pgacct;help;user;create' {
            break
        }
        'pgacct;help;user;list' {
            break
        }
        'pgacct;help;user;find' {
            break
        }
        'pgacct;help;user;reset' {
            break
        }
        'pgacct;help;user;search-path' {
            break
        }
        'pgacct;help;user;lock' {
            break
        }
        'pgacct;help;user;unlock' {
            break
        }
        'pgacct;help;user;revoke' {
            break
        }
        'pgacct;help;user;drop' {
            break
        }
        'pgacct;help;user;apply' {
            break
        }
        'pgacct;help;user;repair' {
            break
        }
        'pgacct;help;undo' {
            break
        }
        'pgacct;help;audit' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List attempts, newest first: a started entry merged with its completion')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one audit entry in full')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-walk the hash chain and report the first entry edited, deleted or inserted')
            [CompletionResult]::new('reads', 'reads', [CompletionResultType]::ParameterValue, 'Show or set whether reads (list, find, check) are recorded')
            break
        }
        'pgacct;help;audit;list' {
            break
        }
        'pgacct;help;audit;show' {
            break
        }
        'pgacct;help;audit;verify' {
            break
        }
        'pgacct;help;audit;reads' {
            break
        }
        'pgacct;help;notify' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a notification channel')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List notification channels')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a notification channel')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Record a test event and send it to every channel (filters ignored)')
            break
        }
        'pgacct;help;notify;add' {
            break
        }
        'pgacct;help;notify;list' {
            break
        }
        'pgacct;help;notify;remove' {
            break
        }
        'pgacct;help;notify;test' {
            break
        }
        'pgacct;help;kinds' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a kind''s settings, or add a kind of your own')
            break
        }
        'pgacct;help;kinds;set' {
            break
        }
        'pgacct;help;sandbox' {
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Start a local throwaway cluster and register it as target sandbox/postgres')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Stop and remove the sandbox cluster and its target')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Report whether the sandbox is running')
            break
        }
        'pgacct;help;sandbox;up' {
            break
        }
        'pgacct;help;sandbox;down' {
            break
        }
        'pgacct;help;sandbox;status' {
            break
        }
        'pgacct;help;inventory' {
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Say which inventory is in use, its schema version and how many rows it holds')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy one inventory into another (SQLite file or PostgreSQL URI, either way)')
            [CompletionResult]::new('grant-sql', 'grant-sql', [CompletionResultType]::ParameterValue, 'Print the SQL that sets up a shared PostgreSQL inventory with least privilege')
            break
        }
        'pgacct;help;inventory;info' {
            break
        }
        'pgacct;help;inventory;copy' {
            break
        }
        'pgacct;help;inventory;grant-sql' {
            break
        }
        'pgacct;help;report' {
            break
        }
        'pgacct;help;completions' {
            break
        }
        'pgacct;help;__complete' {
            break
        }
        'pgacct;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
