//! Read-only queries of the server catalog (roles, memberships, privileges, sessions),
//! always with bind parameters.

pub mod inspect;
