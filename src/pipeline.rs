//! The per-target pipeline shared by every verb that touches a server: resolve targets,
//! guard protected ones, audit the start, connect, plan, apply or dry-run, audit the end.
