//! Small key/value settings kept in the inventory.

use super::Inventory;
use crate::error::Result;
use rusqlite::{OptionalExtension, params};

impl Inventory {
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        if let Some(p) = self.pg() {
            return p.setting(key);
        }
        self.conn()
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                params![key],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }
}
