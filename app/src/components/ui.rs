//! Class lists of the themed controls, so every button and field of the app looks alike and
//! a change of style is made here once.

/// A secondary button: outlined, quiet.
pub const BUTTON: &str = "inline-flex items-center gap-1.5 rounded-md border border-line px-2.5 py-1 text-fg-muted hover:bg-raised hover:text-fg focus-visible:outline-2 focus-visible:outline-focus disabled:opacity-60";

/// The one main action of a place.
pub const BUTTON_PRIMARY: &str = "inline-flex items-center gap-1.5 rounded-md bg-accent px-3 py-1 font-medium text-accent-fg hover:bg-accent-hover focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus disabled:opacity-60";

/// An action that destroys something.
pub const BUTTON_DANGER: &str = "inline-flex items-center gap-1.5 rounded-md border border-line px-2.5 py-1 text-danger hover:bg-raised focus-visible:outline-2 focus-visible:outline-focus disabled:opacity-60";

/// A text field or a select; the place sets its width.
pub const FIELD: &str = "rounded-md border border-line-strong bg-canvas px-2.5 py-1.5 text-fg placeholder:text-fg-faint focus:border-focus focus:ring-2 focus:ring-focus/25 focus:outline-none";

/// A popover menu's panel, below its button.
pub const MENU: &str = "absolute z-40 mt-1 rounded-lg border border-line bg-canvas p-1.5 text-sm shadow-xl";
