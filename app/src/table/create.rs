//! "New record": a form with the object's name and required attributes (and any other the
//! user adds), written through the same service function as
//! `POST /v2/objects/{object}/records`; the server's message shows when it refuses.

use crate::components::dialog::Dialog;
use crate::components::ui::{BUTTON, BUTTON_PRIMARY, FIELD};
use crate::functions::create_record;
use crate::values::editor::{fillable, to_input, FieldInput};
use leptos::prelude::*;
use leptos::task::spawn_local;
use model::wire::{Attribute, Record};
use std::collections::HashMap;

/// The attributes the form starts with: the name and every required one.
fn first_fields(attributes: &[Attribute]) -> Vec<String> {
    attributes
        .iter()
        .filter(|a| fillable(a) && (a.is_required || a.api_slug == "name"))
        .map(|a| a.api_slug.clone())
        .collect()
}

/// What a new record starts with: an attribute slug and its value as a field holds it, and
/// what the place offering it is called ("Won", for a board's column).
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    pub attribute: String,
    pub value: String,
    pub place: String,
}

#[component]
pub fn NewRecord(
    object: String,
    singular: String,
    attributes: Vec<Attribute>,
    choices: HashMap<String, Vec<String>>,
    on_created: Callback<Record>,
    /// Filled in, for a record created in a board's column; the button is then the column's.
    #[prop(optional)]
    preset: Option<Preset>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let fillable: Vec<Attribute> = attributes.into_iter().filter(fillable).collect();
    let held = StoredValue::new(preset.clone());
    let first = move |fillable: &[Attribute]| {
        let mut fields = first_fields(fillable);
        if let Some(preset) = held.get_value() {
            if !fields.contains(&preset.attribute) {
                fields.push(preset.attribute);
            }
        }
        fields
    };
    let shown = RwSignal::new(first(&fillable));
    let initial = move |slug: &str| {
        held.with_value(|p| p.as_ref().filter(|p| p.attribute == slug).map(|p| p.value.clone())).unwrap_or_default()
    };
    let drafts: StoredValue<HashMap<String, RwSignal<String>>> =
        StoredValue::new(fillable.iter().map(|a| (a.api_slug.clone(), RwSignal::new(initial(&a.api_slug)))).collect());
    let fillable = StoredValue::new(fillable);
    let choices = StoredValue::new(choices);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let object = StoredValue::new(object);

    let reset = move || {
        drafts.with_value(|d| d.iter().for_each(|(slug, draft)| draft.set(initial(slug))));
        shown.set(fillable.with_value(|a| first(a)));
        error.set(None);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut values = serde_json::Map::new();
        for slug in shown.get_untracked() {
            let Some(kind) = fillable.with_value(|a| a.iter().find(|a| a.api_slug == slug).map(|a| a.kind)) else {
                continue;
            };
            let text = drafts.with_value(|d| d.get(&slug).map(|d| d.get_untracked())).unwrap_or_default();
            match to_input(kind, &text) {
                Ok(serde_json::Value::Null) => {}
                Ok(value) => {
                    values.insert(slug, value);
                }
                Err(message) => return error.set(Some(message)),
            }
        }
        busy.set(true);
        spawn_local(async move {
            let result = create_record(object.get_value(), values).await;
            busy.set(false);
            match result {
                Ok(record) => {
                    open.set(false);
                    reset();
                    on_created.run(record);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };

    let fields = move || {
        shown
            .get()
            .into_iter()
            .filter_map(|slug| {
                let attribute = fillable.with_value(|a| a.iter().find(|a| a.api_slug == slug).cloned())?;
                let draft = drafts.with_value(|d| d.get(&slug).copied())?;
                let id = format!("new-{slug}");
                let options = choices.with_value(|c| c.get(&slug).cloned().unwrap_or_default());
                let required = attribute.is_required.then_some(" *");
                Some(view! {
                    <div class="mt-3">
                        <label for=id.clone() class="block pb-1 text-xs font-medium text-fg-subtle">
                            {attribute.title.clone()}
                            {required}
                        </label>
                        <FieldInput kind=attribute.kind id=id draft=draft choices=options />
                    </div>
                })
            })
            .collect_view()
    };
    let more = move || {
        let current = shown.get();
        let rest: Vec<(String, String)> = fillable.with_value(|a| {
            a.iter().filter(|a| !current.contains(&a.api_slug)).map(|a| (a.api_slug.clone(), a.title.clone())).collect()
        });
        (!rest.is_empty()).then(|| {
            let options =
                rest.into_iter().map(|(slug, title)| view! { <option value=slug>{title}</option> }).collect_view();
            view! {
                <select
                    aria-label="Add a field"
                    class=format!("{FIELD} mt-4 w-full text-fg-muted")
                    on:change=move |ev| {
                        let slug = event_target_value(&ev);
                        if !slug.is_empty() {
                            shown.update(|s| s.push(slug));
                        }
                    }
                >
                    <option value="">"+ Add a field"</option>
                    {options}
                </select>
            }
        })
    };

    let singular = singular.to_lowercase();
    let title = format!("New {singular}");
    let button = match &preset {
        None => view! {
            <button type="button" class=BUTTON_PRIMARY on:click=move |_| open.set(true)>
                {format!("+ New {singular}")}
            </button>
        }
        .into_any(),
        Some(preset) => view! {
            <button
                type="button"
                aria-label=format!("New {singular} in {}", preset.place)
                class="w-full rounded-md py-1.5 text-left text-xs text-fg-subtle hover:bg-raised hover:text-fg"
                on:click=move |_| open.set(true)
            >
                "+ New"
            </button>
        }
        .into_any(),
    };
    view! {
        {button}
        <Dialog open=open title=title>
            <form on:submit=submit>
                {fields}
                {more}
                {move || error.get().map(|m| view! { <p role="alert" class="mt-3 text-danger">{m}</p> })}
                <div class="mt-5 flex justify-end gap-2">
                    <button type="button" class=BUTTON on:click=move |_| open.set(false)>
                        "Cancel"
                    </button>
                    <button type="submit" class=BUTTON_PRIMARY disabled=move || busy.get()>
                        "Create"
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
