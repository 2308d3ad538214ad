//! Attribute values, per type, in one place: how each type is shown (`display`) and how it
//! is edited (`editor`).

pub mod display;
pub mod editor;
