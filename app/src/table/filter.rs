//! The filter builder: conditions on attributes with the operators each type allows, joined
//! by "all" or "any", each of them negatable. It reads and writes Attio's filter JSON, so
//! what it builds is what the query endpoint runs; a filter it did not build (typed into the
//! URL or sent by an integration) is shown as such and can be cleared.

use leptos::prelude::*;
use model::wire::Attribute;
use model::AttributeType;
use serde_json::{json, Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Is,
    Contains,
    StartsWith,
    EndsWith,
    Lt,
    Lte,
    Gt,
    Gte,
    NotEmpty,
}

impl Op {
    const ALL: [Op; 9] =
        [Op::Is, Op::Contains, Op::StartsWith, Op::EndsWith, Op::Lt, Op::Lte, Op::Gt, Op::Gte, Op::NotEmpty];

    fn key(self) -> &'static str {
        match self {
            Op::Is => "$eq",
            Op::Contains => "$contains",
            Op::StartsWith => "$starts_with",
            Op::EndsWith => "$ends_with",
            Op::Lt => "$lt",
            Op::Lte => "$lte",
            Op::Gt => "$gt",
            Op::Gte => "$gte",
            Op::NotEmpty => "$not_empty",
        }
    }

    fn from_key(key: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|op| op.key() == key)
    }

    /// The operator as it reads in a sentence ("Deal value is at least 5,000").
    fn label(self, negated: bool) -> &'static str {
        match (self, negated) {
            (Op::Is, false) => "is",
            (Op::Is, true) => "is not",
            (Op::Contains, false) => "contains",
            (Op::Contains, true) => "does not contain",
            (Op::StartsWith, false) => "starts with",
            (Op::StartsWith, true) => "does not start with",
            (Op::EndsWith, false) => "ends with",
            (Op::EndsWith, true) => "does not end with",
            (Op::Lt, false) => "is less than",
            (Op::Lte, false) => "is at most",
            (Op::Gt, false) => "is more than",
            (Op::Gte, false) => "is at least",
            (Op::NotEmpty, false) => "is not empty",
            (Op::NotEmpty, true) => "is empty",
            (_, true) => "is not",
        }
    }

    fn takes_value(self) -> bool {
        self != Op::NotEmpty
    }
}

/// The operators the query endpoint allows on an attribute's type.
pub fn ops_for(kind: AttributeType) -> &'static [Op] {
    use AttributeType as T;
    match kind {
        T::Number | T::Currency | T::Rating | T::Date | T::Timestamp | T::Interaction => {
            &[Op::Is, Op::Lt, Op::Lte, Op::Gt, Op::Gte, Op::NotEmpty]
        }
        T::Checkbox | T::Status | T::Select => &[Op::Is, Op::NotEmpty],
        T::RecordReference | T::ActorReference => &[Op::NotEmpty],
        _ => &[Op::Is, Op::Contains, Op::StartsWith, Op::EndsWith, Op::NotEmpty],
    }
}

/// One condition: `attribute op value`, or its negation.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub attribute: String,
    pub op: Op,
    pub value: String,
    pub negated: bool,
}

/// Conditions joined by "all" (`$and`) or "any" (`$or`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Conditions {
    pub any: bool,
    pub items: Vec<Condition>,
}

fn typed(kind: Option<AttributeType>, value: &str) -> Value {
    use AttributeType as T;
    match kind {
        Some(T::Number | T::Currency | T::Rating) => {
            value.trim().replace(',', "").parse::<f64>().map(|n| json!(n)).unwrap_or_else(|_| json!(value))
        }
        Some(T::Checkbox) => json!(value == "true"),
        _ => json!(value),
    }
}

impl Conditions {
    /// The filter JSON, or `None` when there is no condition.
    pub fn to_filter(&self, attributes: &[Attribute]) -> Option<Value> {
        let kind = |slug: &str| attributes.iter().find(|a| a.api_slug == slug).map(|a| a.kind);
        let mut parts: Vec<Value> = self
            .items
            .iter()
            .filter(|c| !c.attribute.is_empty() && (!c.op.takes_value() || !c.value.trim().is_empty()))
            .map(|c| {
                let operand = if c.op.takes_value() { typed(kind(&c.attribute), &c.value) } else { json!(true) };
                let condition = json!({ &c.attribute: { c.op.key(): operand } });
                if c.negated {
                    json!({ "$not": condition })
                } else {
                    condition
                }
            })
            .collect();
        match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(json!({ if self.any { "$or" } else { "$and" }: parts })),
        }
    }

    /// The conditions of a filter this builder could have made; `None` for any other.
    pub fn from_filter(filter: &Value) -> Option<Self> {
        let condition = |v: &Value| -> Option<Condition> {
            let (inner, negated) = match v.get("$not") {
                Some(inner) if v.as_object()?.len() == 1 => (inner, true),
                _ => (v, false),
            };
            let (attribute, ops) = single(inner)?;
            let (key, operand) = single(ops)?;
            let op = Op::from_key(key)?;
            let value = match (op, operand) {
                (Op::NotEmpty, Value::Bool(true)) => String::new(),
                (Op::NotEmpty, _) => return None,
                (_, Value::String(s)) => s.clone(),
                (_, Value::Number(n)) => n.to_string(),
                (_, Value::Bool(b)) => b.to_string(),
                _ => return None,
            };
            Some(Condition { attribute: attribute.clone(), op, value, negated })
        };
        let object = filter.as_object()?;
        for (key, any) in [("$and", false), ("$or", true)] {
            if let (Some(Value::Array(items)), 1) = (object.get(key), object.len()) {
                let items = items.iter().map(condition).collect::<Option<Vec<_>>>()?;
                return Some(Self { any, items });
            }
        }
        Some(Self { any: false, items: vec![condition(filter)?] })
    }

    /// The filter as a sentence per condition: "Deal stage is Won".
    pub fn sentences(&self, attributes: &[Attribute]) -> Vec<String> {
        let title =
            |slug: &str| attributes.iter().find(|a| a.api_slug == slug).map_or(slug.to_owned(), |a| a.title.clone());
        self.items
            .iter()
            .map(|c| {
                let op = c.op.label(c.negated);
                if c.op.takes_value() {
                    format!("{} {op} {}", title(&c.attribute), c.value)
                } else {
                    format!("{} {op}", title(&c.attribute))
                }
            })
            .collect()
    }
}

fn single(v: &Value) -> Option<(&String, &Value)> {
    let map: &Map<String, Value> = v.as_object()?;
    if map.len() == 1 {
        map.iter().next()
    } else {
        None
    }
}

const CONTROL: &str = "rounded-md border border-line-strong bg-canvas px-2 py-1 text-fg focus:border-focus focus:ring-2 focus:ring-focus/25 focus:outline-none";

/// The filter bar above a table: the conditions as sentences, and the builder behind the
/// "Filter" button. `choices` are the titles of each select or status attribute.
#[component]
pub fn FilterBar(
    attributes: Vec<Attribute>,
    choices: std::collections::HashMap<String, Vec<String>>,
    current: Option<Value>,
    on_apply: Callback<Option<Value>>,
) -> impl IntoView {
    let filterable: Vec<Attribute> =
        attributes.into_iter().filter(|a| !a.is_archived && a.api_slug != "record_id").collect();
    let parsed = current.as_ref().map(Conditions::from_filter);
    let custom = matches!(parsed, Some(None));
    let initial = parsed.flatten().unwrap_or_default();
    let sentences = initial.sentences(&filterable);
    let draft = RwSignal::new(initial.clone());
    let open = RwSignal::new(false);
    let attributes = StoredValue::new(filterable);
    let choices = StoredValue::new(choices);

    let apply = move |_| {
        let filter = attributes.with_value(|a| draft.get_untracked().to_filter(a));
        open.set(false);
        on_apply.run(filter);
    };
    let clear = move |_| {
        draft.set(Conditions::default());
        open.set(false);
        on_apply.run(None);
    };
    let add = move |_| {
        let first = attributes.with_value(|a| a.first().map(|a| (a.api_slug.clone(), a.kind)));
        if let Some((attribute, kind)) = first {
            draft.update(|d| {
                d.items.push(Condition { attribute, op: ops_for(kind)[0], value: String::new(), negated: false })
            });
        }
    };

    let rows = move || {
        let count = draft.with(|d| d.items.len());
        (0..count)
            .map(|index| {
                let item = move || draft.with(|d| d.items.get(index).cloned());
                let kind = move || {
                    let slug = item().map(|c| c.attribute).unwrap_or_default();
                    attributes.with_value(|a| a.iter().find(|a| a.api_slug == slug).map(|a| a.kind))
                };
                let attribute_options = attributes.with_value(|a| {
                    a.iter()
                        .map(|a| {
                            let (slug, title) = (a.api_slug.clone(), a.title.clone());
                            let selected = item().is_some_and(|c| c.attribute == slug);
                            view! { <option value=slug selected=selected>{title}</option> }
                        })
                        .collect_view()
                });
                let op_options = move || {
                    let current = item();
                    kind()
                        .map(ops_for)
                        .unwrap_or_default()
                        .iter()
                        .flat_map(|op| [(*op, false), (*op, true)])
                        .filter(|(op, negated)| !*negated || matches!(op, Op::Is | Op::Contains | Op::StartsWith | Op::EndsWith | Op::NotEmpty))
                        .map(|(op, negated)| {
                            let value = format!("{}{}", if negated { "!" } else { "" }, op.key());
                            let selected = current.as_ref().is_some_and(|c| c.op == op && c.negated == negated);
                            view! { <option value=value selected=selected>{op.label(negated)}</option> }
                        })
                        .collect_view()
                };
                let value_input = move || {
                    let current = item()?;
                    if !current.op.takes_value() {
                        return None;
                    }
                    let slug = current.attribute.clone();
                    let options = choices.with_value(|c| c.get(&slug).cloned());
                    let kind = kind();
                    let set = move |ev: leptos::ev::Event| {
                        let value = event_target_value(&ev);
                        draft.update(|d| {
                            if let Some(c) = d.items.get_mut(index) {
                                c.value = value;
                            }
                        });
                    };
                    Some(match (options, kind) {
                        (Some(options), _) => view! {
                            <select aria-label="Value" class=CONTROL on:change=set>
                                <option value="">"Choose…"</option>
                                {options
                                    .into_iter()
                                    .map(|o| {
                                        let selected = o == current.value;
                                        let value = o.clone();
                                        view! { <option value=value selected=selected>{o}</option> }
                                    })
                                    .collect_view()}
                            </select>
                        }
                        .into_any(),
                        (None, Some(AttributeType::Checkbox)) => view! {
                            <select aria-label="Value" class=CONTROL on:change=set>
                                <option value="">"Choose…"</option>
                                <option value="true" selected=current.value == "true">"checked"</option>
                                <option value="false" selected=current.value == "false">"unchecked"</option>
                            </select>
                        }
                        .into_any(),
                        (None, kind) => {
                            let input_type = match kind {
                                Some(AttributeType::Number | AttributeType::Currency | AttributeType::Rating) => "number",
                                Some(AttributeType::Date) => "date",
                                _ => "text",
                            };
                            view! {
                                <input
                                    aria-label="Value"
                                    type=input_type
                                    class=format!("{CONTROL} min-w-0 flex-1")
                                    prop:value=current.value.clone()
                                    on:input=set
                                />
                            }
                            .into_any()
                        }
                    })
                };
                view! {
                    <li class="flex items-center gap-2">
                        <select
                            aria-label="Attribute"
                            class=CONTROL
                            on:change=move |ev| {
                                let slug = event_target_value(&ev);
                                let kind = attributes.with_value(|a| a.iter().find(|a| a.api_slug == slug).map(|a| a.kind));
                                draft.update(|d| {
                                    if let Some(c) = d.items.get_mut(index) {
                                        c.attribute = slug;
                                        c.op = kind.map_or(Op::NotEmpty, |k| ops_for(k)[0]);
                                        c.negated = false;
                                        c.value.clear();
                                    }
                                });
                            }
                        >
                            {attribute_options}
                        </select>
                        <select
                            aria-label="Operator"
                            class=CONTROL
                            on:change=move |ev| {
                                let value = event_target_value(&ev);
                                let (negated, key) = match value.strip_prefix('!') {
                                    Some(key) => (true, key.to_owned()),
                                    None => (false, value),
                                };
                                draft.update(|d| {
                                    if let (Some(c), Some(op)) = (d.items.get_mut(index), Op::from_key(&key)) {
                                        c.op = op;
                                        c.negated = negated;
                                    }
                                });
                            }
                        >
                            {op_options}
                        </select>
                        {value_input}
                        <button
                            type="button"
                            aria-label="Remove condition"
                            class="ml-auto rounded-md px-2 py-1 text-fg-subtle hover:bg-raised hover:text-fg"
                            on:click=move |_| draft.update(|d| {
                                if index < d.items.len() {
                                    d.items.remove(index);
                                }
                            })
                        >
                            "×"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };

    let has_filter = current.is_some();
    let summary = if custom { vec!["Custom filter".to_owned()] } else { sentences };
    let chips = summary
        .into_iter()
        .map(|s| view! { <span class="rounded-md bg-raised px-2 py-0.5 text-fg-muted">{s}</span> })
        .collect_view();
    let joiner = if initial.any { "any of" } else { "all of" };
    view! {
        <div class="relative flex min-h-11 flex-1 flex-wrap items-center gap-2 px-4 py-2">
            <button
                type="button"
                aria-expanded=move || open.get().to_string()
                aria-controls="filter-builder"
                class="rounded-md border border-line px-2.5 py-1 text-fg-muted hover:bg-raised hover:text-fg"
                on:click=move |_| {
                    if !open.get_untracked() && draft.with_untracked(|d| d.items.is_empty()) {
                        add(());
                    }
                    open.update(|o| *o = !*o);
                }
            >
                "Filter"
            </button>
            {(has_filter && initial.items.len() > 1).then(|| view! { <span class="text-fg-subtle">{joiner}</span> })}
            {chips}
            {has_filter
                .then(|| {
                    view! {
                        <button type="button" class="text-fg-subtle underline-offset-2 hover:text-fg hover:underline" on:click=clear>
                            "Clear"
                        </button>
                    }
                })}
            <Show when=move || open.get()>
                <div
                    id="filter-builder"
                    role="dialog"
                    aria-label="Filter"
                    class="absolute top-full left-4 z-40 mt-1 w-[40rem] max-w-[calc(100vw-2rem)] rounded-lg border border-line bg-canvas p-3 shadow-lg"
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Escape" {
                            open.set(false);
                        }
                    }
                >
                    <div class="mb-2 flex items-center gap-2 text-fg-subtle">
                        "Match"
                        <select
                            aria-label="Match"
                            class=CONTROL
                            on:change=move |ev| {
                                let any = event_target_value(&ev) == "any";
                                draft.update(|d| d.any = any);
                            }
                        >
                            <option value="all" selected=move || !draft.with(|d| d.any)>"all conditions"</option>
                            <option value="any" selected=move || draft.with(|d| d.any)>"any condition"</option>
                        </select>
                    </div>
                    <ul class="space-y-2">{rows}</ul>
                    <div class="mt-3 flex items-center gap-2">
                        <button type="button" class="rounded-md px-2 py-1 text-fg-muted hover:bg-raised" on:click=move |_| add(())>
                            "+ Add condition"
                        </button>
                        <button
                            type="button"
                            class="ml-auto rounded-md bg-accent px-3 py-1.5 font-medium text-accent-fg hover:bg-accent-hover"
                            on:click=apply
                        >
                            "Apply"
                        </button>
                    </div>
                </div>
            </Show>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn condition(attribute: &str, op: Op, value: &str, negated: bool) -> Condition {
        Condition { attribute: attribute.into(), op, value: value.into(), negated }
    }

    #[test]
    fn builds_attio_filters() {
        let one = Conditions { any: false, items: vec![condition("stage", Op::Is, "Won", false)] };
        assert_eq!(one.to_filter(&[]), Some(json!({"stage": {"$eq": "Won"}})));
        let two = Conditions {
            any: true,
            items: vec![condition("name", Op::Contains, "acme", true), condition("value", Op::NotEmpty, "", true)],
        };
        assert_eq!(
            two.to_filter(&[]),
            Some(
                json!({"$or": [{"$not": {"name": {"$contains": "acme"}}}, {"$not": {"value": {"$not_empty": true}}}]})
            )
        );
        let incomplete = Conditions { any: false, items: vec![condition("name", Op::Is, " ", false)] };
        assert_eq!(incomplete.to_filter(&[]), None);
    }

    #[test]
    fn reads_back_what_it_builds_and_nothing_else() {
        let built = json!({"$and": [{"stage": {"$eq": "Won"}}, {"$not": {"name": {"$starts_with": "A"}}}]});
        let parsed = Conditions::from_filter(&built).unwrap();
        assert_eq!(parsed.items[1], condition("name", Op::StartsWith, "A", true));
        assert_eq!(parsed.to_filter(&[]), Some(built));
        assert_eq!(Conditions::from_filter(&json!({"stage": "Won"})), None);
        assert_eq!(Conditions::from_filter(&json!({"$and": [{"$or": []}]})), None);
    }

    #[test]
    fn sentences_read_as_english() {
        let c = Conditions {
            any: false,
            items: vec![condition("value", Op::Gte, "5000", false), condition("owner", Op::NotEmpty, "", true)],
        };
        assert_eq!(c.sentences(&[]), ["value is at least 5000", "owner is empty"]);
    }

    #[test]
    fn operators_follow_the_type() {
        assert!(ops_for(AttributeType::Currency).contains(&Op::Gt));
        assert!(!ops_for(AttributeType::Status).contains(&Op::Contains));
        assert_eq!(ops_for(AttributeType::RecordReference), &[Op::NotEmpty]);
    }
}
