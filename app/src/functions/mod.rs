//! Server functions: thin adapters from the session cookie to `api`'s handlers.
//!
//! Each one reads the session, builds an `api::Ctx` and calls the same function the /v2
//! route calls, so no business rule lives here. Every server function is a public
//! endpoint, which is why each checks the session itself.

mod board;
mod bulk;
mod entries;
mod error;
#[cfg(feature = "ssr")]
mod markdown;
mod record_edit;
mod record_page;
mod search;
#[cfg(feature = "ssr")]
mod session;
mod settings;
mod table;
mod views;
mod workspace;

pub use board::{load_board, load_cards, place_cards, BoardData, BoardGroup, FIRST_CARDS};
pub use bulk::{create_record, delete_rows, set_value_on_rows, BulkOutcome, Selection};
pub use entries::{add_to_list, save_entry_value, EntryCard, ListChoice};
pub use error::AppError;
pub use record_edit::{add_comment, add_note, add_task, load_record, merge_records, save_value, set_task_completed};
pub use record_page::{load_record_page, load_timeline, NoteView, RecordPageData, RelatedGroup, RelatedRecord};
pub use search::{search, Found};
pub use settings::{
    add_choice, change_attribute, change_choice, create_attribute, create_key, create_object, list_keys,
    load_attribute_settings, load_settings, rename_object, revoke_key, AttributeChange, AttributeSettings, Choice,
    NewAttributeForm, SettingsIndex,
};
pub use table::{count_rows, load_rows, load_table_schema, RecordPage, TableSchema, PAGE_SIZE};
pub use views::{change_view, delete_view, save_view, ViewLink};
pub use workspace::{load_workspace, ListLink, Login, Logout, WorkspaceSummary};
