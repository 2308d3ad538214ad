//! Every attribute of the record as label and value, the object's own first and the
//! system's (created, by whom, id) last. Values of the simple types are edited in place:
//! the new value shows at once, and goes back with the server's message when it is refused.
//! A list entry's values (`lists`) are shown and edited by the same rows.

use crate::functions::{save_entry_value, save_value, AppError};
use crate::values::display::{pieces, ObjectNouns, Piece, RecordNames, ValueCell};
use crate::values::editor::{draft, editable, to_input, ValueEditor};
use leptos::prelude::*;
use leptos::task::spawn_local;
use model::wire::{Attribute, Entry, Record};
use model::AttributeType;
use serde_json::Value;
use std::collections::HashMap;

/// What the page knows of the record, shared by its parts.
#[derive(Clone, Copy)]
pub struct RecordState {
    pub object: StoredValue<String>,
    pub record: RwSignal<Record>,
    pub nouns: StoredValue<ObjectNouns>,
    pub names: StoredValue<RecordNames>,
}

/// A list entry shown on the page.
#[derive(Clone, Copy)]
pub struct EntryState {
    pub list: StoredValue<String>,
    pub entry: RwSignal<Entry>,
}

/// Where a row's values live, and where an edit is written.
#[derive(Clone, Copy)]
pub enum Holder {
    Record(RecordState),
    Entry(EntryState),
}

impl Holder {
    fn values(&self, slug: &str) -> Vec<Value> {
        match self {
            Holder::Record(state) => state.record.with(|r| r.values.get(slug).cloned()),
            Holder::Entry(state) => state.entry.with(|e| e.entry_values.get(slug).cloned()),
        }
        .unwrap_or_default()
    }

    /// Writes one value through the matching service, then shows what the server kept.
    async fn save(self, slug: String, value: Value) -> Result<(), AppError> {
        match self {
            Holder::Record(state) => {
                let (object, id) =
                    (state.object.get_value(), state.record.with_untracked(|r| r.id.record_id.to_string()));
                state.record.set(save_value(object, id, slug, value.to_string()).await?);
            }
            Holder::Entry(state) => {
                let (list, id) = (state.list.get_value(), state.entry.with_untracked(|e| e.id.entry_id.to_string()));
                state.entry.set(save_entry_value(list, id, slug, value.to_string()).await?);
            }
        }
        Ok(())
    }
}

#[component]
pub fn Details(state: RecordState, attributes: Vec<Attribute>, choices: HashMap<String, Vec<String>>) -> impl IntoView {
    let mut ordered: Vec<Attribute> = attributes.into_iter().filter(|a| !a.is_archived).collect();
    ordered.sort_by_key(|a| a.is_system_attribute);
    let rows = ordered
        .into_iter()
        .map(|attribute| {
            let choices = choices.get(&attribute.api_slug).cloned().unwrap_or_default();
            view! { <ValueRow state=state holder=Holder::Record(state) attribute=attribute choices=choices /> }
        })
        .collect_view();
    view! {
       <section aria-labelledby="details-heading" class="py-4">
           <h2 id="details-heading" class="px-4 pb-2 text-xs font-medium text-fg-subtle uppercase">
               "Details"
           </h2>
           <dl>{rows}</dl>
       </section>
    }
    .into_any()
}

/// One attribute of the record or of an entry: its label, and its value edited in place.
/// `state` names the records its references point at.
#[component]
pub fn ValueRow(state: RecordState, holder: Holder, attribute: Attribute, choices: Vec<String>) -> impl IntoView {
    let can_edit = editable(&attribute);
    let (slug, kind, title) = (attribute.api_slug.clone(), attribute.kind, attribute.title.clone());
    let editing = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // The draft being saved, shown in place of the value until the server answers.
    let saving = RwSignal::new(None::<String>);

    let values = {
        let slug = slug.clone();
        move || holder.values(&slug)
    };
    let shown = {
        let values = values.clone();
        move || {
            if let Some(text) = saving.get() {
                return if text.is_empty() { Vec::new() } else { vec![Piece::Text(text)] };
            }
            let values = values();
            state.nouns.with_value(|nouns| state.names.with_value(|names| pieces(kind, &values, nouns, names)))
        }
    };
    let save = {
        let slug = slug.clone();
        move |text: String| {
            editing.set(false);
            let value = match to_input(kind, &text) {
                Ok(value) => value,
                Err(message) => {
                    error.set(Some(message));
                    return;
                }
            };
            error.set(None);
            saving.set(Some(text));
            let slug = slug.clone();
            spawn_local(async move {
                if let Err(e) = holder.save(slug, value).await {
                    error.set(Some(e.to_string()));
                }
                saving.set(None);
            });
        }
    };
    let save = Callback::new(save);
    let cancel = Callback::new(move |_| editing.set(false));
    let toggle = {
        let values = values.clone();
        move |_| {
            let checked = draft(AttributeType::Checkbox, &values()) == "true";
            save.run((!checked).to_string());
        }
    };

    let label_id = match holder {
        Holder::Record(_) => format!("attr-{slug}"),
        Holder::Entry(e) => format!("entry-{}-{slug}", e.entry.with_untracked(|e| e.id.entry_id.to_string())),
    };
    let value = move || {
        if editing.get() {
            let initial = draft(kind, &values());
            return view! {
                <ValueEditor
                    kind=kind
                    label=title.clone()
                    initial=initial
                    choices=choices.clone()
                    on_save=save
                    on_cancel=cancel
                />
            }
            .into_any();
        }
        let pieces = shown();
        let content = if pieces.is_empty() {
            view! { <span class="text-fg-faint">"Empty"</span> }.into_any()
        } else {
            view! { <ValueCell pieces=pieces /> }.into_any()
        };
        if !can_edit {
            return content;
        }
        let button = "w-full rounded-md px-1.5 py-0.5 -mx-1.5 text-left hover:bg-raised focus-visible:outline-2 focus-visible:outline-focus";
        if kind == AttributeType::Checkbox {
            view! { <button type="button" class=button aria-label=format!("Toggle {title}") on:click=toggle.clone()>{content}</button> }
                .into_any()
        } else {
            view! { <button type="button" class=button aria-label=format!("Edit {title}") on:click=move |_| editing.set(true)>{content}</button> }
                .into_any()
        }
    };
    view! {
        <div class="grid grid-cols-[8rem_minmax(0,1fr)] items-start gap-3 px-4 py-1.5">
            <dt id=label_id class="truncate pt-0.5 text-fg-subtle" title=attribute.title.clone()>
                {attribute.title.clone()}
            </dt>
            <dd class="min-w-0 text-fg">
                {value}
                {move || error.get().map(|message| view! { <p role="alert" class="mt-1 text-xs text-danger">{message}</p> })}
            </dd>
        </div>
     }
    .into_any()
}
