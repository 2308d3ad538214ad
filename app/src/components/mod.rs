//! Reusable pieces of the UI.

pub mod dialog;
pub mod error_notice;
pub mod object_badge;
pub mod sidebar;
pub mod theme;
pub mod ui;
