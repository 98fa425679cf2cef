//! Where a plan stands, as a code list.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::UnknownCode;

code_list! {
    /// Where a plan stands: a draft until applied; an applied plan can be reverted.
    PlanStatus, "plan_status", "plan-status" { Draft = "draft"; Applied = "applied"; Reverted = "reverted"; }
}
