//! The filter builder: conditions on attributes (or a part of one: a name's first name, an
//! address's domain) with the operators each type allows, joined by "all" or "any", each of
//! them negatable, and groups of conditions with their own "all" or "any" inside. It reads
//! and writes Attio's filter JSON, so what it builds is what the query endpoint runs; a
//! filter it did not build (typed into the URL or sent by an integration) is shown as such
//! and can be cleared.

use leptos::prelude::*;
use model::wire::Attribute;
use model::AttributeType;
use serde_json::{json, Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Is,
    In,
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
    const ALL: [Op; 10] =
        [Op::Is, Op::In, Op::Contains, Op::StartsWith, Op::EndsWith, Op::Lt, Op::Lte, Op::Gt, Op::Gte, Op::NotEmpty];

    fn key(self) -> &'static str {
        match self {
            Op::Is => "$eq",
            Op::In => "$in",
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
            (Op::In, false) => "is any of",
            (Op::In, true) => "is none of",
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

    /// Whether the builder offers the negated form (the ordering ones read better as their
    /// opposite operator).
    fn negatable(self) -> bool {
        !matches!(self, Op::Lt | Op::Lte | Op::Gt | Op::Gte)
    }
}

/// The operators the query endpoint allows on an attribute's type.
pub fn ops_for(kind: AttributeType) -> &'static [Op] {
    use AttributeType as T;
    match kind {
        T::Number | T::Currency | T::Rating | T::Date | T::Timestamp | T::Interaction => {
            &[Op::Is, Op::Lt, Op::Lte, Op::Gt, Op::Gte, Op::NotEmpty]
        }
        T::Status | T::Select => &[Op::Is, Op::In, Op::NotEmpty],
        T::Checkbox => &[Op::Is, Op::NotEmpty],
        T::RecordReference | T::ActorReference => &[Op::NotEmpty],
        _ => &[Op::Is, Op::In, Op::Contains, Op::StartsWith, Op::EndsWith, Op::NotEmpty],
    }
}

/// The parts of a value a condition may name instead of the whole, with how they read: all
/// of them text.
pub fn parts_of(kind: AttributeType) -> &'static [(&'static str, &'static str)] {
    use AttributeType as T;
    match kind {
        T::PersonalName => &[("first_name", "first name"), ("last_name", "last name")],
        T::EmailAddress => &[("email_domain", "domain")],
        T::Domain => &[("root_domain", "root domain")],
        T::Currency => &[("currency_code", "currency")],
        T::PhoneNumber => &[("country_code", "country code")],
        T::Location => {
            &[("locality", "city"), ("region", "region"), ("postcode", "postcode"), ("country_code", "country")]
        }
        _ => &[],
    }
}

/// What a condition is on: an attribute, or one part of its value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Subject {
    pub attribute: String,
    pub part: Option<String>,
}

impl Subject {
    /// As the attribute menu's option value: `slug` or `slug.part`.
    fn key(&self) -> String {
        match &self.part {
            Some(part) => format!("{}.{part}", self.attribute),
            None => self.attribute.clone(),
        }
    }

    fn from_key(key: &str) -> Self {
        match key.split_once('.') {
            Some((attribute, part)) => Self { attribute: attribute.into(), part: Some(part.into()) },
            None => Self { attribute: key.into(), part: None },
        }
    }

    /// The type its operators and value follow: a part is text.
    fn kind(&self, attributes: &[Attribute]) -> Option<AttributeType> {
        let kind = attributes.iter().find(|a| a.api_slug == self.attribute).map(|a| a.kind)?;
        Some(if self.part.is_some() { AttributeType::Text } else { kind })
    }

    fn title(&self, attributes: &[Attribute]) -> String {
        let attribute = attributes.iter().find(|a| a.api_slug == self.attribute);
        let title = attribute.map_or(self.attribute.clone(), |a| a.title.clone());
        match (&self.part, attribute) {
            (Some(part), Some(a)) => {
                let label = parts_of(a.kind).iter().find(|(p, _)| p == part).map_or(part.as_str(), |(_, l)| l);
                format!("{title} {label}")
            }
            (Some(part), None) => format!("{title} {part}"),
            (None, _) => title,
        }
    }
}

/// One condition: `subject op value`, or its negation. `$in` takes a comma-separated list.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub subject: Subject,
    pub op: Op,
    pub value: String,
    pub negated: bool,
}

/// A condition, or a group of them with its own "all" or "any".
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Condition(Condition),
    Group(Conditions),
}

/// Items joined by "all" (`$and`) or "any" (`$or`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Conditions {
    pub any: bool,
    pub items: Vec<Item>,
}

/// Where a condition is: its item, and its place in that item's group when it is one.
pub type At = (usize, Option<usize>);

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

impl Condition {
    fn complete(&self) -> bool {
        !self.subject.attribute.is_empty() && (!self.op.takes_value() || !self.value.trim().is_empty())
    }

    fn to_filter(&self, attributes: &[Attribute]) -> Value {
        let kind = self.subject.kind(attributes);
        let operand = match self.op {
            Op::NotEmpty => json!(true),
            Op::In => Value::Array(
                self.value.split(',').map(str::trim).filter(|v| !v.is_empty()).map(|v| typed(kind, v)).collect(),
            ),
            _ => typed(kind, &self.value),
        };
        let ops = json!({ self.op.key(): operand });
        let on = match &self.subject.part {
            Some(part) => json!({ part: ops }),
            None => ops,
        };
        let condition = json!({ &self.subject.attribute: on });
        if self.negated {
            json!({ "$not": condition })
        } else {
            condition
        }
    }

    fn from_filter(v: &Value) -> Option<Self> {
        let (inner, negated) = match v.get("$not") {
            Some(inner) if v.as_object()?.len() == 1 => (inner, true),
            _ => (v, false),
        };
        let (attribute, on) = single(inner)?;
        let (first, rest) = single(on)?;
        let (part, (key, operand)) =
            if first.starts_with('$') { (None, (first, rest)) } else { (Some(first), single(rest)?) };
        let op = Op::from_key(key)?;
        let text = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        };
        let value = match (op, operand) {
            (Op::NotEmpty, Value::Bool(true)) => String::new(),
            (Op::NotEmpty, _) => return None,
            (Op::In, Value::Array(items)) => items.iter().map(text).collect::<Option<Vec<_>>>()?.join(", "),
            (Op::In, _) => return None,
            (_, operand) => text(operand)?,
        };
        let subject = Subject { attribute: attribute.clone(), part: part.cloned() };
        Some(Condition { subject, op, value, negated })
    }

    fn sentence(&self, attributes: &[Attribute]) -> String {
        let (subject, op) = (self.subject.title(attributes), self.op.label(self.negated));
        if self.op.takes_value() {
            format!("{subject} {op} {}", self.value)
        } else {
            format!("{subject} {op}")
        }
    }
}

impl Conditions {
    /// The filter JSON, or `None` when there is no complete condition.
    pub fn to_filter(&self, attributes: &[Attribute]) -> Option<Value> {
        let mut parts: Vec<Value> = self
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Condition(c) => c.complete().then(|| c.to_filter(attributes)),
                Item::Group(group) => group.to_filter(attributes),
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
        Self::parse(filter, true)
    }

    /// `nest`: whether groups may appear (the builder nests one level deep).
    fn parse(filter: &Value, nest: bool) -> Option<Self> {
        let object = filter.as_object()?;
        for (key, any) in [("$and", false), ("$or", true)] {
            if let (Some(Value::Array(items)), 1) = (object.get(key), object.len()) {
                let items = items
                    .iter()
                    .map(|item| match Condition::from_filter(item) {
                        Some(c) => Some(Item::Condition(c)),
                        None if nest => Some(Item::Group(Self::parse(item, false)?)),
                        None => None,
                    })
                    .collect::<Option<Vec<_>>>()?;
                return (!items.is_empty()).then_some(Self { any, items });
            }
        }
        Some(Self { any: false, items: vec![Item::Condition(Condition::from_filter(filter)?)] })
    }

    /// The filter as a sentence per item: "Deal stage is Won", "(Deal value is more than 5
    /// or Deal owner is empty)".
    pub fn sentences(&self, attributes: &[Attribute]) -> Vec<String> {
        self.items
            .iter()
            .map(|item| match item {
                Item::Condition(c) => c.sentence(attributes),
                Item::Group(group) => {
                    let joiner = if group.any { " or " } else { " and " };
                    format!("({})", group.sentences(attributes).join(joiner))
                }
            })
            .collect()
    }

    pub fn condition(&self, (item, inner): At) -> Option<&Condition> {
        match (self.items.get(item)?, inner) {
            (Item::Condition(c), None) => Some(c),
            (Item::Group(g), Some(i)) => match g.items.get(i)? {
                Item::Condition(c) => Some(c),
                Item::Group(_) => None,
            },
            _ => None,
        }
    }

    pub fn condition_mut(&mut self, (item, inner): At) -> Option<&mut Condition> {
        match (self.items.get_mut(item)?, inner) {
            (Item::Condition(c), None) => Some(c),
            (Item::Group(g), Some(i)) => match g.items.get_mut(i)? {
                Item::Condition(c) => Some(c),
                Item::Group(_) => None,
            },
            _ => None,
        }
    }

    /// Removes the condition at `at`, and its group with it when it was the group's last.
    pub fn remove(&mut self, (item, inner): At) {
        match inner {
            None if item < self.items.len() => {
                self.items.remove(item);
            }
            Some(i) => {
                if let Some(Item::Group(g)) = self.items.get_mut(item) {
                    if i < g.items.len() {
                        g.items.remove(i);
                    }
                    if g.items.is_empty() {
                        self.items.remove(item);
                    }
                }
            }
            None => {}
        }
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
const QUIET: &str = "rounded-md px-2 py-1 text-fg-muted hover:bg-raised hover:text-fg";

/// What the builder's rows share.
#[derive(Clone, Copy)]
struct Builder {
    draft: RwSignal<Conditions>,
    attributes: StoredValue<Vec<Attribute>>,
    choices: StoredValue<std::collections::HashMap<String, Vec<String>>>,
}

impl Builder {
    /// A new condition on the first attribute.
    fn blank(&self) -> Option<Condition> {
        self.attributes.with_value(|a| {
            a.first().map(|a| Condition {
                subject: Subject { attribute: a.api_slug.clone(), part: None },
                op: ops_for(a.kind)[0],
                value: String::new(),
                negated: false,
            })
        })
    }

    fn update(&self, at: At, change: impl FnOnce(&mut Condition)) {
        self.draft.update(|d| {
            if let Some(c) = d.condition_mut(at) {
                change(c);
            }
        });
    }
}

/// The "Match all / any" choice of the filter or of one group.
fn match_select(label: &'static str, any: Signal<bool>, set: impl Fn(bool) + 'static) -> impl IntoView {
    view! {
        <select aria-label=label class=CONTROL on:change=move |ev| set(event_target_value(&ev) == "any")>
            <option value="all" selected=move || !any.get()>"all conditions"</option>
            <option value="any" selected=move || any.get()>"any condition"</option>
        </select>
    }
}

/// One condition's row: subject, operator, value, remove.
fn condition_row(builder: Builder, at: At) -> impl IntoView {
    let Builder { draft, attributes, choices } = builder;
    let item = move || draft.with(|d| d.condition(at).cloned());
    let kind = move || item().and_then(|c| attributes.with_value(|a| c.subject.kind(a)));
    let subject_options = attributes.with_value(|a| {
        let current = item().map(|c| c.subject.key()).unwrap_or_default();
        a.iter()
            .flat_map(|a| {
                let whole = (a.api_slug.clone(), a.title.clone());
                let parts = parts_of(a.kind)
                    .iter()
                    .map(|(part, label)| (format!("{}.{part}", a.api_slug), format!("{} {label}", a.title)));
                std::iter::once(whole).chain(parts).collect::<Vec<_>>()
            })
            .map(|(key, title)| {
                let selected = key == current;
                view! { <option value=key selected=selected>{title}</option> }
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
            .filter(|(op, negated)| !*negated || op.negatable())
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
        let options = match current.subject.part {
            None => choices.with_value(|c| c.get(&current.subject.attribute).cloned()),
            Some(_) => None,
        };
        let set = move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            builder.update(at, |c| c.value = value);
        };
        let many = current.op == Op::In;
        Some(match (options, kind()) {
            (Some(options), _) if !many => view! {
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
            (options, kind) => {
                let input_type = match kind {
                    _ if many => "text",
                    Some(AttributeType::Number | AttributeType::Currency | AttributeType::Rating) => "number",
                    Some(AttributeType::Date) => "date",
                    _ => "text",
                };
                // A list's hint names the choices when there are some.
                let placeholder = match (many, options) {
                    (true, Some(options)) => options.into_iter().take(3).collect::<Vec<_>>().join(", "),
                    (true, None) => "One, another, …".to_owned(),
                    (false, _) => String::new(),
                };
                view! {
                    <input
                        aria-label="Value"
                        type=input_type
                        placeholder=placeholder
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
                    let subject = Subject::from_key(&event_target_value(&ev));
                    let kind = attributes.with_value(|a| subject.kind(a));
                    builder.update(at, |c| {
                        c.subject = subject;
                        c.op = kind.map_or(Op::NotEmpty, |k| ops_for(k)[0]);
                        c.negated = false;
                        c.value.clear();
                    });
                }
            >
                {subject_options}
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
                    if let Some(op) = Op::from_key(&key) {
                        builder.update(at, |c| {
                            c.op = op;
                            c.negated = negated;
                        });
                    }
                }
            >
                {op_options}
            </select>
            {value_input}
            <button
                type="button"
                aria-label="Remove condition"
                class=format!("{QUIET} ml-auto")
                on:click=move |_| draft.update(|d| d.remove(at))
            >
                "×"
            </button>
        </li>
    }
}

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
    let builder = Builder { draft, attributes: StoredValue::new(filterable), choices: StoredValue::new(choices) };

    let apply = move |_| {
        let filter = builder.attributes.with_value(|a| draft.get_untracked().to_filter(a));
        open.set(false);
        on_apply.run(filter);
    };
    let clear = move |_| {
        draft.set(Conditions::default());
        open.set(false);
        on_apply.run(None);
    };
    let add = move |group: Option<usize>| {
        let Some(blank) = builder.blank() else { return };
        draft.update(|d| match group.and_then(|g| d.items.get_mut(g)) {
            Some(Item::Group(g)) => g.items.push(Item::Condition(blank)),
            _ => d.items.push(Item::Condition(blank)),
        });
    };
    let add_group = move |_| {
        let Some(blank) = builder.blank() else { return };
        draft.update(|d| d.items.push(Item::Group(Conditions { any: true, items: vec![Item::Condition(blank)] })));
    };

    // Rebuilt when an item is added or removed; a row's own edits re-render only the row.
    let shape = Memo::new(move |_| {
        draft.with(|d| {
            d.items
                .iter()
                .map(|item| match item {
                    Item::Condition(_) => None,
                    Item::Group(g) => Some(g.items.len()),
                })
                .collect::<Vec<_>>()
        })
    });
    let rows = move || {
        shape
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, group)| match group {
                None => condition_row(builder, (index, None)).into_any(),
                Some(len) => {
                    let any = Signal::derive(move || {
                        draft.with(|d| matches!(d.items.get(index), Some(Item::Group(g)) if g.any))
                    });
                    let set_any = move |any: bool| {
                        draft.update(|d| {
                            if let Some(Item::Group(g)) = d.items.get_mut(index) {
                                g.any = any;
                            }
                        })
                    };
                    let inner = (0..len).map(|i| condition_row(builder, (index, Some(i)))).collect_view();
                    view! {
                        <li>
                            <div role="group" aria-label="Condition group" class="rounded-md border border-line bg-panel p-2">
                                <div class="mb-2 flex items-center gap-2 text-fg-subtle">
                                    "Match" {match_select("Group match", any, set_any)}
                                </div>
                                <ul class="space-y-2">{inner}</ul>
                                <button type="button" class=format!("{QUIET} mt-2") on:click=move |_| add(Some(index))>
                                    "+ Add condition to group"
                                </button>
                            </div>
                        </li>
                    }
                    .into_any()
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
    let any = Signal::derive(move || draft.with(|d| d.any));
    view! {
        <div class="relative flex min-h-11 flex-1 flex-wrap items-center gap-2 px-4 py-2">
            <button
                type="button"
                aria-expanded=move || open.get().to_string()
                aria-controls="filter-builder"
                class="rounded-md border border-line px-2.5 py-1 text-fg-muted hover:bg-raised hover:text-fg"
                on:click=move |_| {
                    if !open.get_untracked() && draft.with_untracked(|d| d.items.is_empty()) {
                        add(None);
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
                    class="absolute top-full left-4 z-40 mt-1 w-[44rem] max-w-[calc(100vw-2rem)] rounded-lg border border-line bg-canvas p-3 shadow-lg"
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Escape" {
                            open.set(false);
                        }
                    }
                >
                    <div class="mb-2 flex items-center gap-2 text-fg-subtle">
                        "Match" {match_select("Match", any, move |any| draft.update(|d| d.any = any))}
                    </div>
                    <ul class="space-y-2">{rows}</ul>
                    <div class="mt-3 flex items-center gap-2">
                        <button type="button" class=QUIET on:click=move |_| add(None)>
                            "+ Add condition"
                        </button>
                        <button type="button" class=QUIET on:click=add_group>
                            "+ Add group"
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

    fn condition(attribute: &str, op: Op, value: &str, negated: bool) -> Item {
        Item::Condition(Condition { subject: Subject::from_key(attribute), op, value: value.into(), negated })
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
    fn builds_lists_parts_and_groups() {
        let nested = Conditions {
            any: false,
            items: vec![
                condition("stage", Op::In, "Won, Lost", false),
                Item::Group(Conditions {
                    any: true,
                    items: vec![
                        condition("name.first_name", Op::StartsWith, "Ann", false),
                        condition("email_addresses.email_domain", Op::Is, "acme.com", false),
                    ],
                }),
            ],
        };
        let filter = json!({"$and": [
            {"stage": {"$in": ["Won", "Lost"]}},
            {"$or": [
                {"name": {"first_name": {"$starts_with": "Ann"}}},
                {"email_addresses": {"email_domain": {"$eq": "acme.com"}}}
            ]}
        ]});
        assert_eq!(nested.to_filter(&[]), Some(filter.clone()));
        assert_eq!(Conditions::from_filter(&filter), Some(nested.clone()));
        assert_eq!(
            nested.sentences(&[]),
            [
                "stage is any of Won, Lost",
                "(name first_name starts with Ann or email_addresses email_domain is acme.com)"
            ]
        );
    }

    #[test]
    fn reads_back_what_it_builds_and_nothing_else() {
        let built = json!({"$and": [{"stage": {"$eq": "Won"}}, {"$not": {"name": {"$starts_with": "A"}}}]});
        let parsed = Conditions::from_filter(&built).unwrap();
        assert_eq!(parsed.items[1], condition("name", Op::StartsWith, "A", true));
        assert_eq!(parsed.to_filter(&[]), Some(built));
        assert_eq!(Conditions::from_filter(&json!({"stage": "Won"})), None);
        assert_eq!(Conditions::from_filter(&json!({"$and": [{"$or": []}]})), None);
        // Groups nest one level deep in the builder.
        let deep = json!({"$and": [{"$or": [{"$and": [{"a": {"$eq": 1}}]}]}]});
        assert_eq!(Conditions::from_filter(&deep), None);
    }

    #[test]
    fn removing_a_groups_last_condition_removes_the_group() {
        let mut c = Conditions {
            any: false,
            items: vec![
                condition("a", Op::Is, "1", false),
                Item::Group(Conditions { any: true, items: vec![condition("b", Op::Is, "2", false)] }),
            ],
        };
        assert!(c.condition((1, Some(0))).is_some());
        c.remove((1, Some(0)));
        assert_eq!(c.items.len(), 1);
        c.remove((0, None));
        assert!(c.items.is_empty());
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
        assert!(ops_for(AttributeType::Status).contains(&Op::In));
        assert_eq!(ops_for(AttributeType::RecordReference), &[Op::NotEmpty]);
        assert!(parts_of(AttributeType::PersonalName).iter().any(|(p, _)| *p == "first_name"));
    }
}
