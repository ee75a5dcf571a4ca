//! Connecting to targets: admin credentials, TLS with libpq semantics, session settings.
