//! Party work: admissions, transfers, badges, dues, meetings and ratings.

pub mod admissions;
pub mod badges;
pub mod cases;
pub mod dues;
pub mod leaving;
pub mod meetings;
pub mod ratings;
pub mod record;
pub mod stats;
pub mod transfers;

/// The units of a subtree, `$1` its root's code: a unit and every unit ever below it, as the
/// common table `sub(id)` a query of party work selects from.
pub(crate) const SUBTREE: &str = "WITH RECURSIVE sub(id) AS (
        SELECT id FROM unit WHERE code = $1
        UNION SELECT v.unit_id FROM unit_version v JOIN sub ON v.parent_id = sub.id
    )";
