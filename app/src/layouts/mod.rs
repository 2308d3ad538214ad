//! Page frames shared by several routes.

pub mod app_shell;
