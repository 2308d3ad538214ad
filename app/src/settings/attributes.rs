//! `/settings/objects/:slug` and `/settings/lists/:slug`: an object's or a list's attributes,
//! archived ones too: create one of any of the 17 types with the configuration its type takes,
//! rename, archive and restore; an object's nouns; and the options and statuses of each select
//! and status attribute (`choices`).

use super::choices::Choices;
use super::{SettingsFrame, SluggedName};
use crate::components::dialog::Dialog;
use crate::components::error_notice::ErrorNotice;
use crate::components::ui::{BUTTON, BUTTON_PRIMARY, FIELD};
use crate::functions::{
    change_attribute, create_attribute, load_attribute_settings, rename_object, AttributeChange, AttributeSettings,
    NewAttributeForm,
};
use crate::layouts::app_shell::WorkspaceResource;
use crate::table::source::Source;
use crate::values::display::type_label;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use model::wire::Attribute;
use model::AttributeType;

#[component]
pub fn AttributesPage(source: Signal<Source>) -> impl IntoView {
    let settings = Resource::new(move || source.get(), load_attribute_settings);
    let WorkspaceResource(workspace) = expect_context();
    // Names show in the sidebar and the tables too.
    let changed = Callback::new(move |_: ()| {
        settings.refetch();
        workspace.refetch();
    });
    let body = move || {
        Suspend::new(async move {
            match settings.await {
                Ok(settings) => {
                    let source = source.get_untracked();
                    let title = settings.title.clone();
                    view! {
                        <Title text=format!("{title} · Settings") />
                        <SettingsFrame trail=vec![("Settings".into(), "/settings".into())] title=title>
                            <Editor source=source settings=settings changed=changed />
                        </SettingsFrame>
                    }
                    .into_any()
                }
                Err(error) => view! { <ErrorNotice error=error /> }.into_any(),
            }
        })
    };
    view! { <Transition fallback=|| view! { <p class="p-6 text-fg-faint">"Loading…"</p> }>{body}</Transition> }
}

#[component]
fn Editor(source: Source, settings: AttributeSettings, changed: Callback<()>) -> impl IntoView {
    let AttributeSettings { attributes, mut choices, objects, .. } = settings;
    let nouns = match &source {
        Source::Object(slug) => Some(view! { <Nouns object=slug.clone() changed=changed /> }),
        Source::List(_) => None,
    };
    let choice_editors = attributes
        .iter()
        .filter(|a| matches!(a.kind, AttributeType::Status | AttributeType::Select) && !a.is_archived)
        .map(|a| {
            let list = choices.remove(&a.api_slug).unwrap_or_default();
            view! { <Choices source=source.clone() attribute=a.clone() choices=list changed=changed /> }
        })
        .collect_view();
    let rows = attributes
        .into_iter()
        .map(|attribute| view! { <Row source=source.clone() attribute=attribute changed=changed /> })
        .collect_view();
    view! {
        {nouns}
        <section aria-labelledby="attributes-heading" class="mt-6">
            <div class="flex items-center">
                <h2 id="attributes-heading" class="text-sm font-semibold text-fg">"Attributes"</h2>
                <div class="ml-auto">
                    <NewAttribute source=source objects=objects changed=changed />
                </div>
            </div>
            <table class="mt-2 w-full overflow-hidden rounded-lg border border-line text-left">
                <thead class="bg-panel text-xs text-fg-subtle">
                    <tr>
                        <th scope="col" class="px-4 py-2 font-medium">"Attribute"</th>
                        <th scope="col" class="px-4 py-2 font-medium">"Type"</th>
                        <th scope="col" class="px-4 py-2 font-medium">"Rules"</th>
                        <th scope="col" class="px-4 py-2 font-medium">
                            <span class="sr-only">"Actions"</span>
                        </th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-line">{rows}</tbody>
            </table>
        </section>
        {choice_editors}
    }
}

/// One attribute: renamed in place, archived and restored.
#[component]
fn Row(source: Source, attribute: Attribute, changed: Callback<()>) -> impl IntoView {
    let (label, glyph) = type_label(attribute.kind);
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(attribute.title.clone());
    let error = RwSignal::new(None::<String>);
    let target = StoredValue::new((source, attribute.api_slug.clone()));
    let save = move |change: AttributeChange| {
        let (source, slug) = target.get_value();
        spawn_local(async move {
            match change_attribute(source, slug, change).await {
                Ok(_) => changed.run(()),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let rules = [
        attribute.is_required.then_some("Required"),
        attribute.is_unique.then_some("Unique"),
        attribute.is_multiselect.then_some("Several values"),
        attribute.is_system_attribute.then_some("System"),
    ]
    .into_iter()
    .flatten()
    .map(|rule| view! { <span class="rounded-full bg-raised px-1.5 py-0.5 text-xs text-fg-muted">{rule}</span> })
    .collect_view();
    let (title, archived, system) = (attribute.title.clone(), attribute.is_archived, attribute.is_system_attribute);
    let name = move || {
        if editing.get() {
            view! {
                <input
                    class=format!("{FIELD} w-full py-1")
                    aria-label=format!("New name of {title}")
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
                        "Enter" => {
                            editing.set(false);
                            save(AttributeChange { title: Some(draft.get_untracked()), ..Default::default() });
                        }
                        "Escape" => editing.set(false),
                        _ => {}
                    }
                    autofocus
                />
            }
            .into_any()
        } else {
            view! { <span class="font-medium text-fg">{title.clone()}</span> }.into_any()
        }
    };
    let actions = (!system).then(|| {
        let rename_label = format!("Rename {}", attribute.title);
        let archive_label = format!("{} {}", if archived { "Restore" } else { "Archive" }, attribute.title);
        view! {
            <button type="button" class=BUTTON aria-label=rename_label on:click=move |_| editing.set(true)>
                "Rename"
            </button>
            <button
                type="button"
                class=BUTTON
                aria-label=archive_label
                on:click=move |_| save(AttributeChange { is_archived: Some(!archived), ..Default::default() })
            >
                {if archived { "Restore" } else { "Archive" }}
            </button>
        }
    });
    let row_class = if archived { "opacity-60" } else { "" };
    view! {
        <tr class=row_class>
            <td class="px-4 py-2">
                <div class="flex items-center gap-2">
                    <span aria-hidden="true" class="grid size-6 shrink-0 place-items-center rounded bg-raised text-xs text-fg-muted">
                        {glyph}
                    </span>
                    <div class="min-w-0 flex-1">
                        {name}
                        <div class="font-mono text-xs text-fg-subtle">
                            {attribute.api_slug.clone()}
                            {archived.then_some(" · archived")}
                        </div>
                        <p role="alert" class="text-xs text-danger empty:hidden">{move || error.get()}</p>
                    </div>
                </div>
            </td>
            <td class="px-4 py-2 text-fg-muted">{label}</td>
            <td class="px-4 py-2">
                <div class="flex flex-wrap gap-1">{rules}</div>
            </td>
            <td class="px-4 py-2">
                <div class="flex justify-end gap-1.5">{actions}</div>
            </td>
        </tr>
    }
}

/// An object's singular and plural nouns.
#[component]
fn Nouns(object: String, changed: Callback<()>) -> impl IntoView {
    let WorkspaceResource(workspace) = expect_context();
    let current = workspace
        .get_untracked()
        .and_then(Result::ok)
        .and_then(|w| w.objects.into_iter().find(|o| o.api_slug == object))
        .map(|o| (o.singular_noun, o.plural_noun))
        .unwrap_or_default();
    let (singular, plural) = (RwSignal::new(current.0), RwSignal::new(current.1));
    let error = RwSignal::new(None::<String>);
    let object = StoredValue::new(object);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (s, p) = (singular.get_untracked(), plural.get_untracked());
        spawn_local(async move {
            match rename_object(object.get_value(), s, p).await {
                Ok(_) => {
                    error.set(None);
                    changed.run(());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form class="mt-4 flex flex-wrap items-end gap-3" on:submit=submit aria-label="Names">
            <label class="text-xs font-medium text-fg-subtle">
                "Singular noun"
                <input class=format!("{FIELD} mt-1 block w-48") required bind:value=singular />
            </label>
            <label class="text-xs font-medium text-fg-subtle">
                "Plural noun"
                <input class=format!("{FIELD} mt-1 block w-48") required bind:value=plural />
            </label>
            <button type="submit" class=BUTTON>
                "Save names"
            </button>
            <p role="alert" class="w-full text-sm text-danger empty:hidden">{move || error.get()}</p>
        </form>
    }
}

/// "+ New attribute": title and slug, type, rules, and what the type needs configured.
#[component]
fn NewAttribute(source: Source, objects: Vec<(String, String)>, changed: Callback<()>) -> impl IntoView {
    let open = RwSignal::new(false);
    let title = RwSignal::new(String::new());
    let slug = RwSignal::new(String::new());
    let kind = RwSignal::new(AttributeType::Text);
    let description = RwSignal::new(String::new());
    let (required, unique, several) = (RwSignal::new(false), RwSignal::new(false), RwSignal::new(false));
    let currency = RwSignal::new("USD".to_owned());
    let first_object = objects.first().map(|(slug, _)| slug.clone()).unwrap_or_default();
    let target_object = RwSignal::new(first_object);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let source = StoredValue::new(source);
    let reset = move || {
        for field in [title, slug, description] {
            field.set(String::new());
        }
        for flag in [required, unique, several] {
            flag.set(false);
        }
        kind.set(AttributeType::Text);
        error.set(None);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let kind = kind.get_untracked();
        let text = description.get_untracked();
        let form = NewAttributeForm {
            title: title.get_untracked(),
            api_slug: slug.get_untracked(),
            kind,
            description: (!text.trim().is_empty()).then_some(text),
            is_required: required.get_untracked(),
            is_unique: unique.get_untracked(),
            is_multiselect: takes_several(kind) && several.get_untracked(),
            currency_code: (kind == AttributeType::Currency).then(|| currency.get_untracked()),
            target_object: (kind == AttributeType::RecordReference).then(|| target_object.get_untracked()),
        };
        busy.set(true);
        spawn_local(async move {
            let result = create_attribute(source.get_value(), form).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    open.set(false);
                    reset();
                    changed.run(());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let types = || {
        AttributeType::ALL
            .into_iter()
            .map(|t| view! { <option value=t.as_str()>{type_label(t).0}</option> })
            .collect_view()
    };
    let targets = StoredValue::new(objects);
    let target_options = move || {
        targets.with_value(|objects| {
            objects
                .iter()
                .map(|(slug, plural)| view! { <option value=slug.clone()>{plural.clone()}</option> })
                .collect_view()
        })
    };
    let check = |label: &'static str, flag: RwSignal<bool>| {
        view! {
            <label class="flex items-center gap-2 text-sm text-fg">
                <input type="checkbox" class="size-4 accent-accent" bind:checked=flag />
                {label}
            </label>
        }
    };
    view! {
        <button type="button" class=BUTTON_PRIMARY on:click=move |_| open.set(true)>
            "+ New attribute"
        </button>
        <Dialog open=open title="New attribute".into()>
            <form class="mt-3 space-y-3" on:submit=submit>
                <div class="grid grid-cols-2 gap-3">
                    <SluggedName name_label="Name" placeholder="Amount" slug_label="Slug" name=title slug=slug />
                </div>
                <label class="block text-xs font-medium text-fg-subtle">
                    "Type"
                    <select
                        class=format!("{FIELD} mt-1 block w-full")
                        on:change=move |ev| kind.set(AttributeType::parse(&event_target_value(&ev)).unwrap_or(AttributeType::Text))
                        prop:value=move || kind.get().as_str()
                    >
                        {types()}
                    </select>
                </label>
                <Show when=move || kind.get() == AttributeType::Currency>
                    <label class="block text-xs font-medium text-fg-subtle">
                        "Currency (ISO code)"
                        <input class=format!("{FIELD} mt-1 block w-32 font-mono uppercase") maxlength="3" bind:value=currency />
                    </label>
                </Show>
                <Show when=move || kind.get() == AttributeType::RecordReference>
                    <label class="block text-xs font-medium text-fg-subtle">
                        "Points at"
                        <select class=format!("{FIELD} mt-1 block w-full") bind:value=target_object>
                            {target_options}
                        </select>
                    </label>
                </Show>
                <label class="block text-xs font-medium text-fg-subtle">
                    "Description"
                    <input class=format!("{FIELD} mt-1 block w-full") bind:value=description />
                </label>
                <div class="flex flex-wrap gap-4">
                    {check("Required", required)}
                    {check("Unique", unique)}
                    <Show when=move || takes_several(kind.get())>{check("Several values", several)}</Show>
                </div>
                <p role="alert" class="text-sm text-danger empty:hidden">{move || error.get()}</p>
                <div class="flex justify-end gap-2 pt-1">
                    <button type="button" class=BUTTON on:click=move |_| open.set(false)>
                        "Cancel"
                    </button>
                    <button type="submit" class=BUTTON_PRIMARY disabled=move || busy.get()>
                        "Create attribute"
                    </button>
                </div>
            </form>
        </Dialog>
    }
}

/// The types whose attributes may hold several values.
fn takes_several(kind: AttributeType) -> bool {
    matches!(kind, AttributeType::Select | AttributeType::RecordReference)
}
