//! The lists the record is in, each entry with its list's own attributes edited in place,
//! and adding the record to another list of its object.

use super::details::{EntryState, Holder, RecordState, ValueRow};
use crate::components::ui::FIELD;
use crate::functions::{add_to_list, EntryCard, ListChoice};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Lists(state: RecordState, entries: RwSignal<Vec<EntryCard>>, lists: Vec<ListChoice>) -> impl IntoView {
    let lists = StoredValue::new(lists);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let add = move |ev: leptos::ev::Event| {
        let list = event_target_value(&ev);
        if list.is_empty() {
            return;
        }
        busy.set(true);
        let (object, record) = (state.object.get_value(), state.record.with_untracked(|r| r.id.record_id.to_string()));
        spawn_local(async move {
            match add_to_list(list, object, record).await {
                Ok(card) => {
                    // Someone's change may have read the page again, this entry included.
                    entries.update(|all| {
                        if !all.iter().any(|c| c.entry.id == card.entry.id) {
                            all.push(card);
                        }
                    });
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    // Lists the record is not in yet.
    let addable = move || {
        let taken: Vec<String> = entries.with(|e| e.iter().map(|c| c.list.clone()).collect());
        lists.with_value(|l| l.iter().filter(|l| !taken.contains(&l.slug)).cloned().collect::<Vec<_>>())
    };
    // A card is kept while its entry's values are unchanged, so a page read again because
    // of someone's change leaves an open editor where it is.
    let card_key = |card: &EntryCard| {
        let values = serde_json::to_string(&card.entry.entry_values).unwrap_or_default();
        (card.entry.id.entry_id.to_string(), values)
    };
    let card = move |card: EntryCard| {
        let EntryCard { list, list_name, entry, attributes, choices } = card;
        let holder = Holder::Entry(EntryState { list: StoredValue::new(list), entry: RwSignal::new(entry) });
        let rows = attributes
            .into_iter()
            .map(|attribute| {
                let choices = choices.get(&attribute.api_slug).cloned().unwrap_or_default();
                view! { <ValueRow state=state holder=holder attribute=attribute choices=choices /> }
            })
            .collect_view();
        view! {
            <li class="mx-4 rounded-lg border border-line bg-canvas py-1">
                <h3 class="px-4 py-1.5 font-medium text-fg">{list_name}</h3>
                <dl>{rows}</dl>
            </li>
        }
    };
    view! {
        <section aria-labelledby="lists-heading" class="border-t border-line py-4">
            <h2 id="lists-heading" class="px-4 pb-2 text-xs font-medium text-fg-subtle uppercase">"Lists"</h2>
            <Show
                when=move || entries.with(|e| !e.is_empty())
                fallback=|| view! { <p class="px-4 text-fg-subtle">"In no list yet."</p> }
            >
                <ul class="space-y-2">
                    <For each=move || entries.get() key=card_key children=card />
                </ul>
            </Show>
            {move || error.get().map(|m| view! { <p role="alert" class="mx-4 mt-2 text-xs text-danger">{m}</p> })}
            {move || {
                let choices = addable();
                (!choices.is_empty())
                    .then(|| {
                        let options = choices
                            .into_iter()
                            .map(|l| view! { <option value=l.slug>{l.name}</option> })
                            .collect_view();
                        view! {
                            <div class="px-4 pt-3">
                                <select
                                    aria-label="Add to list"
                                    class=format!("{FIELD} w-full text-fg-muted")
                                    disabled=move || busy.get()
                                    prop:value=""
                                    on:change=add
                                >
                                    <option value="">"+ Add to list…"</option>
                                    {options}
                                </select>
                            </div>
                        }
                    })
            }}
        </section>
    }
}
