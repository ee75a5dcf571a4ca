//! Run a plan in one transaction on one target; map SQLSTATEs to outcomes.
