//! Records as the screens hold them: one reactive cell per record (or list entry, shaped as
//! a record by [`crate::table::source`]), shared by every screen of the session (table,
//! record page, board), so a change made or received in one place shows in all of them.
//! Writes are optimistic: the new value shows at once and is rolled back, with the server's
//! message, when the write is refused.

use crate::functions::{save_entry_value, save_value, AppError};
use crate::table::source::{parent_of, parent_slug, with_entry_values, with_parent_values, Source};
use crate::values::editor::preview;
use leptos::prelude::*;
use model::wire::Record;
use model::AttributeType;
use serde_json::Value;
use std::collections::HashMap;

#[derive(Clone, Copy)]
pub struct RecordStore {
    records: StoredValue<HashMap<String, ArcRwSignal<Record>>>,
}

impl RecordStore {
    /// The session's store, provided by the signed-in frame.
    pub fn provide() {
        provide_context(Self { records: StoredValue::new(HashMap::new()) });
    }

    pub fn use_store() -> Self {
        expect_context()
    }

    /// The cell holding `record`, which now reads as given (the server's answer is newer
    /// than whatever the store had).
    pub fn hold(&self, record: Record) -> ArcRwSignal<Record> {
        let id = record.id.record_id.to_string();
        let existing = self.records.with_value(|records| records.get(&id).cloned());
        match existing {
            Some(cell) => {
                if cell.with_untracked(|held| *held != record) {
                    cell.set(record);
                }
                cell
            }
            None => {
                let cell = ArcRwSignal::new(record);
                self.records.update_value(|records| {
                    records.insert(id, cell.clone());
                });
                cell
            }
        }
    }

    /// Drops records no screen shows any more (a table's pages after a new filter).
    pub fn forget(&self, ids: impl IntoIterator<Item = String>) {
        self.records.update_value(|records| {
            for id in ids {
                records.remove(&id);
            }
        });
    }

    /// Writes one attribute of a row of `source` (`input` as a PATCH takes it) through the same
    /// service function as the API, showing the value at once; on refusal the row reads as
    /// before and the server's message is returned. A list's row writes its entry, or, for a
    /// parent column, its parent record.
    pub async fn save(
        cell: ArcRwSignal<Record>,
        source: Source,
        attribute: String,
        kind: AttributeType,
        input: Value,
    ) -> Result<(), AppError> {
        let (record_id, previous) = cell.with_untracked(|record| {
            (record.id.record_id.to_string(), record.values.get(&attribute).cloned().unwrap_or_default())
        });
        cell.update(|record| {
            record.values.insert(attribute.clone(), preview(kind, &previous, &input));
        });
        let saved = match source {
            Source::Object(object) => {
                save_value(object, record_id, attribute.clone(), input.to_string()).await.map(|saved| cell.set(saved))
            }
            Source::List(list) => match (parent_slug(&attribute), cell.with_untracked(parent_of)) {
                (Some(slug), Some((object, parent))) => save_value(object, parent, slug.to_owned(), input.to_string())
                    .await
                    .map(|saved| cell.update(|row| with_parent_values(row, &saved))),
                _ => save_entry_value(list, record_id, attribute.clone(), input.to_string())
                    .await
                    .map(|saved| cell.update(|row| with_entry_values(row, saved.entry_values))),
            },
        };
        match saved {
            Ok(()) => Ok(()),
            Err(error) => {
                cell.update(|record| {
                    record.values.insert(attribute, previous);
                });
                Err(error)
            }
        }
    }
}
