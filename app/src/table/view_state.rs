//! What a table shows, as the URL says it: the sorts (`?sort=value:desc,name`), the filter
//! (`?filter=`, a filter of Attio's query language as JSON) and the columns with their widths
//! (`?cols=name:280,stage,value`), the saved view it was opened from (`?view=ID`), and, for a
//! board, the attribute it groups by (`?board=stage`). It maps
//! one-to-one onto a query body and a saved view's configuration, so a link, a reload or a
//! saved view reproduces the table, and the server renders it before any wasm has loaded.

use model::query::{Direction, Sort};
use model::wire::{ViewColumn, ViewConfig};
use serde_json::Value;

/// One sort: an attribute slug and its direction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortKey {
    pub attribute: String,
    pub descending: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ViewState {
    /// In order of precedence; empty keeps the server's default order (creation).
    pub sorts: Vec<SortKey>,
    /// The filter as JSON text, as the query body takes it.
    pub filter: Option<String>,
    /// The columns chosen, in order; `None` shows the object's default columns.
    pub columns: Option<Vec<ViewColumn>>,
    /// The saved view this state was opened from, by id; kept while the user changes the
    /// rest, so the changes can be saved to it.
    pub saved: Option<String>,
    /// Shown as a board grouped by this status or select attribute (`?board=stage`), rather
    /// than as a table.
    pub board: Option<String>,
}

impl ViewState {
    pub fn from_query(sort: Option<String>, filter: Option<String>, cols: Option<String>) -> Self {
        let filter = filter.filter(|f| serde_json::from_str::<Value>(f).is_ok_and(|v| !v.is_null()));
        Self {
            sorts: sort.as_deref().map(parse_sorts).unwrap_or_default(),
            filter,
            columns: cols.as_deref().map(parse_columns).filter(|c| !c.is_empty()),
            saved: None,
            board: None,
        }
    }

    /// The same state, shown as a board grouped by `attribute` (none: a table).
    pub fn on_board(self, attribute: Option<String>) -> Self {
        Self { board: attribute.filter(|a| !a.is_empty()), ..self }
    }

    /// The same state, as opened from saved view `id`.
    pub fn in_view(self, id: Option<String>) -> Self {
        Self { saved: id.filter(|id| !id.is_empty()), ..self }
    }

    /// The view a saved view's configuration describes.
    pub fn from_config(config: &ViewConfig) -> Self {
        Self {
            sorts: config
                .sorts
                .iter()
                .filter_map(|s| {
                    Some(SortKey { attribute: s.attribute.clone()?, descending: s.direction == Direction::Desc })
                })
                .collect(),
            filter: config.filter.as_ref().map(Value::to_string),
            columns: (!config.columns.is_empty()).then(|| config.columns.clone()),
            saved: None,
            board: config.group_by.clone(),
        }
    }

    /// The saved view configuration of this view.
    pub fn to_config(&self) -> ViewConfig {
        ViewConfig {
            filter: self.filter_value(),
            sorts: self.query_sorts(),
            columns: self.columns.clone().unwrap_or_default(),
            group_by: self.board.clone(),
        }
    }

    /// The sorts as a query body takes them.
    pub fn query_sorts(&self) -> Vec<Sort> {
        self.sorts
            .iter()
            .map(|s| Sort {
                direction: if s.descending { Direction::Desc } else { Direction::Asc },
                attribute: Some(s.attribute.clone()),
                path: None,
                field: None,
            })
            .collect()
    }

    /// The filter, parsed.
    pub fn filter_value(&self) -> Option<Value> {
        self.filter.as_deref().and_then(|f| serde_json::from_str(f).ok())
    }

    /// The sorts as the address writes them: `value:desc,name`.
    pub fn sort_param(&self) -> String {
        self.sorts
            .iter()
            .map(|s| if s.descending { format!("{}:desc", s.attribute) } else { s.attribute.clone() })
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The address of table `path` (`/objects/deals`, `/lists/pipeline`) with this state.
    pub fn href(&self, path: &str) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(id) = &self.saved {
            query.append_pair("view", id);
        }
        if let Some(attribute) = &self.board {
            query.append_pair("board", attribute);
        }
        if !self.sorts.is_empty() {
            query.append_pair("sort", &self.sort_param());
        }
        if let Some(filter) = &self.filter {
            query.append_pair("filter", filter);
        }
        if let Some(columns) = &self.columns {
            let cols: Vec<String> = columns
                .iter()
                .map(|c| match c.width {
                    Some(width) => format!("{}:{width}", c.attribute),
                    None => c.attribute.clone(),
                })
                .collect();
            query.append_pair("cols", &cols.join(","));
        }
        let query = query.finish();
        if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        }
    }

    /// Where `attribute` stands among the sorts, and its direction.
    pub fn sort_of(&self, attribute: &str) -> Option<(usize, bool)> {
        self.sorts.iter().position(|s| s.attribute == attribute).map(|i| (i, self.sorts[i].descending))
    }

    /// The view after a click on `attribute`'s header: the only sort, ascending, or the other
    /// direction when it already is the first. With `add` (shift-click) it is added after
    /// the others, or turned round where it stands.
    pub fn sorted_by(&self, attribute: &str, add: bool) -> Self {
        let mut sorts = if add { self.sorts.clone() } else { Vec::new() };
        match (add, self.sort_of(attribute)) {
            (true, Some((i, descending))) => sorts[i].descending = !descending,
            (false, Some((0, descending))) => {
                sorts.push(SortKey { attribute: attribute.to_owned(), descending: !descending })
            }
            _ => sorts.push(SortKey { attribute: attribute.to_owned(), descending: false }),
        }
        Self { sorts, ..self.clone() }
    }

    /// The same view with other sorts.
    pub fn with_sorts(&self, sorts: Vec<SortKey>) -> Self {
        Self { sorts, ..self.clone() }
    }

    /// The same view with another filter.
    pub fn filtered(&self, filter: Option<Value>) -> Self {
        Self { filter: filter.map(|f| f.to_string()), ..self.clone() }
    }

    /// The same view with other columns.
    pub fn with_columns(&self, columns: Vec<ViewColumn>) -> Self {
        Self { columns: Some(columns), ..self.clone() }
    }
}

fn parse_sorts(text: &str) -> Vec<SortKey> {
    let mut sorts: Vec<SortKey> = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (attribute, descending) = match part.split_once(':') {
            Some((attribute, dir)) => (attribute, dir == "desc"),
            None => (part, false),
        };
        if !sorts.iter().any(|s| s.attribute == attribute) {
            sorts.push(SortKey { attribute: attribute.to_owned(), descending });
        }
    }
    sorts
}

/// Widths are kept within what a reader can use.
pub const MIN_WIDTH: u32 = 80;
pub const MAX_WIDTH: u32 = 800;

fn parse_columns(text: &str) -> Vec<ViewColumn> {
    let mut columns: Vec<ViewColumn> = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (attribute, width) = match part.split_once(':') {
            Some((attribute, width)) => (attribute, width.parse::<u32>().ok().map(|w| w.clamp(MIN_WIDTH, MAX_WIDTH))),
            None => (part, None),
        };
        if !columns.iter().any(|c| c.attribute == attribute) {
            columns.push(ViewColumn { attribute: attribute.to_owned(), width });
        }
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn query_of(href: &str) -> ViewState {
        let query: Vec<(String, String)> =
            form_urlencoded::parse(href.split_once('?').map_or("", |(_, q)| q).as_bytes()).into_owned().collect();
        let get = |k: &str| query.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        ViewState::from_query(get("sort"), get("filter"), get("cols"))
    }

    #[test]
    fn a_saved_view_stays_named_in_the_address_while_it_changes() {
        let view = ViewState::default()
            .in_view(Some("v1".into()))
            .with_sorts(vec![SortKey { attribute: "name".into(), descending: false }]);
        assert_eq!(view.href("/objects/deals"), "/objects/deals?view=v1&sort=name");
        assert_eq!(ViewState::default().in_view(Some(String::new())).saved, None);
    }

    #[test]
    fn round_trips_through_the_address() {
        let view = ViewState::from_query(Some("value:desc,name".into()), None, Some("name:300,stage".into()))
            .filtered(Some(json!({"stage": {"$eq": "Won"}})));
        let href = view.href("/objects/deals");
        assert!(href.starts_with("/objects/deals?sort=value%3Adesc%2Cname&filter="), "{href}");
        assert_eq!(query_of(&href), view);
        assert_eq!(view.columns.as_ref().unwrap()[0], ViewColumn { attribute: "name".into(), width: Some(300) });
    }

    #[test]
    fn round_trips_through_a_saved_view() {
        let view =
            ViewState::from_query(Some("value:desc,name".into()), Some(r#"{"a":1}"#.into()), Some("name".into()));
        assert_eq!(ViewState::from_config(&view.to_config()), view);
    }

    #[test]
    fn clicking_sorts_and_shift_clicking_adds_a_sort() {
        let view = ViewState::default().filtered(Some(json!({"name": {"$contains": "a"}})));
        let asc = view.sorted_by("value", false);
        assert_eq!(asc.sort_param(), "value");
        assert_eq!(asc.filter, view.filter);
        assert_eq!(asc.sorted_by("value", false).sort_param(), "value:desc");
        assert_eq!(asc.sorted_by("name", false).sort_param(), "name");
        let two = asc.sorted_by("name", true);
        assert_eq!(two.sort_param(), "value,name");
        assert_eq!(two.sorted_by("name", true).sort_param(), "value,name:desc");
        assert_eq!(ViewState::default().href("/objects/deals"), "/objects/deals");
    }

    #[test]
    fn bad_parts_of_the_address_are_ignored() {
        let view =
            ViewState::from_query(Some(",value,value:desc".into()), Some("{nope".into()), Some("a:5,b:x,a".into()));
        assert_eq!(view.filter, None);
        assert_eq!(view.sort_param(), "value");
        let columns = view.columns.unwrap();
        assert_eq!(columns.len(), 2);
        assert_eq!(columns[0].width, Some(MIN_WIDTH));
        assert_eq!(columns[1].width, None);
    }
}
