//! Reusable pieces of the UI.

pub mod error_notice;
pub mod object_badge;
pub mod sidebar;
pub mod theme;
