//! One module per page.

pub mod home;
pub mod login;
pub mod not_found;
pub mod settings;
pub mod tables;
