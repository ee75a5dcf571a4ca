//! Throwaway PostgreSQL clusters from the system's server binaries, for `pgacct sandbox`
//! and the tests (one code path). Filled in by the foundation work.
