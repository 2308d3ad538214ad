//! Editing one attribute's value in place: which types have an editor, the text an editor
//! starts from, the value a draft becomes in a write, and the editor itself. Enter saves,
//! Escape cancels, leaving the field saves what changed.

use crate::components::ui::FIELD;
use leptos::prelude::*;
use model::wire::Attribute;
use model::AttributeType;
use serde_json::{json, Value};

/// Whether a value of the type is written from one line of text (or a choice).
fn typed(kind: AttributeType) -> bool {
    use AttributeType as T;
    matches!(
        kind,
        T::Text
            | T::Number
            | T::Currency
            | T::Rating
            | T::Date
            | T::Checkbox
            | T::Select
            | T::Status
            | T::PersonalName
            | T::EmailAddress
            | T::Domain
            | T::PhoneNumber
    )
}

/// Whether the attribute can be edited in place. Multi-value attributes and references are
/// edited through the API for now: one line of text cannot say which value it replaces.
pub fn editable(attribute: &Attribute) -> bool {
    attribute.is_writable && !attribute.is_system_attribute && !attribute.is_multiselect && typed(attribute.kind)
}

/// Whether a form creating a record can ask for the attribute: a multi-value one takes its
/// first value from the form.
pub fn fillable(attribute: &Attribute) -> bool {
    attribute.is_writable && !attribute.is_system_attribute && !attribute.is_archived && typed(attribute.kind)
}

/// The property of a value that its editor shows and writes.
fn primary_field(kind: AttributeType) -> &'static [&'static str] {
    use AttributeType as T;
    match kind {
        T::Currency => &["currency_value"],
        T::Select => &["option", "title"],
        T::Status => &["status", "title"],
        T::PersonalName => &["full_name"],
        T::EmailAddress => &["email_address"],
        T::Domain => &["domain"],
        T::PhoneNumber => &["original_phone_number"],
        _ => &["value"],
    }
}

fn field<'a>(values: &'a [Value], path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(values.first()?, |v, key| v.get(key))
}

/// The editor's starting text for the attribute's current values.
pub fn draft(kind: AttributeType, values: &[Value]) -> String {
    match field(values, primary_field(kind)) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// The value a draft writes: what a `PATCH` of the record takes for the type. An empty
/// draft clears the value. Numbers are checked here so that a typo never leaves the browser.
pub fn to_input(kind: AttributeType, draft: &str) -> Result<Value, String> {
    use AttributeType as T;
    let draft = draft.trim();
    if draft.is_empty() {
        return Ok(Value::Null);
    }
    match kind {
        T::Number | T::Currency | T::Rating => {
            let number: f64 = draft.replace(',', "").parse().map_err(|_| format!("\"{draft}\" is not a number."))?;
            Ok(json!(number))
        }
        T::Checkbox => Ok(json!(draft == "true")),
        _ => Ok(json!(draft)),
    }
}

/// What the values read like while a write of `input` (from [`to_input`]) is on its way:
/// the previous value with its primary property replaced, so a currency keeps its code.
pub fn preview(kind: AttributeType, previous: &[Value], input: &Value) -> Vec<Value> {
    if input.is_null() {
        return Vec::new();
    }
    let mut value = previous.first().cloned().filter(Value::is_object).unwrap_or_else(|| json!({}));
    let path = primary_field(kind);
    let (last, parents) = path.split_last().expect("a field path is never empty");
    let mut slot = &mut value;
    for key in parents {
        slot = &mut slot[*key];
        if !slot.is_object() {
            *slot = json!({});
        }
    }
    slot[*last] = input.clone();
    vec![value]
}

fn input_type(kind: AttributeType) -> &'static str {
    match kind {
        AttributeType::Number | AttributeType::Currency | AttributeType::Rating => "number",
        AttributeType::Date => "date",
        AttributeType::EmailAddress => "email",
        AttributeType::PhoneNumber => "tel",
        _ => "text",
    }
}

/// A form's field for one attribute, bound to `draft` (text as [`to_input`] reads it).
#[component]
pub fn FieldInput(kind: AttributeType, id: String, draft: RwSignal<String>, choices: Vec<String>) -> impl IntoView {
    let class = format!("{FIELD} w-full");
    match kind {
        AttributeType::Select | AttributeType::Status => {
            // The draft it starts with (a board column's status, say) is the chosen option.
            let current = draft.get_untracked();
            let options = choices
                .into_iter()
                .map(|title| {
                    let (value, selected) = (title.clone(), title == current);
                    view! { <option value=value selected=selected>{title}</option> }
                })
                .collect_view();
            view! {
                <select id=id class=class on:change=move |ev| draft.set(event_target_value(&ev))>
                    <option value="">"No value"</option>
                    {options}
                </select>
            }
            .into_any()
        }
        AttributeType::Checkbox => view! {
            <input
                id=id
                type="checkbox"
                class="size-4 accent-accent"
                on:change=move |ev| draft.set(event_target_checked(&ev).to_string())
            />
        }
        .into_any(),
        _ => view! {
            <input
                id=id
                type=input_type(kind)
                step=(kind != AttributeType::Date).then_some("any")
                class=class
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
            />
        }
        .into_any(),
    }
}

/// The editor of one value. `choices` are the titles a select or status may take.
#[component]
pub fn ValueEditor(
    kind: AttributeType,
    /// The attribute's title, the editor's accessible name.
    label: String,
    initial: String,
    choices: Vec<String>,
    on_save: Callback<String>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let draft = RwSignal::new(initial.clone());
    let initial = StoredValue::new(initial);
    let node = NodeRef::<leptos::html::Input>::new();
    let select = NodeRef::<leptos::html::Select>::new();
    // Focus the field as it appears, so typing goes straight into it.
    Effect::new(move |_| {
        if let Some(input) = node.get() {
            let _ = input.focus();
            input.select();
        }
        if let Some(select) = select.get() {
            let _ = select.focus();
        }
    });
    let done = StoredValue::new(false);
    let finish = move |save: bool| {
        if done.get_value() {
            return;
        }
        done.set_value(true);
        let text = draft.get_untracked();
        if save && initial.with_value(|i| *i != text) {
            on_save.run(text);
        } else {
            on_cancel.run(());
        }
    };
    // The editor's own keys go no further: the grid around it would act on them again.
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            ev.stop_propagation();
            finish(true);
        }
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            finish(false);
        }
        _ => {}
    };
    let class = "w-full rounded-md border border-focus bg-canvas px-2 py-1 text-fg outline-none ring-2 ring-focus/25";
    match kind {
        AttributeType::Select | AttributeType::Status => {
            let options = choices
                .into_iter()
                .map(|title| {
                    let selected = title == draft.get_untracked();
                    let value = title.clone();
                    view! { <option value=value selected=selected>{title}</option> }
                })
                .collect_view();
            view! {
                <select
                    node_ref=select
                    aria-label=label
                    class=class
                    on:change=move |ev| {
                        draft.set(event_target_value(&ev));
                        finish(true);
                    }
                    on:keydown=on_key
                    on:blur=move |_| finish(false)
                >
                    <option value="">"No value"</option>
                    {options}
                </select>
            }
            .into_any()
        }
        _ => view! {
            <input
                node_ref=node
                type=input_type(kind)
                step=(kind != AttributeType::Date).then_some("any")
                aria-label=label
                class=class
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
                on:keydown=on_key
                on:blur=move |_| finish(true)
            />
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_read_the_primary_property() {
        assert_eq!(draft(AttributeType::Text, &[json!({"value": "Acme"})]), "Acme");
        assert_eq!(draft(AttributeType::Currency, &[json!({"currency_value": 1200.5})]), "1200.5");
        assert_eq!(draft(AttributeType::Status, &[json!({"status": {"title": "Won"}})]), "Won");
        assert_eq!(draft(AttributeType::Number, &[]), "");
        assert_eq!(draft(AttributeType::EmailAddress, &[json!({"email_address": "a@b.co"})]), "a@b.co");
    }

    #[test]
    fn previews_keep_the_rest_of_the_value() {
        let previous = [json!({"currency_value": 5, "currency_code": "EUR"})];
        assert_eq!(
            preview(AttributeType::Currency, &previous, &json!(7.0)),
            [json!({"currency_value": 7.0, "currency_code": "EUR"})]
        );
        assert_eq!(preview(AttributeType::Status, &[], &json!("Won")), [json!({"status": {"title": "Won"}})]);
        assert!(preview(AttributeType::Text, &previous, &Value::Null).is_empty());
    }

    #[test]
    fn drafts_become_write_values() {
        assert_eq!(to_input(AttributeType::Number, "1,234.5"), Ok(json!(1234.5)));
        assert_eq!(to_input(AttributeType::Text, "  "), Ok(Value::Null));
        assert_eq!(to_input(AttributeType::Status, "Won"), Ok(json!("Won")));
        assert_eq!(to_input(AttributeType::Checkbox, "true"), Ok(json!(true)));
        assert!(to_input(AttributeType::Currency, "lots").is_err());
    }
}
