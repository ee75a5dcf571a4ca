//! The user kinds as data: attributes, connection limit, access level, default expiry,
//! naming rule. Filled in by the `user create` work.
